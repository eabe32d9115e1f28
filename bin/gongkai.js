#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx gongkai ...` works in a checkout without a build step.
const path = require('node:path');
const fs = require('node:fs');
const major = Number(process.versions.node.split('.')[0]);
const bundled = path.join(__dirname, '../.tools/node/bin/node');
if (major < 24 && fs.existsSync(bundled)) {
  // An older system Node: run again under the Node 24 that scripts/node.sh brought into .tools/.
  const r = require('node:child_process').spawnSync(bundled, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
require('tsx/cjs');
require('../lib/supportedNode.ts');
require('../client/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 1;
  });
