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
