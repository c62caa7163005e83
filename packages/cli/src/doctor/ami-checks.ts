/**
 * AMI: login, the classes the CallMonitor needs, and public PJSIP endpoints confined to assistant
 * contexts.
 */
import { AmiClient, type AmiEvent } from '@aipbx/ami';
import { AuthenticationError } from '@aipbx/core';
import { DOCS } from './check-result.js';
import { type CheckOutcome, type DoctorContext, within } from './doctor-context.js';
import { describeFailure, networkFailure } from './network-error.js';

/** Actions the CallMonitor sends: the call list (required), click-to-call and hangup (optional). */
const REQUIRED_ACTIONS = ['CoreShowChannels'] as const;
const OPTIONAL_ACTIONS = ['Originate', 'Hangup'] as const;
/** One of these lists the extensions (hints, then device states, then endpoints). */
const EXTENSION_ACTIONS = ['ExtensionStateList', 'DeviceStateList', 'PJSIPShowEndpoints'] as const;
/** Actions that let a leaked secret run shell commands or rewrite the PBX. */
const DANGEROUS_ACTIONS = ['Command', 'UpdateConfig', 'Originate'] as const;

/** (d1) AMI login. */
export async function checkAmiLogin(ctx: DoctorContext): Promise<CheckOutcome> {
  const { host, port, username, secret } = ctx.options.ami;
  if (host === undefined)
    return {
      status: 'skipped',
      finding: 'no AMI host given',
      fix: 'set AMI_HOST (or YEASTAR_HOST, or --ami-host) to check AMI',
    };
  if (username === undefined || secret === undefined) {
    return {
      status: 'fail',
      finding: `AMI ${username === undefined ? 'user' : 'secret'} not set`,
      fix: 'set AMI_USERNAME and AMI_SECRET (or YEASTAR_USERNAME and YEASTAR_PASSWORD)',
      docs: DOCS.amiTroubleshooting,
    };
  }
  const client = new AmiClient({
    host,
    ...(port === undefined ? {} : { port }),
    username,
    secret,
    reconnect: false,
    connectTimeoutMs: ctx.options.timeoutMs,
    actionTimeoutMs: ctx.options.timeoutMs,
  });
  client.on('event', (event: AmiEvent) => {
    if (ctx.amiEvents.length < 5000) ctx.amiEvents.push(event);
  });
  client.on('error', () => undefined);
  const where = `${host}:${port ?? 5038}`;
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof AuthenticationError) {
      return {
        status: 'fail',
        finding: `AMI at ${where} refused user "${username}": wrong secret, or this address is not in the user's permit list`,
        fix: 'check the user’s secret and permit/deny lines in manager.conf, then manager reload',
        docs: DOCS.amiTroubleshooting,
      };
    }
    const kind = networkFailure(error);
    return {
      status: 'fail',
      finding: `cannot reach AMI at ${where}: ${describeFailure(kind, error)}`,
      fix: 'enable AMI in manager.conf ([general] enabled = yes), check bindaddr, port and firewall',
      docs: DOCS.amiTroubleshooting,
    };
  }
  ctx.ami = client;
  return {
    status: 'ok',
    finding: `AMI at ${where} accepts user "${username}"${client.version ? ` (AMI ${client.version})` : ''}`,
  };
}

/** The actions this user may send, from `ListCommands`. */
async function allowedActions(client: AmiClient): Promise<Set<string>> {
  const { response } = await client.action({ Action: 'ListCommands' });
  return new Set(response.headers.map(([name]) => name.toLowerCase()));
}

/** (d2) The read and write classes the CallMonitor needs. */
export async function checkAmiPermissions(ctx: DoctorContext): Promise<CheckOutcome> {
  const client = ctx.ami;
  if (client === undefined) return { status: 'skipped', finding: 'AMI login did not succeed (see above)' };
  const actions = await allowedActions(client);
  const has = (a: string) => actions.has(a.toLowerCase());
  const missingRequired = REQUIRED_ACTIONS.filter((a) => !has(a));
  const missingOptional = OPTIONAL_ACTIONS.filter((a) => !has(a));
  const extensions = EXTENSION_ACTIONS.some(has);
  const problems: string[] = [];
  if (missingRequired.length > 0)
    problems.push(`cannot send ${missingRequired.join(', ')} (write class reporting)`);
  if (!extensions) problems.push('cannot list extensions (ExtensionStateList: write class reporting)');
  // Read classes show in what the session received: FullyBooted (system) at login, and the test
  // call's Newchannel (call) and Newexten (dialplan).
  const names = new Set(ctx.amiEvents.map((e) => e.name));
  const readNotes: string[] = [];
  if (!names.has('FullyBooted')) readNotes.push('no FullyBooted event at login (read class system)');
  if (ctx.testCallChannel !== undefined) {
    const ours = ctx.amiEvents.filter((e) => (e.get('Channel') ?? '').startsWith(`${ctx.testCallChannel}-`));
    if (!ours.some((e) => e.name === 'Newchannel'))
      readNotes.push('no Newchannel for the test call (read class call)');
    if (!ours.some((e) => e.name === 'Newexten'))
      readNotes.push('no Newexten for the test call (read class dialplan)');
  }
  const dangerous = DANGEROUS_ACTIONS.filter((a) => a !== 'Originate' && has(a));
  if (problems.length > 0 || readNotes.length > 0) {
    return {
      status: 'fail',
      finding: `the AMI user lacks what the CallMonitor needs: ${[...problems, ...readNotes].join('; ')}`,
      fix: 'give the user read = call,dialplan,system and write = call,originate,reporting in manager.conf',
      docs: DOCS.amiTroubleshooting,
    };
  }
  const verified =
    ctx.testCallChannel === undefined
      ? 'read class system seen; call and dialplan need --assistant to be seen'
      : 'read classes call, dialplan, system seen';
  if (dangerous.length > 0) {
    return {
      status: 'warn',
      finding: `the AMI user has what the CallMonitor needs, and also ${dangerous.join(', ')} (write classes command/config): a leaked secret could run shell commands or rewrite the PBX`,
      fix: 'unless this user needs them, set write = call,originate,reporting',
      docs: DOCS.managerConf,
    };
  }
  const optional =
    missingOptional.length > 0
      ? `; without ${missingOptional.join(', ')} click-to-call and hangup are unavailable`
      : '';
  return {
    status: missingOptional.length > 0 ? 'warn' : 'ok',
    finding: `the AMI user can list calls and extensions; ${verified}${optional}`,
    ...(missingOptional.length > 0
      ? { fix: 'add write class originate (click-to-call) and call (hangup)', docs: DOCS.amiTroubleshooting }
      : {}),
  };
}

