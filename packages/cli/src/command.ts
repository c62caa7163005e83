/**
 * The shape every `aipbx` command has: its flags and environment variables (which its `--help`
 * lists) and what it runs.
 */
import type { CliIo } from './cli-io.js';

/** One flag of a command. */
export interface FlagSpec {
  /** `string` takes a value (`--input FILE`); `boolean` does not. */
  type: 'string' | 'boolean';
  /** What the value is, for the help text (`FILE`, `DIR`, `URL`). */
  value?: string;
  /** One line for the help text. */
  description: string;
}

/** One environment variable a command reads. */
export interface EnvVarSpec {
  name: string;
  description: string;
}

/** The flags' values after parsing: strings for value flags, `true` for boolean flags given. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** A command of `aipbx`. */
export interface CommandSpec {
  /** Its name on the command line. */
  name: string;
  /** One line for `aipbx --help`. */
  summary: string;
  /** Usage line(s) after `aipbx`. */
  usage: readonly string[];
  /** More about the command, printed under the usage. */
  description?: readonly string[];
  /** Flags, by name without `--`. `--help` is added to every command. */
  flags: Readonly<Record<string, FlagSpec>>;
  /** Environment variables read. */
  env: readonly EnvVarSpec[];
  /** Example command lines. */
  examples: readonly string[];
  /** Runs the command; resolves to the exit code. */
  run(values: FlagValues, io: CliIo): Promise<number>;
}
