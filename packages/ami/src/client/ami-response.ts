import type { AmiEvent } from '../parser/ami-event.js';
import type { AmiMessage } from '../parser/ami-message.js';

/**
 * What {@link AmiClient.action} resolves with: the `Response:` frame and, for event-list actions
 * (`CoreShowChannels`, `PJSIPShowEndpoints`, `ExtensionStateList`, `Status`…), every list item
 * event and the closing `…Complete` event.
 *
 * @example
 * ```ts
 * const { events, complete } = await client.action({ Action: 'CoreShowChannels' });
 * console.log(events.length, 'channels;', complete?.get('ListItems'));
 * ```
 */
export interface AmiResponse {
  /** The response frame (`Response: Success`, or `Follows` for a legacy command). */
  readonly response: AmiMessage;
  /** The list items, in order; empty for actions that are not event lists. */
  readonly events: readonly AmiEvent[];
  /** The event that closed the list (`EventList: Complete`), or `undefined` for other actions. */
  readonly complete: AmiEvent | undefined;
}

/** Per-call options of {@link AmiClient.action} and the other action methods. */
export interface AmiActionOptions {
  /**
   * How long to wait for the response and, for event lists, for each next item, in ms. Default
   * the client's `actionTimeoutMs`. When it passes, the promise rejects with `TimeoutError`.
   */
  timeoutMs?: number;
  /** Cancels the wait; the promise rejects with `AbortError`. The PBX may still run the action. */
  signal?: AbortSignal;
}