/** Dialplan applications that place calls or leave the assistant dialplan. */
const DIALS_OUT = /^(Dial|Originate|Queue|Page|FollowMe|ChanSpy|ExtenSpy|System|TrySystem|AGI|EAGI|Exec)$/i;

/**
 * Whether a context only reaches assistants: every step is Goto into the assistant dialplan,
 * Stasis, Hangup or NoOp, and it includes no other context. `undefined` when it cannot be read.
 */
async function contextIsConfined(
  client: AmiClient,
  context: string,
): Promise<{ confined: boolean; why: string } | undefined> {
  let events: readonly AmiEvent[];
  try {
    ({ events } = await client.action({ Action: 'ShowDialPlan', Context: context }));
  } catch {
    return undefined;
  }
  for (const e of events) {
    if (e.get('IncludeContext'))
      return { confined: false, why: `it includes context "${e.get('IncludeContext')}"` };
    const app = e.get('Application') ?? '';
    const data = e.get('AppData') ?? '';
    if (DIALS_OUT.test(app)) return { confined: false, why: `it runs ${app}()` };
    if (/^Goto(If)?$/i.test(app) && !/aipbx-assistant/.test(data) && !/^\(?[^,]*\)?$/.test(data)) {
      return { confined: false, why: `it jumps to ${data.split(',')[0]}` };
    }
  }
  return { confined: true, why: 'it only reaches the assistant dialplan' };
}

/** (f) Public endpoints (no inbound auth) enter only assistant contexts. */
export async function checkEndpoints(ctx: DoctorContext): Promise<CheckOutcome> {
  const client = ctx.ami;
  if (client === undefined) return { status: 'skipped', finding: 'AMI login did not succeed (see above)' };
  let list: readonly AmiEvent[];
  try {
    ({ events: list } = await client.action({ Action: 'PJSIPShowEndpoints' }));
  } catch {
    return {
      status: 'warn',
      finding: 'this AMI user cannot list PJSIP endpoints (PJSIPShowEndpoints needs write class system)',
      fix: 'run the doctor with an AMI user that has write class system to check endpoint confinement',
      docs: DOCS.widgets,
    };
  }
  const names = list.map((e) => e.get('ObjectName')).filter((n): n is string => n !== undefined);
  const risks: string[] = [];
  const checked = new Map<string, { confined: boolean; why: string } | undefined>();
  let publicCount = 0;
  for (const name of names) {
    const { events } = await within(
      client.action({ Action: 'PJSIPShowEndpoint', Endpoint: name }),
      ctx.options.timeoutMs,
      `PJSIPShowEndpoint ${name}`,
    );
    const detail = events.find((e) => e.name === 'EndpointDetail');
    if (detail === undefined) continue;
    if ((detail.get('Auth') ?? '').trim() !== '') continue;
    publicCount++;
    // The assistant context is read too: a Dial added there by hand opens every public endpoint.
    const context = detail.get('Context') ?? '';
    if (!checked.has(context))
      checked.set(
        context,
        await within(contextIsConfined(client, context), ctx.options.timeoutMs, `ShowDialPlan ${context}`),
      );
    const verdict = checked.get(context);
    if (verdict === undefined)
      risks.push(
        `"${name}" enters context "${context}", which is not the assistant context and could not be read`,
      );
    else if (!verdict.confined) risks.push(`"${name}" enters context "${context}": ${verdict.why}`);
  }
  if (risks.length > 0) {
    return {
      status: 'fail',
      finding: `toll-fraud risk: public endpoint (no auth) ${risks.join('; ')}`,
      fix: `set context = ${ctx.options.context} on every endpoint without auth (widgets, trunks), or give it auth`,
      docs: DOCS.widgets,
    };
  }
  return {
    status: 'ok',
    finding: `${names.length} endpoints; the ${publicCount} without auth enter only assistant contexts`,
  };
}
