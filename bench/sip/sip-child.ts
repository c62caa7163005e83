/**
 * The app of the SIP benchmark, in a process of its own (bundled by main.ts with @aipbx/sip built
 * from this checkout's source): a `SipService` registered as the bed's desk phone extension. Every
 * call it gets, it answers, opens `call.media({ format: 'slin16' })` and runs the media
 * benchmark's load on it (bench/media/load-call.ts: reads every frame, writes a continuous 440 Hz
 * tone with backpressure for `holdMs`), then closes the media and hangs up. It reports what each
 * call counted when the parent says stop.
 */
import { type CallMedia, type SipCall, SipService } from '@aipbx/sip';
import { failedLoadCall, LoadMonitor, loadCall } from '../media/load-call.js';
import type { ParentMessage } from '../media/protocol.js';
import { monotonicMs } from '../media/rtp-echo.js';
import {
  type AppMessage,
  type CallRtp,
  REQUEST_VARIABLE,
  type SipAppRequest,
  type SipLoadCallReport,
} from './protocol.js';

function send(message: AppMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function rtpOf(stats: SipCall['rtpStats']): CallRtp | undefined {
  if (stats === undefined) return undefined;
  return {
    packetsSent: stats.packetsSent,
    packetsReceived: stats.packetsReceived,
    packetsLost: stats.packetsLost,
    packetsLate: stats.packetsLate,
    jitterMs: stats.jitterMs,
    ...(stats.remote === undefined ? {} : { lostByPbx: stats.remote.cumulativeLost }),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  const raw = process.env[REQUEST_VARIABLE];
  if (raw === undefined || process.send === undefined) {
    process.stderr.write(`bench sip app: start it from main.ts (${REQUEST_VARIABLE} and IPC).\n`);
    process.exit(2);
  }
  const request = JSON.parse(raw) as SipAppRequest;
  const service = new SipService({
    server: request.sip.server,
    port: request.sip.port,
    users: request.sip.users,
    rtp: request.rtp,
  });
  const appErrors: string[] = [];
  service.on('error', (error: Error) => {
    if (appErrors.length < 20) appErrors.push(message(error).slice(0, 300));
  });
  service.on('registration', (status) => {
    // A registration lost mid-run is worth a line in the report.
    if (status.state !== 'registered' && status.state !== 'registering' && appErrors.length < 20)
      appErrors.push(`extension ${status.extension}: registration ${status.state}`);
  });
  const loads: SipLoadCallReport[] = [];
  const monitor = new LoadMonitor(send, request.calls);
  const pending = new Set<Promise<unknown>>();

  service.onCall(async (call) => {
    const arrived = monotonicMs();
    let media: CallMedia | undefined;
    const work = (async () => {
      let openMs: number | undefined;
      try {
        await call.answer();
        media = await call.media({ format: 'slin16' });
        openMs = monotonicMs() - arrived;
        const m = media;
        monitor.opened(m);
        const counts = await loadCall(m, request.holdMs, () => monitor.closing());
        monitor.closed(m, counts.lateTicks);
        loads.push({ callId: call.id, openMs, ...counts });
      } catch (error) {
        loads.push(failedLoadCall(call.id, openMs, media, message(error)));
      } finally {
        await media?.close().catch(() => undefined);
        if (call.ended === undefined) await call.hangup().catch(() => undefined);
        // The call's RTP counters once it ended (they stay readable).
        const report = loads.find((l) => l.callId === call.id);
        const rtp = rtpOf(call.rtpStats);
        if (report && rtp) report.rtp = rtp;
      }
    })();
    pending.add(work);
    await work;
    pending.delete(work);
  });

  monitor.enableLoopDelay();
  await service.start();
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (m: ParentMessage) => {
      if (m.type === 'stop') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await send({ type: 'ready' });
  await stopped;
  await Promise.race([Promise.allSettled([...pending]), sleep(10_000)]);
  const watched = monitor.stop();
  await send({
    type: 'load',
    report: {
      calls: loads,
      // Calls the service still holds once every call ended, before it stops.
      leftoverCalls: service.calls.size,
      ...watched,
      appErrors,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    },
  });
  // Unregisters and closes the transport; bounded below the parent's grace (15 s).
  await Promise.race([service.stop(), sleep(12_000)]).catch(() => undefined);
  process.exit(0);
}

run().catch(async (error: unknown) => {
  await send({ type: 'failed', error: message(error) });
  process.exit(1);
});
