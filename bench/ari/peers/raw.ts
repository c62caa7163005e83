import type WebSocketModule from 'ws';
import type { BenchPeer, BenchPeerFactory } from './peer.js';

/** The fields of an ARI event the raw bot reads. */
interface RawEvent {
  type: string;
  channel?: { id: string };
  playback?: { id: string; state: string; media_uri?: string };
}

/**
 * The least a Stasis bot can be: the events WebSocket (`ws`), and Node's own `fetch` for
 * `POST …/answer`, `POST …/play` and `DELETE` of the channel on a timer. No library, no checks
 * beyond the status code: the floor the libraries' CPU is compared with.
 */
export const createRawPeer: BenchPeerFactory = (): BenchPeer => {
  let WebSocket: typeof WebSocketModule | undefined;
  let socket: WebSocketModule | undefined;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    async load() {
      WebSocket = ((await import('ws')) as { default: typeof WebSocketModule }).default;
    },
    async start(target, plan, tally) {
      if (WebSocket === undefined) throw new Error('raw bot: load() first');
      const authorization = `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
      const ari = async (method: string, path: string): Promise<void> => {
        const res = await fetch(`${target.url}/ari${path}`, { method, headers: { authorization } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${method} ${path.split('?')[0]} answered ${res.status}`);
      };
      const ws = new WebSocket(`${target.url.replace(/^http/, 'ws')}/ari/events?app=${target.app}`, {
        headers: { authorization },
        perMessageDeflate: false,
      });
      socket = ws;
      if (plan !== undefined) {
        const media = encodeURIComponent(plan.media);
        ws.on('message', (data) => {
          const event = JSON.parse(String(data)) as RawEvent;
          const id = event.channel?.id;
          if (event.type === 'PlaybackStarted') tally.playing();
          else if (event.type === 'PlaybackFinished' && event.playback?.state === 'failed')
            tally.error('play', new Error(`playback of ${event.playback.media_uri ?? 'media'} failed`));
          if (id === undefined) return;
          if (event.type === 'StasisStart') {
            const arrived = performance.now();
            tally.started();
            timers.set(
              id,
              setTimeout(() => {
                timers.delete(id);
                ari('DELETE', `/channels/${id}`).then(
                  () => tally.hungUp(),
                  (error: unknown) => tally.error('hangup', error),
                );
              }, plan.holdMs),
            );
            ari('POST', `/channels/${id}/answer`).then(
              () => {
                tally.answered(performance.now() - arrived);
                ari('POST', `/channels/${id}/play?media=${media}`).catch((error: unknown) =>
                  tally.error('play', error),
                );
              },
              (error: unknown) => tally.error('answer', error),
            );
          } else if (event.type === 'StasisEnd') {
            clearTimeout(timers.get(id));
            timers.delete(id);
            tally.ended();
          }
        });
      }
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.on('error', (error) => tally.error('library', error));
    },
    leftovers: () => ({ 'hangup timers': timers.size }),
    async close() {
      const ws = socket;
      if (ws === undefined || ws.readyState === ws.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
};
