import type * as AriClientModule from 'ari-client';
import type { BenchPeer, BenchPeerFactory } from './peer.js';

/**
 * `ari-client`, the de-facto Node ARI library: `ari.connect(url, user, pass)` (which downloads
 * Asterisk's Swagger description first), a `StasisStart` listener with `channel.answer()`,
 * `channel.play()` and `channel.hangup()`, then `client.start(app)`, whose promise resolves on the
 * events WebSocket's `open` (as `@aipbx/node-ari`'s `app.start()` does).
 */
export const createAriClientPeer: BenchPeerFactory = (): BenchPeer => {
  let ari: typeof AriClientModule.default | undefined;
  let client: AriClientModule.AriClient | undefined;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    async load() {
      ari = ((await import('ari-client')) as typeof AriClientModule).default;
    },
    async start(target, plan, tally) {
      if (ari === undefined) throw new Error('ari-client: load() first');
      const own = await ari.connect(target.url, target.username, target.password);
      client = own;
      if (plan !== undefined) {
        own.on('StasisStart', (_event, channel) => {
          const arrived = performance.now();
          tally.started();
          timers.set(
            channel.id,
            setTimeout(() => {
              timers.delete(channel.id);
              channel.hangup().then(
                () => tally.hungUp(),
                (error: unknown) => tally.error('hangup', error),
              );
            }, plan.holdMs),
          );
          channel
            .answer()
            .then(
              () => {
                tally.answered(performance.now() - arrived);
                return channel.play({ media: plan.media }, own.Playback()).then(
                  () => undefined,
                  (error: unknown) => tally.error('play', error),
                );
              },
              (error: unknown) => tally.error('answer', error),
            )
            .catch((error: unknown) => tally.error('library', error));
        });
        own.on('PlaybackStarted', () => tally.playing());
        own.on('PlaybackFinished', (event) => {
          if (event.playback?.state === 'failed')
            tally.error('play', new Error(`playback of ${event.playback.media_uri ?? 'media'} failed`));
        });
        own.on('StasisEnd', (event) => {
          const id = event.channel?.id;
          if (id === undefined) return;
          clearTimeout(timers.get(id));
          timers.delete(id);
          tally.ended();
        });
      }
      await own.start(target.app);
    },
    leftovers: () => {
      const instance = Object.values(client?._instanceListeners ?? {}).reduce((n, l) => n + l.length, 0);
      return { 'instance listeners': instance, 'hangup timers': timers.size };
    },
    async close() {
      client?.stop();
    },
  };
};
