// Imports the built @aipbx/core through its exports map and uses it, as a user's Node app would.
import assert from 'node:assert/strict';
import { createPbx, generateAsteriskConfig, ValidationError } from '@aipbx/core';

const pbx = createPbx({
  name: 'Office',
  wssUrl: 'wss://pbx.example.com:8089/ws',
  ariUrl: 'https://pbx.example.com:8089',
  ariUsername: 'asterisk',
  ariPassword: 'correct-horse',
});
const files = generateAsteriskConfig({ pbx });
assert.match(files['extensions.conf'], /Stasis\(aiPBXBot,\$\{ASSISTANTID\}\)/);
assert.throws(() => createPbx({ ...pbx, wssUrl: 'ws://pbx.example.com/ws' }), ValidationError);
console.log('consumer: @aipbx/core imported from dist and used');

const asterisk = await import('@aipbx/core/asterisk');
assert.match(asterisk.generateAsteriskConfig({ pbx })['extensions.conf'], /Stasis\(aiPBXBot/);
assert.equal(asterisk.ValidationError, ValidationError);
assert.throws(() => asterisk.generateAsteriskConfig({ pbx, http: { port: 0 } }), ValidationError);
console.log('consumer: @aipbx/core/asterisk imported from dist and used');

const { AmiClient, CallMonitor } = await import('@aipbx/ami');
const ami = new AmiClient({ host: '127.0.0.1', username: 'app', secret: 'not-used', reconnect: false });
assert.equal(new CallMonitor(ami).calls.length, 0);
console.log('consumer: @aipbx/ami imported from dist and used');

const { AriClient } = await import('@aipbx/node-ari');
const ari = new AriClient({ url: 'https://pbx.example.com:8089', username: 'aipbx', password: 'not-used' });
assert.equal(typeof ari.channels.originate, 'function');
assert.equal(ari.app('aiPBXBot').running, false);
await ari.close();
console.log('consumer: @aipbx/node-ari imported from dist and used');

const media = await import('@aipbx/media');
assert.equal(media.MEDIA_FORMATS.slin16.frameBytes, 640);
assert.equal(media.decodeUlaw(media.encodeUlaw(new Int16Array([0, 1000])))[1] > 900, true);
console.log('consumer: @aipbx/media imported from dist and used');

const { SipService, sipServiceOptionsFromEnv } = await import('@aipbx/sip');
const options = sipServiceOptionsFromEnv({
  SIP_SERVER: 'pbx.example.com',
  SIP_USERS: '301:not-used:301:Desk',
});
assert.equal(new SipService(options).running, false);
assert.throws(() => sipServiceOptionsFromEnv({}), /SIP_SERVER/);
console.log('consumer: @aipbx/sip imported from dist and used');

// Server-side rendering imports the widget without a DOM and nothing throws; Lit's Node build
// brings its own small registry, where the element is defined for SSR to render it.
const widget = await import('@aipbx/widget');
assert.equal(typeof widget.AipbxCall, 'function');
assert.equal(globalThis.customElements?.get('aipbx-call') ?? widget.AipbxCall, widget.AipbxCall);
const { writeWidgetFolder } = await import('@aipbx/widget/folder');
const { mkdtemp, readFile, rm } = await import('node:fs/promises');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const dir = await mkdtemp(join(tmpdir(), 'aipbx-consumer-'));
try {
  const written = await writeWidgetFolder({
    widget: { id: 'widget-abc123', name: 'Site', assistant: 'support', sipUri: 'support-webrtc' },
    pbx,
    outDir: dir,
  });
  assert.match(
    written.embedCode,
    /^<script src="https:\/\/aipbx\.com\/widget\/widget-abc123\.js" integrity="sha384-/,
  );
  assert.match(await readFile(join(dir, 'widget-abc123.js'), 'utf8'), /support-webrtc/);
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log('consumer: @aipbx/widget imported from dist (no DOM) and its folder written');

// The softphone entry and the phone engine import without a DOM too; the engine checks its
// options and never repeats the password.
const softphone = await import('@aipbx/widget/softphone');
assert.equal(typeof softphone.AipbxSoftphone, 'function');
assert.equal(
  globalThis.customElements?.get('aipbx-softphone') ?? softphone.AipbxSoftphone,
  softphone.AipbxSoftphone,
);
const { PhoneEngine } = await import('@aipbx/widget/phone');
assert.throws(
  () => new PhoneEngine({ server: 'http://pbx.example.com/ws', extension: '201', password: 's3cret-ws' }),
  (error) => error instanceof ValidationError && !error.message.includes('s3cret-ws'),
);
console.log('consumer: @aipbx/widget/softphone and @aipbx/widget/phone imported from dist (no DOM)');
