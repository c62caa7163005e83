/**
 * @packageDocumentation
 * `@aipbx/cli`: the `aipbx` command. Generates Asterisk's configuration from the product's
 * objects (or diffs it against the files in place), prints a widget's embed code with its SRI
 * hash, writes widget folders, and checks a PBX against what the SDK needs (`aipbx doctor`).
 * Node.js only; it sits on top of every other package.
 */

export { COMMANDS, main, runCli } from './cli.js';
export type { CliIo } from './cli-io.js';
export type { CommandSpec, EnvVarSpec, FlagSpec, FlagValues } from './command.js';
export { type ConfigFileDiff, DEFAULT_ASTERISK_DIR, diffAsteriskConfig } from './commands/asterisk-config.js';
export { maskSecretLine, maskSecrets } from './diff/mask-secrets.js';
export { type UnifiedDiffOptions, unifiedDiff } from './diff/unified-diff.js';
export type { CheckId, CheckResult, CheckStatus, DoctorReport } from './doctor/check-result.js';
export { ARI_ENV_VARIABLES, type DoctorOptions, resolveDoctorOptions } from './doctor/doctor-options.js';
export { type RunDoctorOptions, runDoctor } from './doctor/run-doctor.js';
export { EXIT_CODES, type ExitCode } from './exit-codes.js';
