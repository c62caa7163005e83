/**
 * The test bed: a real Asterisk 22 from Debian's archive, in a chroot made with debootstrap,
 * configured by @aipbx/core's generator. Provisioned once into a cache; each start writes a fresh
 * configuration with fresh credentials into an instance folder of its own inside the chroot.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type AsteriskConfigInput,
  generateAsteriskConfig,
  type SipUser,
} from '../packages/core/src/index.js';
import { openRawAmi } from './support/ami-raw.js';
import {
  SIPP_SOURCE_IP,
  type TestbedPorts,
  type TestbedSecrets,
  testbedConfigInput,
  testbedOperators,
  testbedPorts,
} from './testbed-config.js';

const run = promisify(execFile);

/** Bumped whenever what goes into the chroot changes, so stale caches are rebuilt. */
const PROVISION_VERSION = '1';
const STAMP = '.aipbx-provisioned';

/** What the tests get: where the bed is and how to log in. Secrets are fresh for every start. */
export interface TestbedInfo {
  name: string;
  chroot: string;
  ports: TestbedPorts;
  asteriskVersion: string;
  ari: { url: string; username: string; password: string; app: string };
  ami: {
    host: string;
    port: number;
    tlsPort: number;
    username: string;
    secret: string;
    /** A user with the generator's default (least-privilege) classes. */
    monitor: { username: string; secret: string };
  };
  wsUrl: string;
  wssUrl: string;
  /** SIP: `port` is UDP (and TCP, the same number); `tlsPort` is TLS with the bed's certificate. */
  sip: { host: string; port: number; tlsPort: number; sippSourceIp: string };
  operators: SipUser[];
  widget: { sipUri: string; assistant: string };
  /** PEM of the bed's self-signed certificate, for clients that verify TLS. */
  certPem: string;
  /** Host path of the folder MixMonitor records into. */
  recordingsDir: string;
  /** Path of the recordings folder as Asterisk sees it inside the chroot. */
  recordingsDirInChroot: string;
  /** Host path of the instance log (Asterisk's console output). */
  logFile: string;
  /** PID of the Asterisk process (chroot execs it), for tests that freeze it to simulate a hung peer. */
  pid: number;
}

/** A prerequisite is missing: the message says which and how to provide it. */
export class TestbedError extends Error {
  override name = 'TestbedError';
}

export function cacheDir(): string {
  return process.env.AIPBX_CACHE_DIR ?? join(homedir(), '.cache', 'aipbx');
}

export function chrootDir(): string {
  return process.env.AIPBX_ASTERISK_CHROOT ?? join(cacheDir(), 'asterisk-sid');
}

function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new TestbedError(
      `${what} needs root (debootstrap, chroot and apt-get run as root). Run it as root (sudo), or ` +
        'provision once as root and point AIPBX_ASTERISK_CHROOT at the chroot.',
    );
  }
}

