/**
 * `npm run demo [-- --check | --pbx-only] [--port-offset N] [--report FILE]` — see docs/demo.md.
 * Returns the exit code: 0 when it ran (or every check passed), 1 when something failed, 2 for a
 * bad command line.
 */
import { parseDemoArgs, USAGE } from './demo-args.js';
import { runDemo } from './demo-run.js';

export async function main(args: string[]): Promise<number> {
  const parsed = parseDemoArgs(args);
  if (typeof parsed === 'string') {
    console.error(`demo: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  return runDemo(parsed);
}
