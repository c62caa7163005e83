import { ValidationError } from '@aipbx/core';
import type { AriHttp } from '../transport/ari-http.js';
import type { AriRequestOptions } from '../transport/ari-request-options.js';

const OPERATION = /^([a-zA-Z]+)\.([a-zA-Z_]+)$/;
const NAME = /^[A-Za-z0-9_]+$/;

/** The part of a Swagger 1.1 resource description feature detection reads. */
interface ResourceDescription {
  apis?: { operations?: { nickname?: string; parameters?: { name?: string }[] }[] }[];
}

/**
 * What the connected Asterisk offers, read from its own ARI description on first use and cached
 * per resource. ARI's `apiVersion` stays `10.0.0` across Asterisk 22.x; what differs between
 * releases is which operations and parameters exist, so that is what is asked.
 */
export class AriFeatures {
  readonly #http: AriHttp;
  readonly #resources = new Map<string, Promise<Map<string, Set<string>>>>();

  constructor(http: AriHttp) {
    this.#http = http;
  }

  /**
   * True when the connected Asterisk has `operation` (`resource.nickname`, e.g.
   * `channels.externalMedia`) and, if given, its `parameter` (e.g. `transport`).
   *
   * @throws ValidationError for a malformed name; the errors of an ARI request when the
   *   description cannot be read (a resource Asterisk does not have at all answers `false`)
   */
  async supports(operation: string, parameter?: string, options: AriRequestOptions = {}): Promise<boolean> {
    const match = typeof operation === 'string' ? OPERATION.exec(operation) : null;
    if (!match || (parameter !== undefined && !(typeof parameter === 'string' && NAME.test(parameter)))) {
      throw new ValidationError('feature', [
        ...(match
          ? []
          : [{ field: 'operation', message: 'must be resource.operation, e.g. channels.externalMedia' }]),
        ...(parameter === undefined || (typeof parameter === 'string' && NAME.test(parameter))
          ? []
          : [{ field: 'parameter', message: 'must be a parameter name, e.g. transport' }]),
      ]);
    }
    const [, resource, nickname] = match as unknown as [string, string, string];
    const operations = await this.#load(resource, options);
    const params = operations.get(nickname);
    return params !== undefined && (parameter === undefined || params.has(parameter));
  }

  #load(resource: string, options: AriRequestOptions): Promise<Map<string, Set<string>>> {
    let pending = this.#resources.get(resource);
    if (!pending) {
      pending = this.#http.getJson(`api-docs ${resource}`, `/api-docs/${resource}.json`, options).then(
        (doc) => {
          const operations = new Map<string, Set<string>>();
          for (const api of (doc as ResourceDescription).apis ?? []) {
            for (const op of api.operations ?? []) {
              if (op.nickname)
                operations.set(
                  op.nickname,
                  new Set((op.parameters ?? []).flatMap((p) => (p.name ? [p.name] : []))),
                );
            }
          }
          return operations;
        },
        (error: unknown) => {
          if ((error as { status?: number }).status === 404) return new Map<string, Set<string>>();
          throw error;
        },
      );
      pending.catch(() => this.#resources.delete(resource));
      this.#resources.set(resource, pending);
    }
    return pending;
  }
}