async function missingDebianPackages(names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    try {
      const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', name]);
      if (!stdout.includes('install ok installed')) missing.push(name);
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

/**
 * Installs Debian packages the bed needs when missing: chromium, sip-tester, debootstrap, openssl,
 * haproxy, and espeak-ng and sox for the demo assistant's prompts.
 */
export async function ensureHostPackages(
  names: readonly string[] = [
    'debootstrap',
    'chromium',
    'sip-tester',
    'openssl',
    'haproxy',
    'espeak-ng',
    'sox',
  ],
  log: (line: string) => void = console.log,
): Promise<void> {
  if (!existsSync('/usr/bin/dpkg-query')) {
    throw new TestbedError(
      `This machine is not Debian (no dpkg-query): install ${names.join(', ')} by hand, or run on Debian.`,
    );
  }
  const missing = await missingDebianPackages(names);
  if (missing.length === 0) return;
  requireRoot(`Installing ${missing.join(', ')}`);
  log(`testbed: installing Debian packages ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update', '-qq'], { env, maxBuffer: 64 << 20 });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      env,
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    throw new TestbedError(
      `apt-get could not install ${missing.join(', ')}: ${(err as Error).message.split('\n').slice(-3).join(' ')}. ` +
        "Check this machine's access to Debian's archive, or install them by hand.",
    );
  }
}

/**
 * Makes the Asterisk chroot unless a current one is cached. About a minute and ~500 MB the first
 * time; seconds afterwards.
 */
export async function provision(log: (line: string) => void = console.log): Promise<string> {
  const dir = chrootDir();
  const stamp = join(dir, STAMP);
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')).startsWith(`${PROVISION_VERSION} `)) return dir;
  requireRoot('Provisioning the Asterisk chroot');
  await ensureHostPackages(['debootstrap'], log);
  const mirror = process.env.AIPBX_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(cacheDir(), { recursive: true });
  log(`testbed: debootstrap sid with asterisk into ${dir} (about a minute, once)`);
  try {
    await run('debootstrap', ['--variant=minbase', '--include=asterisk', 'sid', tmp, mirror], {
      maxBuffer: 256 << 20,
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    const out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    throw new TestbedError(
      `debootstrap of Debian sid with asterisk failed (${out.trim().split('\n').slice(-3).join(' | ')}). ` +
        `It needs Debian's archive at ${mirror} (set AIPBX_DEBIAN_MIRROR for another mirror).`,
    );
  }
  const { stdout } = await run('chroot', [tmp, '/usr/sbin/asterisk', '-V']);
  const version = stdout.trim();
  if (!/^Asterisk 22\./.test(version)) {
    throw new TestbedError(
      `debootstrap gave "${version}", not Asterisk 22: Debian sid has moved on; pin the bed to 22.`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  await writeFile(stamp, `${PROVISION_VERSION} ${version}\n`);
  log(`testbed: provisioned ${version}`);
  return dir;
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

/** Files the instance needs beside the generated ones: directories, modules, logging, RTP ports. */
function supportFiles(inst: string, ports: TestbedPorts): Record<string, string> {
  return {
    'asterisk.conf': [
      '[directories]',
      `astetcdir => ${inst}/etc`,
      'astmoddir => /usr/lib/x86_64-linux-gnu/asterisk/modules',
      'astvarlibdir => /var/lib/asterisk',
      `astdbdir => ${inst}/lib`,
      'astkeydir => /var/lib/asterisk',
      'astdatadir => /usr/share/asterisk',
      `astagidir => /usr/share/asterisk/agi-bin`,
      `astspooldir => ${inst}/spool`,
      `astrundir => ${inst}/run`,
      `astlogdir => ${inst}/log`,
      `astsbindir => /usr/sbin`,
      '',
      '[options]',
      'nocolor = yes',
      'hideconnect = yes',
      '',
    ].join('\n'),
    'modules.conf': [
      '[modules]',
      'autoload = yes',
      // Modules that would open ports or talk to the outside world; the bed needs none of them.
      ...[
        'chan_iax2.so',
        'chan_skinny.so',
        'chan_mgcp.so',
        'chan_unistim.so',
        'chan_dahdi.so',
        'pbx_dundi.so',
        'res_xmpp.so',
        'chan_motif.so',
        'res_hep.so',
        'res_hep_pjsip.so',
        'res_hep_rtcp.so',
        'cdr_radius.so',
        'cel_radius.so',
        'res_snmp.so',
        'res_calendar.so',
        'res_pjsip_phoneprov_provider.so',
        'res_phoneprov.so',
        'app_voicemail.so',
      ].map((m) => `noload => ${m}`),
      '',
    ].join('\n'),
    'logger.conf': ['[general]', '[logfiles]', 'console => notice,warning,error,verbose(3)', ''].join('\n'),
    'rtp.conf': ['[general]', `rtpstart = ${ports.rtpStart}`, `rtpend = ${ports.rtpEnd}`, ''].join('\n'),
  };
}

async function makeCertificate(keysDir: string): Promise<string> {
  const key = join(keysDir, 'aipbx-test.key');
  const pem = join(keysDir, 'aipbx-test.pem');
  if (!existsSync(pem)) {
    await mkdir(keysDir, { recursive: true });
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      pem,
    ]);
  }
  return readFile(pem, 'utf8');
}

/**
 * The bed lives on loopback and needs no DNS. Asterisk looks up its host name and
 * A.ROOT-SERVERS.NET to find its own address on every call with media; answer those from the
 * chroot's own files and point its resolver at loopback, so nothing leaves the machine and no call
 * waits on a name server.
 */
async function isolateNames(root: string): Promise<void> {
  await writeFile(join(root, 'etc/hosts'), `127.0.0.1 localhost ${hostname()}\n::1 localhost\n`);
  await writeFile(join(root, 'etc/resolv.conf'), 'nameserver 127.0.0.1\n');
}

async function ariPing(url: string, username: string, password: string): Promise<void> {
  const res = await fetch(`${url}/ari/asterisk/ping`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    signal: AbortSignal.timeout(2000),
  });
  if (!res.ok) throw new Error(`ARI ping answered ${res.status}`);
}

/** A running bed instance. */
export interface Testbed {
  info: TestbedInfo;
  /** Stops Asterisk and waits for its process to end. */
  stop(): Promise<void>;
}

/**
 * Starts an instance: writes the generated config with fresh secrets and waits until ARI answers
 * `/ari/asterisk/ping` and AMI accepts a login.
 */
export async function startTestbed(
  options: {
    name?: string;
    portOffset?: number;
    timeoutMs?: number;
    log?: (line: string) => void;
    /** Changes the generated configuration's input, for an instance that tests other settings. */
    configure?: (input: AsteriskConfigInput) => AsteriskConfigInput;
  } = {},
): Promise<Testbed> {
  const log = options.log ?? console.log;
  const offset = options.portOffset ?? Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0);
  const name = options.name ?? `bed-${offset}`;
  const root = await provision(log);
  requireRoot('Starting Asterisk in the chroot');
  const ports = testbedPorts(offset);
  const secrets: TestbedSecrets = {
    ariPassword: secret(),
    amiSecret: secret(),
    monitorSecret: secret(),
    operatorPasswords: [secret(), secret(), secret(), secret()],
  };
  const inst = `/aipbx/${name}`;
  const hostInst = join(root, inst);
  await rm(hostInst, { recursive: true, force: true });
  // spool/recording: where ARI keeps stored recordings (channels.record).
  for (const d of ['etc', 'run', 'log', 'spool/recording', 'lib', 'records'])
    await mkdir(join(hostInst, d), { recursive: true });
  const recordingsDirInChroot = `${inst}/records`;
  const input = testbedConfigInput(ports, secrets, recordingsDirInChroot);
  const generated = generateAsteriskConfig(options.configure ? options.configure(input) : input);
  const files = { ...supportFiles(inst, ports), ...generated };
  for (const [file, text] of Object.entries(files))
    await writeFile(join(hostInst, 'etc', file), text, { mode: 0o600 });
  await isolateNames(root);
  const certPem = await makeCertificate(join(root, 'etc/asterisk/keys'));
  const { stdout: versionOut } = await run('chroot', [root, '/usr/sbin/asterisk', '-V']);

  const logFile = join(hostInst, 'log', 'console.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    'chroot',
    [root, '/usr/sbin/asterisk', '-f', '-C', `${inst}/etc/asterisk.conf`],
    {
      stdio: ['ignore', out, out],
      detached: false,
    },
  );
  let exited: string | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      resolve();
    });
  });

  const info: TestbedInfo = {
    name,
    chroot: root,
    ports,
    asteriskVersion: versionOut.trim(),
    ari: {
      url: `http://127.0.0.1:${ports.http}`,
      username: 'aipbx-test',
      password: secrets.ariPassword,
      app: 'aiPBXBot',
    },
    ami: {
      host: '127.0.0.1',
      port: ports.ami,
      tlsPort: ports.amiTls,
      username: 'aipbx-test',
      secret: secrets.amiSecret,
      monitor: { username: 'aipbx-monitor', secret: secrets.monitorSecret },
    },
    wsUrl: `ws://127.0.0.1:${ports.http}/ws`,
    wssUrl: `wss://127.0.0.1:${ports.https}/ws`,
    sip: { host: '127.0.0.1', port: ports.sipUdp, tlsPort: ports.sipUdp + 1, sippSourceIp: SIPP_SOURCE_IP },
    operators: testbedOperators(secrets),
    widget: { sipUri: 'web-visitor', assistant: 'widget-assistant' },
    certPem,
    recordingsDir: join(hostInst, 'records'),
    recordingsDirInChroot,
    logFile,
    pid: child.pid ?? -1,
  };

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitedPromise;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = 'not tried yet';
  let ariUp = false;
  let amiUp = false;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      if (!ariUp) {
        await ariPing(info.ari.url, info.ari.username, info.ari.password);
        ariUp = true;
      }
      if (!amiUp) {
        await (await openRawAmi(info)).close();
        amiUp = true;
      }
      log(
        `testbed: ${info.asteriskVersion} up (ARI ${info.ari.url}, AMI ${ports.ami}, SIP udp ${ports.sipUdp})`,
      );
      return { info, stop };
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 200);
      exitedPromise.then(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  await stop();
  const tail = existsSync(logFile) ? (await readFile(logFile, 'utf8')).split('\n').slice(-15).join('\n') : '';
  throw new TestbedError(
    `Asterisk did not come up (${exited ?? `last check: ${lastError}`}; ARI ${ariUp ? 'up' : 'down'}, AMI ${amiUp ? 'up' : 'down'}). ` +
      `Are ports ${ports.http}/${ports.https}/${ports.ami}/${ports.sipUdp} free? Set AIPBX_TESTBED_PORT_OFFSET to move them. Log tail:\n${tail}`,
  );
}
