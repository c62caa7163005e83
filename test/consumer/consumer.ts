// Compiled against the built packages (dist + exports maps), as a user's project would be.
import { AmiClient, type Call, CallMonitor, type CompletedCall } from '@aipbx/ami';
import {
  AipbxError,
  type AsteriskConfigFiles,
  createPbx,
  generateAsteriskConfig,
  type Pbx,
  ValidationError,
} from '@aipbx/core';
import {
  type AsteriskConfigInput,
  type Pbx as AsteriskPbx,
  generateAsteriskConfig as generate,
} from '@aipbx/core/asterisk';
import { type CallMedia, MEDIA_FORMATS, type MediaFormat } from '@aipbx/media';
import {
  type Call as AriCall,
  AriClient,
  type AriEvent,
  type Channel,
  ChannelGoneError,
  type ChannelsOriginateParams,
  type PlaybackResult,
} from '@aipbx/node-ari';
import { type RegistrationStatus, type SipCall, SipService } from '@aipbx/sip';

const pbx: Pbx = createPbx({
  name: 'Office',
  wssUrl: 'wss://pbx.example.com:8089/ws',
  ariUrl: 'https://pbx.example.com:8089',
  ariUsername: 'asterisk',
  ariPassword: 'correct-horse',
});

const files: AsteriskConfigFiles = generateAsteriskConfig({ pbx });
const text: string = files['extensions.conf'];

try {
  createPbx({ name: '', wssUrl: 'ws://x', ariUrl: '', ariUsername: '', ariPassword: '' });
} catch (err) {
  if (err instanceof ValidationError) {
    const fields: string[] = err.problems.map((p) => p.field);
    console.log(fields, text.length);
  } else if (err instanceof AipbxError) {
    console.log(err.code);
  }
}

// @aipbx/ami from its built dist.

const ami = new AmiClient({ host: '127.0.0.1', username: 'app', secret: 'not-used', reconnect: false });
const monitor = new CallMonitor(ami, { historyLimit: 10 });
monitor.on('call:start', (call: Call) => console.log(call.caller.number, call.state));
monitor.on('call:end', (call: CompletedCall) => console.log(call.disposition, call.billableSec));

// @aipbx/node-ari from its built dist: the generated types reach a user's code.

const ari = new AriClient({ url: 'https://pbx.example.com:8089', username: 'aipbx', password: 'not-used' });
const app = ari.app('aiPBXBot');
app.onCall(async (call: AriCall) => {
  const assistant: string = call.assistantId;
  await call.answer();
  const played: PlaybackResult = await call.play('sound:hello-world');
  const digits: string = await call.collectDtmf({ max: 4, terminator: '#' });
  console.log(assistant, played.outcome, digits, call.recordingUrl);
  await call.hangup();
});
app.on('event', (event: AriEvent) => {
  if (event.type === 'StasisStart') console.log(event.args, event.channel.id);
});
async function listChannels(): Promise<Channel[]> {
  const started: ChannelsOriginateParams = { endpoint: 'PJSIP/201', app: 'aiPBXBot' };
  await ari.channels.originate(started);
  return ari.channels.list();
}
void listChannels;
void ChannelGoneError;

// @aipbx/widget from its built dist: the element's types, its events on HTMLElementEventMap, the
// engine subpath and the Node folder writer.
import { AipbxCall, type CallEndDetail, type CallState } from '@aipbx/widget';
import { CallEngine, type CallStateChange } from '@aipbx/widget/engine';
import { type WidgetFolderResult, writeWidgetFolder } from '@aipbx/widget/folder';

declare const button: HTMLElementTagNameMap['aipbx-call'];
const isElement: boolean = button instanceof AipbxCall;
button.addEventListener('aipbx-call-end', (e) => {
  const detail: CallEndDetail = e.detail;
  console.log(detail.reason, detail.durationMs, isElement);
});
const state: CallState = button.state;
const engine = new CallEngine({
  server: 'wss://pbx.example.com:8089/ws',
  target: 'support',
  user: 'support-webrtc',
});
engine.on('state-change', (change: CallStateChange) =>
  console.log(change.from, change.to, change.reason, state),
);
const folder: Promise<WidgetFolderResult> = writeWidgetFolder({
  widget: { id: 'w', name: 'W', assistant: 'support', sipUri: 'support-webrtc' },
  pbx,
  outDir: 'public/widget',
});
void folder;

// @aipbx/widget/phone: the phone engine alone, no element.
import { isPhoneCallLive, type PhoneCallChange, PhoneEngine, type RecentCall } from '@aipbx/widget/phone';
// @aipbx/widget/softphone: the operator's element, its events typed on the element itself (the
// names it shares with <aipbx-call> carry the softphone's details there), and the engine's types.
import {
  AipbxSoftphone,
  type PhoneCall,
  type RegistrationState,
  type SoftphoneCallEndDetail,
  type SoftphoneUnregisteredDetail,
} from '@aipbx/widget/softphone';

declare const softphone: HTMLElementTagNameMap['aipbx-softphone'];
const isSoftphone: boolean = softphone instanceof AipbxSoftphone;
softphone.password = 'set-from-script';
softphone.ringtone = 'off';
softphone.addEventListener('aipbx-call-end', (e) => {
  const detail: SoftphoneCallEndDetail = e.detail;
  console.log(detail.callId, detail.direction, detail.reason, detail.durationMs, isSoftphone);
});
softphone.addEventListener('aipbx-unregistered', (e) => {
  const detail: SoftphoneUnregisteredDetail = e.detail;
  console.log(detail.state, detail.reason, detail.willRetry);
});
softphone.addEventListener('aipbx-incoming', (e) => console.log(e.detail.callId, e.detail.number));
softphone.addEventListener('click', (e) => console.log(e.clientX));
const registration: RegistrationState = softphone.registration;
const live: readonly PhoneCall[] = softphone.calls;
async function clickToCall(): Promise<void> {
  await softphone.call('202');
  await softphone.hangup();
  await softphone.unregister();
  await softphone.register();
}
void clickToCall;
const phone = new PhoneEngine({ server: 'wss://pbx.example.com:8089/ws', extension: '201', password: 'p' });
phone.on('incoming', (call: PhoneCall) => {
  call.on('state-change', (change: PhoneCallChange) => console.log(change.to, isPhoneCallLive(change.to)));
});
const recent: readonly RecentCall[] = phone.recent;
console.log(registration, live.length, recent.length);

// The media stream is the same type whether @aipbx/node-ari or @aipbx/media names it.
const format: MediaFormat = 'slin16';
const frameBytes: number = MEDIA_FORMATS[format].frameBytes;
async function relay(call: AriCall): Promise<void> {
  const media: CallMedia = await call.media({ format });
  for await (const frame of media) media.write(frame as Buffer);
  console.log(frameBytes);
}
void relay;

// The same assistant on a PBX without ARI: @aipbx/sip hands over the same CallMedia.
const sip = SipService.fromEnv({ SIP_SERVER: 'pbx.example.com', SIP_USERS: '301:not-used:301:Desk' });
sip.on('registration', (status: RegistrationStatus) => console.log(status.extension, status.state));
sip.onCall(async (call: SipCall) => {
  await call.answer();
  const media: CallMedia = await call.media({ format });
  for await (const frame of media) media.write(frame as Buffer);
});

// A backend that only writes Asterisk's configuration imports the subpath.
const configOnly: AsteriskConfigInput = { pbx: pbx as AsteriskPbx };
const conf: string = generate(configOnly)['pjsip.conf'];
console.log(conf.length);
