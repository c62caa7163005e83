/** The command line of `npm run demo`, parsed and checked. */

export const USAGE = `usage: npm run demo [-- --check | --pbx-only] [--port-offset N] [--report FILE]
  (no flag)       start the PBX, the assistant, the AMI monitor, the operator page and the site
  --check         place one call headless through Chromium, print a report, stop (exit 0 = all ok)
  --pbx-only      start only the PBX, for the examples/ (npm start -w @aipbx/example-…)
  --port-offset N move every port by N (also AIPBX_DEMO_PORT_OFFSET)
  --report FILE   with --check: also write the report as JSON to FILE`;

/** The command line, parsed; a string is what was wrong with it. */
export function parseDemoArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { check: boolean; pbxOnly: boolean; portOffset: number; reportFile?: string; help: boolean } | string {
  let check = false;
  let pbxOnly = false;
  let help = false;
  let reportFile: string | undefined;
  let offsetText = env.AIPBX_DEMO_PORT_OFFSET ?? '0';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--check') check = true;
    else if (arg === '--pbx-only') pbxOnly = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--port-offset' || arg === '--report') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--report') reportFile = value;
      else offsetText = value;
    } else return `unknown argument "${arg}"`;
  }
  if (check && pbxOnly) return '--check and --pbx-only do not go together';
  if (reportFile !== undefined && !check) return '--report needs --check';
  const portOffset = Number(offsetText);
  if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 1000) {
    return `the port offset must be a whole number from 0 to 1000, not "${offsetText}"`;
  }
  return { check, pbxOnly, portOffset, help, ...(reportFile === undefined ? {} : { reportFile }) };
}
