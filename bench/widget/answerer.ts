/**
 * The assistant's side of every call: a Stasis app made with @aipbx/node-ari that answers and plays
 * a steady 440 Hz tone until the caller hangs up. It counts calls in and out, so the bench can wait
 * until the PBX saw each hang-up before the next call.
 */
import { AriClient, type Call } from '@aipbx/node-ari';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { ari } from '@aipbx/testbed/support/ari.js';

/** A running answering app. */
export interface ToneAnswerer {
  /** Assistant ids of the calls so far, in arrival order. */
  readonly assistants: readonly string[];
  /** Calls that arrived and have not ended yet. */
  active(): number;
  /**
   * Waits until every call the app took has ended and Asterisk has no channel left; true when it
   * did within `ms`. After a timeout it hangs up whatever is left.
   */
  waitIdle(ms: number): Promise<boolean>;
  /** Errors the app met (answer or play failing), as messages. */
  readonly errors: readonly string[];
  stop(): Promise<void>;
}

async function channels(info: TestbedInfo): Promise<{ id: string }[]> {
  return ((await ari(info, 'GET', '/channels')) as { id: string }[] | undefined) ?? [];
}

/** Starts the app on the bed; resolves once Asterisk has registered it. */
export async function startToneAnswerer(info: TestbedInfo): Promise<ToneAnswerer> {
  const client = new AriClient({
    url: info.ari.url,
    username: info.ari.username,
    password: info.ari.password,
  });
  const app = client.app(info.ari.app);
  const assistants: string[] = [];
  const errors: string[] = [];
  const open = new Set<Call>();
  app.onCall(async (call) => {
    assistants.push(call.assistantId);
    open.add(call);
    call.once('end', () => open.delete(call));
    try {
      await call.answer();
      await call.play('tone:440');
    } catch (error) {
      if (call.ended === undefined) errors.push((error as Error).message);
    }
  });
  try {
    await app.start();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    assistants,
    errors,
    active: () => open.size,
    async waitIdle(ms) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (open.size === 0 && (await channels(info)).length === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      for (const { id } of await channels(info).catch(() => []))
        await ari(info, 'DELETE', `/channels/${id}`).catch(() => undefined);
      return false;
    },
    async stop() {
      await app.stop().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}
