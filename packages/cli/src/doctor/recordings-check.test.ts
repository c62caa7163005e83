import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorContext } from './doctor-context.js';
import { checkRecordings } from './recordings-check.js';

let server: Server;
let base: string;

beforeAll(async () => {
  // A recordings server: one recording, a forbidden folder, anything else missing.
  server = createServer((req, res) => {
    const status =
      req.url === '/records/pizza-order/1.wav' ? 200 : req.url?.startsWith('/private/') ? 403 : 404;
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const check = (recordingUrl: string) =>
  checkRecordings({ options: { recordingUrl, timeoutMs: 2000 } } as unknown as DoctorContext);

describe('the recordings check, for a recording URL', () => {
  it('is ok when the server answers, even 404 for a recording that is not there', async () => {
    expect(await check(`${base}/records/pizza-order/1.wav`)).toMatchObject({
      status: 'ok',
      finding: 'the recording URL answers 200',
    });
    expect((await check(`${base}/records/pizza-order/2.wav`)).finding).toContain('404 (no such recording');
  });

  it('fails when the server refuses to read the folder (403), with a fix', async () => {
    const outcome = await check(`${base}/private/1.wav`);
    expect(outcome.status).toBe('fail');
    expect(outcome.finding).toContain('answered 403');
    expect(outcome.fix).toContain('permissions');
  });

  it('fails when nothing listens there', async () => {
    // A port that was just free (fetch refuses "bad ports" like 1 before connecting at all).
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as AddressInfo;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const outcome = await check(`http://127.0.0.1:${port}/records/a/1.wav`);
    expect(outcome).toMatchObject({ status: 'fail' });
    expect(outcome.finding).toContain('connection refused');
  });
});
