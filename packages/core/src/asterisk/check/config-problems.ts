/**
 * Collects the problems with the generator's input, with a method for each rule several options
 * share. The rules themselves come from `../../rules`. Internal to the generator.
 *
 * @internal
 */
import type { ValidationProblem } from '../../errors/validation-error.js';
import { isIp, isNetwork } from '../../rules/ip-address.js';
import { isConfName, isPort, isWholeNumber, MAX_PORT } from '../../rules/value-rules.js';
import { RESERVED_CONTEXTS } from '../resolve-config.js';

/** The largest call limit; `null` is no limit. */
const MAX_LIMIT = 1_000_000;
/** An absolute path of characters Asterisk and the shell take as written. */
const PATH = /^\/[A-Za-z0-9_./-]*$/;

/** Every problem found so far, each with its field path, and the checks that add them. */
export class ConfigProblems {
  readonly list: ValidationProblem[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  /** Another validator's problems, with their fields put under `prefix`. */
  addUnder(prefix: string, problems: readonly ValidationProblem[]): void {
    for (const p of problems) this.add(`${prefix}.${p.field}`, p.message);
  }

  /** A TCP or UDP port, or `null` for none. */
  port(field: string, value: number | null): void {
    if (value !== null && !isPort(value)) this.add(field, `must be a whole number from 1 to ${MAX_PORT}`);
  }

  /** An address to listen on. */
  bind(field: string, value: string): void {
    if (typeof value !== 'string' || !isIp(value)) {
      this.add(
        field,
        'must be an IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0, ::1 or :: (no brackets, no port)',
      );
    }
  }

  /** An address or network, as ACLs and PJSIP `identify` take them. */
  network(field: string, value: string, example: string): void {
    if (typeof value !== 'string' || !isNetwork(value)) {
      this.add(field, `must be an IPv4 or IPv6 address or network such as ${example}`);
    }
  }

  /** An absolute path on the Asterisk host. */
  path(field: string, value: string): void {
    if (!PATH.test(value) || value.includes('..')) {
      this.add(field, 'must be an absolute path of letters, digits, "_", "-", "." and "/" (no "..")');
    }
  }

  /** A limit on calls or seconds, or `null` for none. */
  limit(field: string, value: number | null): void {
    if (value !== null && !isWholeNumber(value, 1, MAX_LIMIT)) {
      this.add(field, `must be a whole number from 1 to ${MAX_LIMIT}, or null for no limit`);
    }
  }

  /**
   * A name the generator writes as a section, context or extension. A number (a user name read
   * from YAML, say) is taken as its digits, as Asterisk will write it.
   */
  name(field: string, value: string, message = 'must be letters, digits, "_" or "-"'): void {
    if (!isConfName(String(value))) this.add(field, message);
  }

  /** A context the input names, which must not be one the generator writes itself. */
  notReserved(field: string, context: string): void {
    if ((RESERVED_CONTEXTS as readonly string[]).includes(context)) {
      this.add(
        field,
        `must not be "${context}": the generator writes that context itself; choose another name`,
      );
    }
  }

  /** A context calls from outside enter, which must not be the operators' one. */
  notOperators(field: string, context: string, operatorContext: string): void {
    if (context === operatorContext) {
      this.add(
        field,
        `must not be the operators' context "${operatorContext}": calls from outside would reach every operator and anything they can dial`,
      );
    }
  }
}
