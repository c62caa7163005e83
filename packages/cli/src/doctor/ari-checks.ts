/**
 * ARI: reachable with valid credentials, the Stasis app can register, and a test call reaches it
 * with the right assistant id.
 */
import { AriClient, type AriEvent } from '@aipbx/node-ari';
import { DOCS } from './check-result.js';
import { type CheckOutcome, type DoctorContext, within } from './doctor-context.js';
import { describeFailure, networkFailure } from './network-error.js';

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** (a) ARI answers and takes the credentials: `GET /ari/asterisk/info`. */
export async function checkAri(ctx: DoctorContext): Promise<CheckOutcome> {
  const { url, username, password } = ctx.options.ari;
  const missing = [
    url === undefined && 'ARI_URL (or --ari-url)',
    username === undefined && 'ARI_USERNAME (or --ari-username)',
    password === undefined && 'ARI_PASSWORD',
  ].filter(Boolean);
  if (url === undefined || username === undefined || password === undefined) {
    return {
      status: 'fail',
      finding: `no ARI connection given: ${missing.join(', ')} not set`,
      fix: 'set the ARI_* variables, or pass --input with the PBX description',
      docs: DOCS.ariConf,
    };
  }
  let client: AriClient;
  try {
    client = new AriClient({
      url,
      username,
      password,
      ...(ctx.options.ca === undefined ? {} : { ca: ctx.options.ca }),
      requestTimeoutMs: ctx.options.timeoutMs,
      connectTimeoutMs: ctx.options.timeoutMs,
      reconnect: false,
    });
  } catch (error) {
    return {
      status: 'fail',
      finding: `ARI settings are invalid: ${(error as Error).message}`,
      docs: DOCS.ariConf,
    };
  }
  try {
    const info = await client.asterisk.getInfo();
    ctx.ari = client;
    const version = (info as { system?: { version?: string } }).system?.version;
    return {
      status: 'ok',
      finding: `ARI at ${client.address} accepts user "${username}"${version ? ` (Asterisk ${version})` : ''}`,
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    const status = statusOf(error);
    if (status === 401) {
      return {
        status: 'fail',
        finding: `ARI refused user "${username}" (401 Unauthorized): wrong user or password`,
        fix: 'check the [user] section and password in ari.conf against ARI_USERNAME/ARI_PASSWORD',
        docs: DOCS.ariConf,
      };
    }
    if (status !== undefined) {
      return {
        status: 'fail',
        finding: `ARI answered ${status}: is this Asterisk's HTTP server with ARI enabled?`,
        fix: 'enable ARI (ari.conf [general] enabled = yes, http.conf enabled = yes) and check the URL',
        docs: DOCS.ariConf,
      };
    }
    const kind = networkFailure(error);
    return {
      status: 'fail',
      finding: `cannot reach ARI at ${new URL(url).origin}: ${describeFailure(kind, error)}`,
      fix:
        kind === 'refused'
          ? 'start Asterisk, enable http.conf, and check the port and bind address'
          : kind === 'self-signed' || kind === 'untrusted'
            ? 'pass the certificate with --ca FILE, or install one from a public CA'
            : 'check the URL, DNS and firewall between here and the PBX',
      docs:
        kind === 'refused' || kind === 'timeout' || kind === 'not-found'
          ? DOCS.asteriskTroubleshooting
          : DOCS.certificate,
    };
  }
}

/** (b) The Stasis app registers: opened, seen in `GET /ari/applications`. */
export async function checkStasisApp(ctx: DoctorContext): Promise<CheckOutcome> {
  const client = ctx.ari;
  if (client === undefined) return { status: 'skipped', finding: 'ARI is not reachable (see above)' };
  const name = ctx.options.app;
  const before = await client.applications.list();
  if (before.some((a) => a.name === name)) {
    // A bot is connected: registering the same name would take its calls away.
    ctx.appInUse = true;
    return {
      status: 'ok',
      finding: `Stasis app "${name}" is registered by a running process (the doctor leaves it alone)`,
    };
  }
  const app = client.app(name, { recordings: false });
  try {
    await within(app.start(), ctx.options.timeoutMs, `the events WebSocket of app "${name}"`);
  } catch (error) {
    await app.stop().catch(() => undefined);
    return {
      status: 'fail',
      finding: `cannot open the events WebSocket for app "${name}": ${(error as Error).message.split('\n')[0]}`,
      fix: 'check http.conf (the WebSocket rides on it) and any proxy in front of ARI: it must pass the Upgrade',
      docs: DOCS.asteriskTroubleshooting,
    };
  }
  ctx.app = app;
  const after = await client.applications.list();
  if (!after.some((a) => a.name === name)) {
    return {
      status: 'fail',
      finding: `app "${name}" opened, but GET /ari/applications does not list it`,
      fix: 'check res_stasis is loaded (module show like stasis)',
      docs: DOCS.asteriskTroubleshooting,
    };
  }
  return { status: 'ok', finding: `app "${name}" registers (listed by GET /ari/applications)` };
}

/**
 * (c) A test call reaches Stasis with the assistant id: `Local/<assistant>@<context>` originated
 * through ARI, StasisStart awaited on the app, then hung up.
 */
/**
 * Asterisk accepts a Local originate into a context or extension that does not exist and the call
 * just never arrives; asked over AMI first (when logged in), the dialplan says so at once. A
 * finding when it is missing; undefined when it is there or AMI cannot tell.
 */
async function missingFromDialplan(
  ctx: DoctorContext,
  context: string,
  extension: string,
): Promise<string | undefined> {
  if (ctx.ami === undefined) return undefined;
  try {
    await within(
      ctx.ami.action({ Action: 'ShowDialPlan', Context: context, Extension: extension }),
      ctx.options.timeoutMs,
      'ShowDialPlan',
    );
    return undefined;
  } catch (error) {
    const text = (error as Error).message;
    if (/did not find context/i.test(text)) return `the dialplan has no context "${context}"`;
    if (/did not find extension/i.test(text))
      return `context "${context}" has no extension "${extension}": the assistant is not in the dialplan`;
    return undefined;
  }
}

export async function checkTestCall(ctx: DoctorContext): Promise<CheckOutcome> {
  const { assistant, context, app: appName, timeoutMs } = ctx.options;
  if (assistant === undefined)
    return {
      status: 'skipped',
      finding: 'no --assistant given',
      fix: 'pass --assistant ID to place a test call',
    };
  const client = ctx.ari;
  const app = ctx.app;
  if (client === undefined) return { status: 'skipped', finding: 'ARI is not reachable (see above)' };
  if (ctx.appInUse)
    return {
      status: 'skipped',
      finding: `app "${appName}" belongs to a running process: a test call would reach it`,
      fix: 'stop the bot for the check, or run the doctor against a test app name with --app',
    };
  if (app === undefined)
    return { status: 'skipped', finding: `app "${appName}" could not register (see above)` };
  const missing = await missingFromDialplan(ctx, context, assistant);
  if (missing !== undefined)
    return {
      status: 'fail',
      finding: missing,
      fix: `add "${assistant}" to the assistants (dialplan.assistants) and regenerate extensions.conf; check --context`,
      docs: DOCS.assistantContexts,
    };
  const endpoint = `Local/${assistant}@${context}`;
  const started = new Promise<AriEvent & { args?: string[] }>((resolve) => {
    const listener = (event: AriEvent) => {
      if (event.type !== 'StasisStart') return;
      const channel = (event as { channel?: { name?: string } }).channel;
      if (!channel?.name?.startsWith(`${endpoint}-`)) return;
      app.off('event', listener);
      resolve(event as AriEvent & { args?: string[] });
    };
    app.on('event', listener);
  });
  let channelId: string;
  ctx.testCallChannel = endpoint;
  try {
    const channel = await client.channels.originate({
      endpoint,
      // The originating half never answers (the assistant leg enters Stasis unanswered): it only
      // holds the call up until the doctor hangs it up.
      context,
      extension: 'failed',
      priority: 1,
      callerId: 'aipbx doctor <0>',
      timeout: Math.ceil(timeoutMs / 1000) + 5,
    });
    channelId = channel.id;
  } catch (error) {
    const status = statusOf(error);
    return {
      status: 'fail',
      finding: `Asterisk refused to place ${endpoint}${status ? ` (${status})` : ''}: context "${context}" or extension "${assistant}" does not exist`,
      fix: `add "${assistant}" to the assistants (dialplan.assistants) and regenerate extensions.conf; check --context`,
      docs: DOCS.assistantContexts,
    };
  }
  try {
    const event = await within(started, timeoutMs, `the test call to reach Stasis app "${appName}"`);
    const got = event.args?.[0] ?? '';
    if (got !== assistant) {
      return {
        status: 'fail',
        finding: `the test call reached "${appName}" with assistant id "${got}", not "${assistant}"`,
        fix: 'the dialplan must run Stasis(app,${ASSISTANTID}) with the dialled assistant',
        docs: DOCS.assistantContexts,
      };
    }
    return {
      status: 'ok',
      finding: `${endpoint} reached Stasis app "${appName}" with assistant id "${assistant}"`,
    };
  } catch {
    return {
      status: 'fail',
      finding: `${endpoint} did not reach Stasis app "${appName}" within ${timeoutMs} ms`,
      fix: `check the dialplan of "${context}": it must end in Stasis(${appName},\${ASSISTANTID}) (asterisk -rx "dialplan show ${assistant}@${context}")`,
      docs: DOCS.asteriskTroubleshooting,
    };
  } finally {
    await client.channels.hangup({ channelId }).catch(() => undefined);
  }
}
