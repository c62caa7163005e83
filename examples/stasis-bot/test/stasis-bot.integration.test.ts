/**
 * The demo assistant against the bed's Asterisk 22: sipp callers, driven step by step by the
 * assistant's own events, go through the menu — the echo through the AI hook, a recorded message,
 * an operator who is offline, busy or answers, goodbye — and hang up mid-menu.
 */
import { join } from 'node:path';
import { readWav, toneRuns } from '@aipbx/testbed/support/audio.js';
import { freeUdpPort, PHONE_IP, registerPhone, startPhone } from '@aipbx/testbed/support/sipp.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { rms } from '../src/audio-level.js';
import { type DemoAssistant, startDemoAssistant } from '../src/demo-assistant.js';
import type { DemoAssistantEvents } from '../src/demo-events.js';
import { makePrompts } from '../src/prompts.js';
import { DrivenCaller, type DrivenCallerOptions } from './driven-caller.js';

const bed = inject('testbed');
/** The assistant sipp reaches by dialling its name through the bed's trunk. */
const ASSISTANT = 'pizza-order';
/** 202 is a WebRTC softphone nobody registers here; 301 a desk phone some tests register. */
const OPERATORS = ['202', '301'];

type EventName = keyof DemoAssistantEvents;
type Payload<K extends EventName> = Parameters<DemoAssistantEvents[K]>[0];
interface Seen {
  type: EventName;
  payload: Payload<EventName>;
}

let assistant: DemoAssistant;
const events = new Inbox<Seen>();
const logLines: string[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let calls = 0;

/** The first `type` event of `callId` (already seen or still to come) that matches. */
function next<K extends EventName>(
  type: K,
  callId: string,
  ms: number,
  match: (payload: Payload<K>) => boolean = () => true,
): Promise<Payload<K>> {
  return events
    .next(
      (e) =>
        e.type === type &&
        (e.payload as { callId?: string }).callId === callId &&
        match(e.payload as Payload<K>),
      ms,
      `the assistant's ${type} event for call ${callId}`,
    )
    .then((e) => e.payload as Payload<K>);
}

/** Every `type` event of `callId` so far. */
function seen<K extends EventName>(type: K, callId: string): Payload<K>[] {
  return events
    .all()
    .filter((e) => e.type === type && (e.payload as { callId?: string }).callId === callId)
    .map((e) => e.payload as Payload<K>);
}

/** Places a call to the assistant; resolves with the caller and the call id once the call is answered. */
async function call(
  options: Partial<DrivenCallerOptions> = {},
): Promise<{ caller: DrivenCaller; callId: string; language: string }> {
  const number = `bot-test-${process.pid}-${++calls}`;
  const caller = await DrivenCaller.start(bed, {
    service: ASSISTANT,
    assistant: ASSISTANT,
    language: 'en',
    caller: number,
    ...options,
  });
  cleanups.push(() => caller.stop());
  const started = await events.next(
    (e) => e.type === 'call' && (e.payload as Payload<'call'>).caller.number === number,
    10_000,
    `the assistant's call event for caller ${number}`,
  );
  const { callId, language } = started.payload as Payload<'call'>;
  return { caller, callId, language };
}

/**
 * Records both directions of a call's audio while `during` runs, through two snoop channels: what
 * the caller says (`in`) and what the caller hears (`out`). The two recordings start together and
 * run on the wall clock (silence where nothing is heard), so their timelines line up.
 */
async function recordBothWays(
  callId: string,
  during: () => Promise<void>,
): Promise<{ said: Int16Array; heard: Int16Array; rate: number }> {
  const live = assistant.stasis.calls.get(callId);
  if (!live) throw new Error(`call ${callId} is not in the app`);
  const { client } = assistant;
  const [said, heard] = await Promise.all([live.snoop({ spy: 'in' }), live.snoop({ spy: 'out' })]);
  const names = [said, heard].map((snoop) => `stasis-bot-test-${snoop.id}`);
  try {
    await Promise.all(
      [said, heard].map((snoop, i) =>
        client.channels.record({
          channelId: snoop.id,
          name: names[i]!,
          format: 'wav',
          ifExists: 'overwrite',
        }),
      ),
    );
    await during();
    await Promise.all(names.map((recordingName) => client.recordings.stop({ recordingName })));
    const [saidWav, heardWav] = await Promise.all(
      names.map(async (recordingName) => readWav(await client.recordings.getStoredFile({ recordingName }))),
    );
    return { said: saidWav!.samples, heard: heardWav!.samples, rate: saidWav!.sampleRate };
  } finally {
    for (const snoop of [said, heard])
      await client.channels.hangup({ channelId: snoop.id }).catch(() => undefined);
    for (const recordingName of names) {
      await client.recordings.deleteStored({ recordingName }).catch(() => undefined);
    }
  }
}

beforeAll(async () => {
  await makePrompts({ soundsDir: join(bed.chroot, 'usr/share/asterisk/sounds') });
  assistant = await startDemoAssistant({
    ari: bed.ari,
    app: bed.ari.app,
    assistants: [ASSISTANT],
    operators: OPERATORS,
    messageUrl: (name) => `https://pbx.example.test/messages/${name}.wav`,
    log: (line) => logLines.push(line),
  });
  const types: EventName[] = [
    'call',
    'menu',
    'choice',
    'listening',
    'echo',
    'recorded',
    'transferred',
    'end',
    'error',
  ];
  for (const type of types) {
    assistant.on(type, (payload: Payload<EventName>) => events.push({ type, payload }));
  }
}, 120_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // A test that failed midway may leave its call up: end it, so the next test starts clean.
  for (const leftover of assistant.stasis.calls.values()) await leftover.hangup();
  const errors = events.all().filter((e) => e.type === 'error');
  expect(
    errors.map((e) => (e.payload as Payload<'error'>).error.message),
    'the assistant reported no errors',
  ).toEqual([]);
});

