#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx gongkai ...` works in a checkout without a build step.
require('tsx/cjs');
require('../client/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 1;
  });
