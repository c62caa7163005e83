/**
 * The command line: `aipbx <command> [flags]`, parsed with node:util `parseArgs`, each command with
 * its own `--help` (its flags and the environment variables it reads), and the exit codes.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.js';
import { processIo } from './cli-io.js';
import type { CommandSpec, FlagValues } from './command.js';
import { asteriskConfigCommand, DEFAULT_ASTERISK_DIR } from './commands/asterisk-config.js';
import { doctorCommand } from './commands/doctor.js';
import { embedCommand } from './commands/embed.js';
import { widgetFolderCommand } from './commands/widget-folder.js';
import { EXIT_CODES } from './exit-codes.js';
import { UsageError } from './internal/usage-error.js';

/** Every command, in the order `aipbx --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  asteriskConfigCommand,
  embedCommand,
  widgetFolderCommand,
  doctorCommand,
];

/** `aipbx --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'aipbx: configure Asterisk for AI assistants, publish widgets, check a PBX.',
    '',
    'Usage: aipbx <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `aipbx <command> --help` for its flags and environment variables.',
    '',
    'Exit codes: 0 done (doctor: no check failed), 1 invalid input or a failed check, 2 usage error.',
    '',
  ].join('\n');
}

/** `aipbx <command> --help`: usage, flags, environment variables, examples. */
export function commandHelp(command: CommandSpec): string {
  const flags = Object.entries(command.flags).map(([name, f]) => [
    `--${name}${f.value ? ` ${f.value}` : ''}`,
    f.description,
  ]);
  flags.push(['--help', 'show this help']);
  const width = Math.max(...flags.map(([left]) => (left ?? '').length));
  const lines = [
    `aipbx ${command.name}: ${command.summary}`,
    '',
    'Usage:',
    ...command.usage.map((u) => `  aipbx ${u}`),
    ...(command.description ? ['', ...command.description] : []),
    '',
    'Flags:',
    ...flags.map(([left, right]) => `  ${(left ?? '').padEnd(width)}  ${right}`),
    '',
  ];
  if (command.env.length > 0) {
    const envWidth = Math.max(...command.env.map((e) => e.name.length));
    lines.push(
      'Environment variables:',
      ...command.env.map((e) => `  ${e.name.padEnd(envWidth)}  ${e.description}`),
      '',
    );
  } else {
    lines.push('Environment variables: none.', '');
  }
  lines.push('Examples:', ...command.examples.map((e) => `  ${e}`), '');
  lines.push('Exit codes: 0 done, 1 invalid input or a failed check, 2 usage error.', '');
  return lines.join('\n');
}

/** `--diff` with no folder after it means the default folder. */
function withOptionalDiffValue(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--diff' && (next === undefined || next.startsWith('-')))
      out.push(`--diff=${DEFAULT_ASTERISK_DIR}`);
    else out.push(arg);
  }
  return out;
}

/** A parsed command line. */
export type ParsedCommandLine =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; values: FlagValues };

/**
 * Parses `argv` (without `node` and the script).
 *
 * @throws UsageError for an unknown command or flag, a missing value, or a stray argument
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    return { kind: 'help', text: topic ? commandHelp(topic) : mainHelp() };
  }
  if (name === '--version' || name === '-v') return { kind: 'version' };
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"; run aipbx --help for the list`);
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [flag, spec] of Object.entries(command.flags)) options[flag] = { type: spec.type };
  let values: FlagValues;
  try {
    const parsed = parseArgs({
      args: command.name === 'asterisk-config' ? withOptionalDiffValue(rest) : rest,
      options,
      strict: true,
      allowPositionals: false,
    });
    values = parsed.values as FlagValues;
  } catch (error) {
    // parseArgs quotes the offending argument; a value could be a secret, so name only the flag.
    const message = (error as Error).message;
    const flag = /'(-{1,2}[A-Za-z0-9-]+)/.exec(message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(
        `unknown flag ${flag ?? ''} for ${command.name}; run aipbx ${command.name} --help`,
      );
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(`unexpected argument for ${command.name}; every value follows its --flag`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`flag ${flag ?? ''} of ${command.name} needs a value (or takes none)`);
    throw new UsageError(`cannot parse the flags of ${command.name}`);
  }
  if (values.help === true) return { kind: 'help', text: commandHelp(command) };
  return { kind: 'run', command, values };
}

/**
 * Runs `aipbx` with `argv` (without `node` and the script) and resolves to the exit code; nothing
 * is written to the process except through `io`.
 *
 * @example
 * ```ts
 * const code = await runCli(['asterisk-config', '--input', 'pbx.json', '--out', 'etc'], {
 *   stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
 *   env: process.env, cwd: process.cwd(),
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`aipbx: ${error.message}\n`);
    return EXIT_CODES.USAGE;
  }
  if (parsed.kind === 'help') {
    io.stdout(parsed.text);
    return EXIT_CODES.OK;
  }
  if (parsed.kind === 'version') {
    io.stdout(`${VERSION}\n`);
    return EXIT_CODES.OK;
  }
  try {
    return await parsed.command.run(parsed.values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`aipbx ${parsed.command.name}: ${error.message}\n`);
      return EXIT_CODES.USAGE;
    }
    io.stderr(`aipbx ${parsed.command.name}: ${(error as Error).message}\n`);
    return EXIT_CODES.FAILED;
  }
}

/** The package version `aipbx --version` prints. */
export const VERSION = '0.1.0';

/** Runs `aipbx` on the process (what bin/aipbx.js calls) and resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo());
}