afterAll(async () => {
  await assistant?.close();
});

describe('the demo assistant on a real Asterisk', () => {
  it('echoes the caller through the AI hook while they talk, until #; says goodbye on 0', async () => {
    const { caller, callId, language } = await call({ language: 'ru-RU' });
    expect(language).toBe('ru');
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('1');
    await next('choice', callId, 5000, (c) => c.digit === '1');
    await next('listening', callId, 15_000, (l) => l.mode === 'echo');
    let echo!: Payload<'echo'>;
    const audio = await recordBothWays(callId, async () => {
      await caller.talk();
      await caller.press('#');
      echo = await next('echo', callId, 5000);
    });
    expect(echo.endedBy).toBe('key');
    // The caller hears their own tone, whole, and well within a second of saying it.
    const [said] = toneRuns(audio.said, audio.rate, 440, 5);
    const [heard] = toneRuns(audio.heard, audio.rate, 440, 5);
    expect(said, 'the caller’s tone, as Asterisk received it').toBeDefined();
    expect(heard, 'the tone came back to the caller').toBeDefined();
    expect(heard![1] - heard![0]).toBeGreaterThanOrEqual(DrivenCaller.talkMs - 100);
    // Both recordings run on the wall clock from (nearly) the same moment: the onsets give the delay.
    const latencyMs = heard![0] - said![0];
    expect(latencyMs, `echo delay ${latencyMs} ms`).toBeGreaterThanOrEqual(-40);
    expect(latencyMs, `echo delay ${latencyMs} ms`).toBeLessThan(300);
    // 1.5 s of tone: about 75 frames of it, plus the frames around it.
    expect(echo.framesIn).toBeGreaterThanOrEqual(60);
    expect(echo.rmsIn, 'the bot heard the tone, not silence').toBeGreaterThan(1000);
    expect(echo.framesOut, 'the bot sent the caller back to them').toBeGreaterThanOrEqual(60);
    expect(echo.framesOut).toBeLessThanOrEqual(echo.framesIn);
    expect(echo.durationMs).toBeGreaterThanOrEqual(DrivenCaller.talkMs);

    await next('menu', callId, 10_000, (m) => m.round === 2);
    await caller.press('0');
    expect(await next('end', callId, 15_000)).toEqual({ callId, reason: 'goodbye' });
    await caller.hungUpOn(5000);
    const result = await within(caller.finished, 10_000, 'sipp to finish');
    expect(result.code, `sipp: ${result.stderr}`).toBe(0);
  });

  it('records a message after the beep until #, keeps it as a stored recording and plays it back', async () => {
    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('2');
    await next('listening', callId, 15_000, (l) => l.mode === 'record');
    await caller.talk();
    await caller.press('#');
    const recorded = await next('recorded', callId, 10_000);
    expect(recorded.name).toMatch(/^demo-[A-Za-z0-9_-]+-1$/);
    expect(recorded.url).toBe(`https://pbx.example.test/messages/${recorded.name}.wav`);
    expect(recorded.durationMs).toBeGreaterThanOrEqual(DrivenCaller.talkMs - 200);
    const stored = await assistant.client.recordings.getStored({ recordingName: recorded.name });
    expect(stored).toMatchObject({ name: recorded.name, format: 'wav' });
    const file = await assistant.client.recordings.getStoredFile({ recordingName: recorded.name });
    const samples = new Int16Array(file.slice(44, 44 + ((file.byteLength - 44) & ~1)).buffer);
    expect(rms(samples), 'the message holds the caller’s tone').toBeGreaterThan(1000);

    // Played back ("here is your message", the message, "saved"), then the menu again.
    await next('menu', callId, 20_000, (m) => m.round === 2);
    await caller.hangUp();
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
    await assistant.client.recordings.deleteStored({ recordingName: recorded.name });
  });

  it('says "not an option" for another key; with no operator online, 3 says so and the menu goes on', async () => {
    // A language the demo does not speak falls back to the channel's: English.
    const { caller, callId, language } = await call({ language: 'fr-FR' });
    expect(language).toBe('en');
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('7');
    await next('choice', callId, 5000, (c) => c.digit === '7');
    await next('menu', callId, 10_000, (m) => m.round === 2);
    await caller.press('3');
    await next('choice', callId, 5000, (c) => c.digit === '3');
    await next('menu', callId, 10_000, (m) => m.round === 3);
    expect(seen('transferred', callId)).toEqual([]);
    expect(seen('choice', callId).map((c) => c.digit)).toEqual(['7', '3']);
    await caller.hangUp();
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
  });

  it('rings the first operator online; when the phone is busy, says so and goes back to the menu', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '301', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '301', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'busy.xml');
    cleanups.push(() => phone.kill());

    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('3');
    await next('menu', callId, 20_000, (m) => m.round === 2);
    expect(seen('transferred', callId)).toEqual([]);
    const rang = await within(phone.done, 10_000, 'the busy phone to finish');
    expect(rang.code, `the phone was rung and said busy: ${rang.stderr}`).toBe(0);
    await caller.hangUp();
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
  });

  it('hands the caller to the operator who answers', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '301', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '301', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'answer.xml');
    cleanups.push(() => phone.kill());

    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('3');
    expect(await next('transferred', callId, 20_000)).toEqual({ callId, extension: '301' });
    // The two talk until one hangs up: the caller does, and the operator's phone gets a BYE.
    await caller.hangUp();
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'transferred' });
    const answered = await within(phone.done, 10_000, 'the operator’s phone to be hung up');
    expect(answered.code, `the operator's phone got a BYE: ${answered.stderr}`).toBe(0);
  });

  it('stops cleanly when the caller hangs up mid-menu', async () => {
    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.hangUp();
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
    expect(assistant.stasis.calls.has(callId)).toBe(false);
    expect(seen('choice', callId)).toEqual([]);
    const result = await within(caller.finished, 10_000, 'sipp to finish');
    expect(result.code, `sipp: ${result.stderr}`).toBe(0);
  });

  it('leaves calls for other assistants alone: not answered, not hung up', async () => {
    const arrived = new Promise<string>((resolve) =>
      assistant.stasis.once('call', (incoming) => resolve(incoming.id)),
    );
    const started = DrivenCaller.start(bed, {
      service: '100',
      assistant: 'support-bot',
      language: 'en',
      caller: `bot-test-${process.pid}-other`,
      timeoutSec: 20,
    });
    started.catch(() => undefined);
    const channelId = await within(arrived, 10_000, 'the call for support-bot to reach the Stasis app');
    const channel = await assistant.client.channels.get({ channelId });
    expect(channel.state, 'not answered').not.toBe('Up');
    expect(seen('call', channelId)).toEqual([]);
    expect(logLines.some((line) => line.includes(channelId) && line.includes('left alone'))).toBe(true);
    // Whoever handles support-bot would take it from here; the test hangs it up itself.
    await assistant.client.channels.hangup({ channelId });
    await expect(started).rejects.toThrow(/answered|sipp/);
  });

  it('stops cleanly when the caller hangs up while hearing themselves', async () => {
    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('1');
    await next('listening', callId, 15_000, (l) => l.mode === 'echo');
    await caller.talk();
    await caller.hangUp();
    const echo = await next('echo', callId, 5000);
    expect(echo.endedBy).toBe('hangup');
    expect(echo.framesIn).toBeGreaterThan(0);
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
    const media = (await assistant.client.channels.list()).filter((c) => c.id.startsWith('aipbx-media-'));
    expect(media, 'no media channel left behind').toEqual([]);
  });

  it('keeps a message the caller ends by hanging up, as voicemail does, and stops cleanly', async () => {
    const { caller, callId } = await call();
    await next('menu', callId, 15_000, (m) => m.round === 1);
    await caller.press('2');
    await next('listening', callId, 15_000, (l) => l.mode === 'record');
    await caller.talk();
    await caller.hangUp();
    const recorded = await next('recorded', callId, 5000);
    expect(await next('end', callId, 5000)).toEqual({ callId, reason: 'hangup' });
    const file = await assistant.client.recordings.getStoredFile({ recordingName: recorded.name });
    const samples = new Int16Array(file.slice(44, 44 + ((file.byteLength - 44) & ~1)).buffer);
    expect(rms(samples), 'the message holds the caller’s tone').toBeGreaterThan(1000);
    await assistant.client.recordings.deleteStored({ recordingName: recorded.name });
  });

  it('fails to start with wrong ARI credentials, saying so without the password', async () => {
    const password = `wrong-${process.pid}-password`;
    const error = await startDemoAssistant({
      ari: { ...bed.ari, password },
      app: 'aiPBXBotWrongPassword',
      operators: OPERATORS,
      messageUrl: (name) => name,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect((error as Error).message).not.toContain(password);
  });
});
