import type { AriParams } from '../transport/ari-request.js';
import type { AriRequestOptions } from '../transport/ari-request-options.js';
import type { AriOperationSpec } from './ari-operation.js';
import { ARI_OPERATIONS, type AriApi } from './generated/ari-api.js';

/** What carries ARI's REST calls: HTTP to Asterisk, or the WebSocket Asterisk opened to the app. */
export interface AriCaller {
  call(
    operation: string,
    spec: AriOperationSpec,
    params: AriParams | undefined,
    options?: AriRequestOptions,
  ): Promise<unknown>;
}

/** Builds `client.<resource>.<nickname>(params, options)` for every operation of the description. */
export function resources(http: AriCaller): AriApi {
  const api: Record<string, Record<string, unknown>> = {};
  const table = ARI_OPERATIONS as unknown as Record<string, Record<string, AriOperationSpec>>;
  for (const [resource, operations] of Object.entries(table)) {
    const methods: Record<string, unknown> = {};
    for (const [nickname, spec] of Object.entries(operations)) {
      const operation = `${resource}.${nickname}`;
      methods[nickname] =
        spec.params.length === 0
          ? (options?: AriRequestOptions) => http.call(operation, spec, undefined, options)
          : (params?: AriParams, options?: AriRequestOptions) => http.call(operation, spec, params, options);
    }
    api[resource] = Object.freeze(methods);
  }
  return api as unknown as AriApi;
}
