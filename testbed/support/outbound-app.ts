/**
 * One instance of an app served by ARI outbound WebSockets, for the scale-out tests: an AriServer
 * on the given port whose Stasis app answers each call, holds it for `holdMs`, and hangs up. Every
 * call is reported on stdout as a JSON line (`ready`, `call`, `end`), so the test can tell which
 * instance handled which call. Run: `node scripts/run-ts.mjs testbed/support/outbound-app.ts`
 * with AIPBX_APP_NAME, AIPBX_APP_PORT, AIPBX_APP_USER, AIPBX_APP_PASSWORD, AIPBX_STASIS_APP,
 * AIPBX_HOLD_MS in the environment.
 */
import { AriServer } from '../../packages/node-ari/src/index.js';

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);
}

export async function main(): Promise<number> {
  const env = process.env;
  const name = env.AIPBX_APP_NAME ?? 'app';
  const hold = Number(env.AIPBX_HOLD_MS ?? 500);
  const server = new AriServer({
    port: Number(env.AIPBX_APP_PORT),
    username: env.AIPBX_APP_USER ?? '',
    password: env.AIPBX_APP_PASSWORD ?? '',
  });
  server.app(env.AIPBX_STASIS_APP ?? 'aiPBXBot').onCall(async (call) => {
    say({ event: 'call', name, id: call.id, assistant: call.assistantId });
    call.once('end', (reason) => say({ event: 'end', name, id: call.id, reason }));
    await call.answer();
    await new Promise((resolve) => setTimeout(resolve, hold));
    await call.hangup();
  });
  const port = await server.listen();
  say({ event: 'ready', name, port });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  return 0;
}
