/**
 * The raw sip.js page: the same call as `<aipbx-call>` makes, written directly against sip.js with
 * its defaults (its default session description handler, ICE servers and ICE gathering timeout,
 * logging). Bundled by the bench into one minified script; its `<script>` tag carries the same
 * `data-*` settings as the widget's, and `data-prepare="hover"` starts the user agent on hover.
 */
import { Inviter, SessionState, UserAgent } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { RAW_STATE_EVENT } from './probe-types.js';
import { RAW_GLOBAL, type RawSipjsHandle } from './raw-types.js';

const config = (document.currentScript as HTMLScriptElement).dataset;
const server = config.server ?? '';
const host = new URL(server).hostname;
const button = document.querySelector<HTMLButtonElement>('#call')!;
const audio = document.querySelector<HTMLAudioElement>('#remote')!;

const userAgent = new UserAgent({
  uri: UserAgent.makeURI(`sip:${config.user}@${host}`),
  transportOptions: { server },
});
let starting: Promise<void> | undefined;
const start = (): Promise<void> => {
  starting ??= userAgent.start();
  return starting;
};
let session: Inviter | undefined;

const report = (to: string, reason?: string): void => {
  document.dispatchEvent(new CustomEvent(RAW_STATE_EVENT, { detail: { to, reason } }));
};

async function call(): Promise<void> {
  report('connecting');
  await start();
  const target = UserAgent.makeURI(`sip:${config.target}@${host}`);
  if (target === undefined) throw new Error(`not a SIP URI: ${config.target}`);
  const inviter = new Inviter(userAgent, target, {
    extraHeaders: [`X-Assistant-Id: ${config.assistantId}`],
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
  });
  session = inviter;
  inviter.stateChange.addListener((state) => {
    if (state === SessionState.Established) {
      const remote = (inviter.sessionDescriptionHandler as SessionDescriptionHandler).remoteMediaStream;
      handle.remoteStream = remote;
      audio.srcObject = remote;
      audio.play().catch(() => undefined);
      report('in-call');
    } else if (state === SessionState.Terminated) {
      report('ended');
    }
  });
  await inviter.invite();
}

const handle: RawSipjsHandle = {
  ready: start,
  async hangup() {
    const current = session;
    session = undefined;
    if (current?.state === SessionState.Established) await current.bye();
    else if (current?.state === SessionState.Establishing) await current.cancel();
    await userAgent.stop();
    starting = undefined;
  },
};
(globalThis as unknown as Record<string, RawSipjsHandle>)[RAW_GLOBAL] = handle;

if (config.prepare === 'hover')
  button.addEventListener('pointerenter', () => void start().catch(() => undefined));
button.addEventListener('click', () => {
  if (session !== undefined) return;
  call().catch((error: Error) => report('failed', error.message));
});
