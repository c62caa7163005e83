/** Which operator can take a call now. */
import { type AriClient, AriHttpError } from '@aipbx/node-ari';

/** An operator's extension as the demo accepts it: a PJSIP endpoint name, nothing a dial string could hide in. */
export const OPERATOR_EXTENSION = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The first of `extensions` whose PJSIP endpoint Asterisk reports `online` (a device is
 * registered and reachable), or `undefined` when none is. An extension Asterisk does not know
 * counts as offline.
 */
export async function firstOnlineOperator(
  client: AriClient,
  extensions: readonly string[],
  signal?: AbortSignal,
): Promise<string | undefined> {
  for (const resource of extensions) {
    try {
      const endpoint = await client.endpoints.get({ tech: 'PJSIP', resource }, { signal });
      if (endpoint.state === 'online') return resource;
    } catch (error) {
      if (!(error instanceof AriHttpError && error.status === 404)) throw error;
    }
  }
  return undefined;
}
