# Sourced by the README's commands: puts Node 24 (the active LTS Gongkai targets) first on PATH. The machine's own
# Node is used when it is new enough; otherwise the official binary, published on the npm registry as
# node-linux-<arch>, is unpacked into .tools/node once (like a Maven wrapper's runtime). The system's Node is never
# replaced. Native modules then compile against its headers (npm_config_nodedir), since nothing else is downloadable.
gk_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gk_want=$(cat "$gk_root/.node-version")
gk_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(gk_major node)" -lt "${gk_want%%.*}" ]; then
  gk_node="$gk_root/.tools/node"
  if [ "$("$gk_node/bin/node" -v 2>/dev/null)" != "v$gk_want" ]; then
    case "$(uname -m)" in x86_64) gk_arch=x64 ;; aarch64 | arm64) gk_arch=arm64 ;; *) gk_arch=$(uname -m) ;; esac
    echo "[node] this machine has Node $(node -v 2>/dev/null || echo none); fetching Node $gk_want into .tools/node" >&2
    gk_tmp=$(mktemp -d)
    (cd "$gk_tmp" && npm pack "node-linux-$gk_arch@$gk_want" --silent >/dev/null)
    rm -rf "$gk_node" && mkdir -p "$gk_node"
    tar -xzf "$gk_tmp"/node-linux-*.tgz -C "$gk_node" --strip-components=1
    rm -rf "$gk_tmp"
  fi
  export PATH="$gk_node/bin:$PATH"
  export npm_config_nodedir="$gk_node"
fi
# node_modules compiled under another Node (an earlier `npm install` with the machine's Node) cannot load here.
gk_native_ok() { (cd "$gk_root" && node -e 'new (require("better-sqlite3"))(":memory:").close()' >/dev/null 2>&1); }
