import type { AriClient, Call } from '@aipbx/node-ari';

/** What a test tears down after itself, last first. */
export type Cleanups = (() => Promise<unknown> | unknown)[];

/**
 * Handles the next call into a fresh Stasis app `appName` with `handler` (errors in it are the
 * test's to see through the call's state); resolves with the call as soon as it arrives. The app
 * is stopped by the test's cleanups.
 */
export function onNextCall(
  ari: AriClient,
  appName: string,
  cleanups: Cleanups,
  handler: (call: Call) => Promise<void>,
): Promise<Call> {
  const app = ari.app(appName);
  cleanups.push(() => app.stop());
  return new Promise<Call>((resolve, reject) => {
    app.onCall(async (call) => {
      resolve(call);
      await handler(call).catch(() => undefined);
    });
    app.start().catch(reject);
  });
}

/** The next call, answered, with a steady 440 Hz tone playing to the caller until it ends. */
export function answerWithTone(ari: AriClient, appName: string, cleanups: Cleanups): Promise<Call> {
  return onNextCall(ari, appName, cleanups, async (call) => {
    await call.answer();
    await call.play('tone:440');
  });
}
