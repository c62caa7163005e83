#!/usr/bin/env node
// The `aipbx` command: runs the built CLI and exits with its code.
import('../dist/index.js').then(
  async (cli) => {
    process.exitCode = await cli.main(process.argv.slice(2));
  },
  (error) => {
    process.stderr.write(`aipbx: cannot load the built CLI (${error.message}); run npm run build first.\n`);
    process.exitCode = 70;
  },
);
