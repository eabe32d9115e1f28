/**
 * The Node major Gongkai runs on: 24, the active LTS (Node 20 reached end of life on 2026-04-30 and gets no security
 * fixes). `.node-version` pins the exact release that scripts/node.sh brings into .tools/ on older machines.
 */
export const NODE_MAJOR = 24;

/** The one line an entry point prints, and exits on, when started by an older Node; undefined when it may run. */
export function nodeTooOld(version: string = process.versions.node): string | undefined {
  if (Number(version.split('.')[0]) >= NODE_MAJOR) return undefined;
  return `Gongkai 需要 Node ${NODE_MAJOR} 或更高版本（当前为 v${version}）。请运行 ./scripts/start.sh：它会把 Node ${NODE_MAJOR} 放入 .tools/node 并用它启动。`;
}

/** Imported first by every entry point, so that nothing else (a native module compiled for Node 24) loads before it. */
export function requireSupportedNode(): void {
  const problem = nodeTooOld();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
