import * as fs from 'node:fs';
import * as path from 'node:path';

/** The console app's sources (Vite root) and where its build goes (git-ignored, like the Temporal binaries). */
export const consoleRoot = path.resolve(__dirname, 'console');
export const consoleOutDir = path.resolve(__dirname, '../.tools/console');
/** The app reads the dictionary and the outcome list from domain/: a change there needs a new build too. */
const sourceDirs = [consoleRoot, path.resolve(__dirname, '../domain')];
/** Where the app is served: the site's root, so an address such as /applications/X is the app's page. */
export const CONSOLE_BASE = '/';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when there is no build, or a source file changed after it was made. */
export function consoleBuildStale(): boolean {
  const index = path.join(consoleOutDir, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return fs.statSync(__filename).mtimeMs > built || sourceDirs.some((d) => newestMtime(d) > built);
}

/**
 * Builds the app with Vite under the URL prefix it is served at. antd marks every module "use client", which
 * a non-RSC build ignores with one warning per module: those are dropped, every other warning is printed.
 */
export async function buildConsole(base = CONSOLE_BASE): Promise<void> {
  // Vite's types need the bundler module resolution, which the server's CommonJS build does not use.
  const { build } = (await import('vite' as string)) as { build: (config: Record<string, unknown>) => Promise<unknown> };
  // Vite takes React's build from NODE_ENV, which jest sets to "test": that would ship React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await runBuild(build, base);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function runBuild(build: (config: Record<string, unknown>) => Promise<unknown>, base: string): Promise<void> {
  await build({
    mode: 'production',
    root: consoleRoot,
    base,
    logLevel: 'warn',
    configFile: false,
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir: consoleOutDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 2000,
      rolldownOptions: {
        onwarn(warning: { code?: string }, warn: (w: unknown) => void) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  });
}

/** Builds the app when it is missing or older than its sources; says so in one line. */
export async function ensureConsoleBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (!consoleBuildStale()) return;
  log('building the console app (client/console) ...');
  await buildConsole();
}
