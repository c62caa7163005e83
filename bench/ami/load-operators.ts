/**
 * The `operators` mix: an office on the phone. The bed's two plain SIP desk phones (301, 302),
 * registered with sipp, call each other: some calls are answered and carry DTMF, a hold and a
 * resume; some find the other phone busy; some ring out. Between those, click-to-calls by AMI
 * `Originate` (connecting the phones, or playing a prompt), a few assistant calls from the trunk,
 * and the phones registering again. The people have Russian names ({@link configureOffice}), as
 * they do at most of the PBXs this SDK serves, so most call events carry UTF-8 text.
 */
import { join } from 'node:path';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { freeUdpPort, PHONE_IP, registerPhone } from '@aipbx/testbed/support/sipp.js';
import type { AsteriskConfigInput } from '../../packages/core/src/index.js';
import { type AmiActionSession, openActionSession } from './ami-actions.js';
import { runAssistantCalls } from './load-assistant.js';
import { checkSippRun, type SippProcess, type SippRunResult, startSipp } from './sipp-process.js';
import { startStasisAnswerer } from './stasis-answerer.js';

/** How much office load to generate. */
export interface OperatorsLoadOptions {
  /** The bed's `testbed/sipp/call-assistant.xml` (absolute path), for the assistant calls. */
  assistantScenario: string;
  /** This folder's `sipp/` (absolute path): `desk-phone.xml` and `desk-call.xml`. */
  scenarioDir: string;
  /** Stop once the tap holds this many bytes. */
  targetBytes: number;
  /** Never place more calls than this. */
  maxCalls: number;
  /** Desk calls each phone places per round (at `deskRate`/s, `deskLimit` at once). Default 30. */
  deskCalls?: number;
  /** Default 3. */
  deskRate?: number;
  /**
   * Default 8 per phone. Each desk call holds two channels, four RTP ports of the bed's 100,
   * so both phones at 8 use 64.
   */
  deskLimit?: number;
  /** AMI click-to-calls per round, one every 400 ms. Default 16. */
  clickToCalls?: number;
  /** Assistant calls per round from the trunk (at 10/s, 20 at once). Default 30. */
  assistantCalls?: number;
  log: (line: string) => void;
}

/** Display names of the desk phones in the office's PBX: caller and connected-line names of their calls. */
export const OFFICE_NAMES: Readonly<Record<string, string>> = {
  '301': 'Иван Петров',
  '302': 'Мария Смирнова',
};

/**
 * The bed's configuration as the office has it: the desk phones carry their users' names
 * ({@link OFFICE_NAMES}); everything else as the bed generates it.
 */
export function configureOffice(input: AsteriskConfigInput): AsteriskConfigInput {
  return {
    ...input,
    operators: input.operators?.map((o) => {
      const name = OFFICE_NAMES[o.extension];
      return name === undefined ? o : { ...o, displayName: name };
    }),
  };
}

/** The two desk phones and the sipp processes answering for them. */
interface Phones {
  ports: Record<'301' | '302', number>;
  uas: SippProcess[];
}

const PHONES = ['301', '302'] as const;

async function registerBoth(info: TestbedInfo, ports: Phones['ports'], expires?: number): Promise<void> {
  for (const extension of PHONES) {
    await registerPhone(info, extension, {
      contactPort: ports[extension],
      ...(expires === undefined ? {} : { expires }),
    });
  }
}

/** Starts a `desk-phone.xml` answerer for each phone and registers both at them. */
async function startPhones(info: TestbedInfo, scenarioDir: string): Promise<Phones> {
  const ports = { '301': await freeUdpPort(PHONE_IP), '302': await freeUdpPort(PHONE_IP) };
  const uas: SippProcess[] = [];
  for (const extension of PHONES) {
    const mediaPort = await freeUdpPort(PHONE_IP);
    // biome-ignore format: sipp flags read best in pairs
    uas.push(startSipp([
      '-sf', join(scenarioDir, 'desk-phone.xml'),
      '-m', '1000000',
      '-i', PHONE_IP, '-bind_local', '-p', String(ports[extension]),
      '-mi', PHONE_IP, '-mp', String(mediaPort),
    ], 24 * 3600));
  }
  try {
    await registerBoth(info, ports);
  } catch (error) {
    for (const phone of uas) await phone.stop();
    throw error;
  }
  return { ports, uas };
}

/** One phone calls the other `calls` times with `desk-call.xml`. */
async function deskCalls(
  info: TestbedInfo,
  options: { from: string; to: string; calls: number; rate: number; limit: number; scenarioDir: string },
): Promise<SippRunResult> {
  const operator = info.operators.find((o) => o.extension === options.from);
  if (operator === undefined) throw new Error(`The test bed has no operator ${options.from}.`);
  const [port, mediaPort] = [await freeUdpPort(PHONE_IP), await freeUdpPort(PHONE_IP)];
  const timeoutSec = Math.ceil(options.calls / options.rate) + 90;
  // biome-ignore format: sipp flags read best in pairs
  return startSipp([
    `${info.sip.host}:${info.sip.port}`,
    '-sf', join(options.scenarioDir, 'desk-call.xml'),
    '-s', options.to,
    '-i', PHONE_IP, '-bind_local', '-p', String(port),
    '-mi', PHONE_IP, '-mp', String(mediaPort),
    '-m', String(options.calls),
    '-r', String(options.rate),
    '-l', String(options.limit),
    '-au', operator.username, '-ap', operator.password,
    '-key', 'user', options.from,
    '-timeout', `${timeoutSec}s`,
  ], timeoutSec).done;
}

