/**
 * The SIP WebSocket browsers use: a certificate valid for the host name, then a WebSocket upgrade
 * with subprotocol `sip`.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { DOCS } from './check-result.js';
import { type CheckOutcome, type DoctorContext, within } from './doctor-context.js';
import { describeFailure, networkFailure } from './network-error.js';

function parseWss(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'wss:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** (e1) TLS: the certificate is valid and names the host. */
export async function checkWssTls(ctx: DoctorContext): Promise<CheckOutcome> {
  const url = parseWss(ctx.options.wss);
  if (url === undefined) {
    return ctx.options.wss === undefined
      ? {
          status: 'skipped',
          finding: 'no --wss URL given',
          fix: 'pass --wss wss://host:8089/ws (or --input)',
        }
      : {
          status: 'fail',
          finding: 'the --wss value is not a wss:// URL',
          fix: 'write it like wss://pbx.example.com:8089/ws',
        };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  try {
    const cert = await within(
      new Promise<{ validTo: string }>((resolve, reject) => {
        const socket = connect({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          ...(ctx.options.ca === undefined ? {} : { ca: ctx.options.ca }),
          rejectUnauthorized: true,
        });
        socket.once('secureConnect', () => {
          const peer = socket.getPeerCertificate();
          socket.destroy();
          resolve({ validTo: peer.valid_to });
        });
        socket.once('error', (error) => {
          socket.destroy();
          reject(error);
        });
      }),
      ctx.options.timeoutMs,
      `TLS to ${host}:${port}`,
    );
    const days = Math.floor((Date.parse(cert.validTo) - Date.now()) / 86_400_000);
    if (days < 14) {
      return {
        status: 'warn',
        finding: `the certificate of ${url.host} is valid but expires in ${days} days (${cert.validTo})`,
        fix: 'renew it before it expires: browsers refuse WSS with an expired certificate',
        docs: DOCS.certificate,
      };
    }
    return {
      status: 'ok',
      finding: `the certificate of ${url.host} is valid for "${host}" until ${cert.validTo}`,
    };
  } catch (error) {
    const kind = networkFailure(error);
    if (kind === 'not-tls') {
      return {
        status: 'fail',
        finding: `no TLS at ${url.host}: ${describeFailure(kind, error)}`,
        fix: 'enable TLS in http.conf (tlsenable = yes, tlsbindaddr = 0.0.0.0:8089, a certificate) and point --wss at that port',
        docs: DOCS.certificate,
      };
    }
    const tls = ['self-signed', 'expired', 'hostname', 'untrusted'].includes(kind);
    return {
      status: 'fail',
      finding: `${tls ? 'TLS' : 'cannot connect'} to ${url.host}: ${describeFailure(kind, error)}`,
      fix: tls
        ? kind === 'hostname'
          ? `use a certificate whose names include "${host}"`
          : 'browsers need a certificate from a public CA (e.g. Let’s Encrypt) for WSS'
        : 'check http.conf tlsenable/tlsbindaddr and the firewall for the TLS port',
      docs: tls ? DOCS.certificate : DOCS.embeddingTroubleshooting,
    };
  }
}

/** (e2) The upgrade to a WebSocket with subprotocol `sip` succeeds. */
export async function checkWssUpgrade(ctx: DoctorContext): Promise<CheckOutcome> {
  const url = parseWss(ctx.options.wss);
  if (url === undefined) return { status: 'skipped', finding: 'no valid --wss URL given' };
  const tlsOk =
    ctx.results.find((r) => r.id === 'wss-tls')?.status === 'ok' ||
    ctx.results.find((r) => r.id === 'wss-tls')?.status === 'warn';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    const { status, protocol } = await within(
      new Promise<{ status: number; protocol: string | undefined }>((resolve, reject) => {
        const req = request({
          host,
          port: Number(url.port || 443),
          path: `${url.pathname}${url.search}`,
          ...(isIP(host) ? {} : { servername: host }),
          ...(ctx.options.ca === undefined ? {} : { ca: ctx.options.ca }),
          // The certificate was judged above; here only the upgrade is.
          rejectUnauthorized: tlsOk,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
            'Sec-WebSocket-Protocol': 'sip',
          },
        });
        req.once('upgrade', (res, socket) => {
          socket.destroy();
          const p = res.headers['sec-websocket-protocol'];
          resolve({ status: res.statusCode ?? 0, protocol: typeof p === 'string' ? p : undefined });
        });
        req.once('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, protocol: undefined });
        });
        req.once('error', reject);
        req.end();
      }),
      ctx.options.timeoutMs,
      `the WebSocket upgrade at ${url.href}`,
    );
    if (status === 101 && protocol === 'sip') {
      return { status: 'ok', finding: `${url.href} upgrades to a WebSocket with subprotocol sip` };
    }
    return {
      status: 'fail',
      finding:
        status === 101
          ? `${url.href} upgraded without subprotocol sip (got ${protocol ?? 'none'})`
          : `${url.href} answered ${status} instead of 101 Switching Protocols`,
      fix: 'load res_pjsip_transport_websocket, add a transport with protocol = wss, and check the path (/ws)',
      docs: DOCS.embeddingTroubleshooting,
    };
  } catch (error) {
    return {
      status: 'fail',
      finding: `the WebSocket upgrade at ${url.host} failed: ${describeFailure(networkFailure(error), error)}`,
      fix: 'check http.conf (tlsenable) and any proxy: it must pass Upgrade and Sec-WebSocket-Protocol',
      docs: DOCS.embeddingTroubleshooting,
    };
  }
}
