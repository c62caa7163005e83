import type * as NodeAri from '@aipbx/node-ari';
import type { BenchPeer, BenchPeerFactory } from './peer.js';

/**
 * `@aipbx/node-ari` as an application uses it: `new AriClient`, `client.app(name)`, `onCall` with
 * `call.answer()`, `call.play()` and `call.hangup()`, `await app.start()`. The library is the bench's
 * own build of the package source (with @aipbx/core), imported from a file when the clock runs.
 */
export const createAipbxPeer: BenchPeerFactory = (): BenchPeer => {
  let lib: typeof NodeAri | undefined;
  let client: NodeAri.AriClient | undefined;
  let app: NodeAri.StasisApp | undefined;
  return {
    async load(libraryUrl) {
      if (libraryUrl === undefined) throw new Error('@aipbx/node-ari: the parent passes the built library');
      lib = (await import(libraryUrl)) as typeof NodeAri;
    },
    async start(target, plan, tally) {
      if (lib === undefined) throw new Error('@aipbx/node-ari: load() first');
      client = new lib.AriClient({ url: target.url, username: target.username, password: target.password });
      app = client.app(target.app);
      if (plan !== undefined) {
        app.onCall(async (call) => {
          const arrived = performance.now();
          tally.started();
          const timer = setTimeout(() => {
            call.hangup().then(
              () => tally.hungUp(),
              (error: unknown) => tally.error('hangup', error),
            );
          }, plan.holdMs);
          call.once('end', () => {
            clearTimeout(timer);
            tally.ended();
          });
          call.on('event', (event) => {
            if (event.type === 'PlaybackStarted') tally.playing();
          });
          try {
            await call.answer();
            tally.answered(performance.now() - arrived);
          } catch (error) {
            tally.error('answer', error);
            return; // the timer still hangs up
          }
          try {
            // Resolves when the playback is over (or the timer hung up first).
            const result = await call.play(plan.media);
            if (result.outcome === 'failed')
              tally.error('play', new Error(`playback of ${plan.media} failed`));
          } catch (error) {
            tally.error('play', error);
          }
        });
        app.on('error', (error) => tally.error('library', error));
      }
      await app.start();
    },
    leftovers: () => ({ 'app.calls': app?.calls.size ?? 0 }),
    async close() {
      await client?.close();
    },
  };
};