/** Customers a CRM calls back. */
const CUSTOMERS = ['Ольга Кузнецова', 'ООО «Ромашка»', 'Алексей Смирнов', 'Елена Попова'] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `count` click-to-calls through AMI, one every 400 ms, as a CRM places them (a customer's name as
 * caller id and in a channel variable, an order number): every other one rings a phone and, once
 * it answers, dials the other phone; the rest ring a phone and play it a prompt. Each rings for at
 * most 3 s (`Timeout`), and the recorder hangs up whatever is still up 2.5–4 s after it started.
 *
 * @returns how many Originates Asterisk accepted
 */
async function clickToCalls(session: AmiActionSession, round: number, count: number): Promise<number> {
  let accepted = 0;
  const hangups: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const from = PHONES[(i >> 1) % 2]!;
    const to = from === '301' ? '302' : '301';
    const channelId = `aipbx-bench-${round}-${i}`;
    const customer = CUSTOMERS[i % CUSTOMERS.length]!;
    const target: Record<string, string> =
      i % 2 === 0
        ? { Context: 'aipbx-operators', Exten: to, Priority: '1', CallerID: `"${customer}" <${to}>` }
        : { Application: 'Playback', Data: 'hello-world', CallerID: '"Оповещение" <700>' };
    const answer = await session.send({
      Action: 'Originate',
      Channel: `PJSIP/${from}`,
      ...target,
      Variable: `CUSTOMER=${customer},ORDER=${round * 1000 + i}`,
      Timeout: '3000',
      Async: 'true',
      ChannelId: channelId,
    });
    if (answer.Response === 'Success') accepted++;
    hangups.push(
      sleep(2500 + Math.random() * 1500).then(() =>
        session.send({ Action: 'Hangup', Channel: channelId }).catch(() => undefined),
      ),
    );
    await sleep(400);
  }
  await Promise.all(hangups);
  return accepted;
}

/**
 * Places office calls in rounds until the tap holds `targetBytes` (or `maxCalls` were placed).
 * Each round: both phones call each other at once; click-to-calls; assistant calls (Stasis-answered
 * in even rounds, the apology in odd ones); both phones unregister and register again.
 *
 * @param recorded - bytes the tap holds so far
 * @returns the number of calls placed (desk calls, click-to-calls, assistant calls)
 * @throws Error when sipp or AMI cannot place calls, saying why
 */
export async function runOperatorsLoad(
  info: TestbedInfo,
  recorded: () => number,
  options: OperatorsLoadOptions,
): Promise<number> {
  const { log, targetBytes, maxCalls, scenarioDir } = options;
  const desk = {
    calls: options.deskCalls ?? 30,
    rate: options.deskRate ?? 3,
    limit: options.deskLimit ?? 8,
  };
  const clicks = options.clickToCalls ?? 16;
  const assistantCalls = options.assistantCalls ?? 30;
  const where = `the bed's log ${info.logFile}`;
  const phones = await startPhones(info, scenarioDir);
  let session: AmiActionSession | undefined;
  let calls = 0;
  try {
    session = await openActionSession(info);
    for (let round = 0; recorded() < targetBytes && calls < maxCalls; round++) {
      const started = performance.now();
      // Both runs end before either is judged, so no sipp outlives a failed round.
      const [a, b] = (
        await Promise.allSettled([
          deskCalls(info, { ...desk, from: '301', to: '302', scenarioDir }),
          deskCalls(info, { ...desk, from: '302', to: '301', scenarioDir }),
        ])
      ).map((settled) => {
        if (settled.status === 'rejected') throw settled.reason;
        return settled.value;
      }) as [SippRunResult, SippRunResult];
      checkSippRun(a, 'desk calls 301 → 302', where);
      checkSippRun(b, 'desk calls 302 → 301', where);
      const accepted = await clickToCalls(session, round, clicks);
      const stasis = round % 2 === 0;
      const answerer = stasis ? await startStasisAnswerer(info) : undefined;
      let assistant: SippRunResult;
      try {
        assistant = await runAssistantCalls(info, {
          scenario: options.assistantScenario,
          calls: assistantCalls,
          rate: 10,
          limit: 20,
          assistant: 'pizza-order',
        });
      } finally {
        await answerer?.close();
      }
      checkSippRun(assistant, 'assistant calls', where);
      await registerBoth(info, phones.ports, 0);
      await sleep(500);
      await registerBoth(info, phones.ports);
      calls += 2 * desk.calls + clicks + assistantCalls;
      const ok = (r: SippRunResult) => `${r.successful ?? '?'} ok/${r.failed ?? '?'} failed`;
      log(
        `bench: round ${round + 1}: desk calls 301→302 ${ok(a)}, 302→301 ${ok(b)}; ` +
          `${accepted}/${clicks} click-to-calls accepted; ${assistantCalls} ${stasis ? 'Stasis-answered' : 'apology'} ` +
          `assistant calls ${ok(assistant)}; in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `recorded ${(recorded() / 1048576).toFixed(1)} MiB`,
      );
    }
  } finally {
    session?.close();
    for (const uas of phones.uas) await uas.stop();
    await registerBoth(info, phones.ports, 0).catch(() => {});
  }
  return calls;
}
