import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import WebSocket from 'ws';
import { Inbox, within } from './wait.js';

/**
 * A deliberately small SIP user agent for attacking the bed the way an outsider would: it sends
 * whatever request line, headers and body a test writes (odd bytes, other methods, spoofed `From:`)
 * over UDP (IPv4 or IPv6) or SIP over WebSocket, and reads the answers. No digest auth, no dialog
 * state beyond what one request and its ACK need; RTP is never sent.
 */

/** A SIP response as received. */
export interface SipResponse {
  status: number;
  reason: string;
  /** Header values by lower-case name, in order. */
  headers: Map<string, string[]>;
  body: string;
  raw: string;
}

/** What one request is made of. */
export interface SipRequestSpec {
  method: string;
  /** Request-URI, written as is (so percent-escapes reach the peer untouched). */
  uri: string;
  /** The `From:` address, e.g. `"Visitor" <sip:web-visitor@example.com>`; a tag is added. */
  from: string;
  /** The `To:` address; default `<uri>`. */
  to?: string;
  /** Extra header lines, `Name: value`. */
  headers?: readonly string[];
  body?: string;
  contentType?: string;
}

/** How to reach the peer. */
export type SipProbeOptions =
  | { transport: 'udp'; host: string; port: number; localAddress?: string }
  | { transport: 'ws'; url: string };

function token(): string {
  return randomBytes(6).toString('hex');
}

function parseResponse(raw: string): SipResponse | undefined {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const [statusLine, ...lines] = head.split('\r\n');
  const m = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine ?? '');
  if (!m) return undefined;
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return {
    status: Number(m[1]),
    reason: m[2] ?? '',
    headers,
    body: split >= 0 ? raw.slice(split + 4) : '',
    raw,
  };
}

/** An SDP offer shaped like a browser's (DTLS-SRTP, ICE, rtcp-mux), enough for Asterisk to answer. */
export function webrtcOffer(address = '127.0.0.1'): string {
  const fingerprint = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(
    ':',
  );
  const family = isIPv6(address) ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN ${family} ${address}`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    `m=audio 9 UDP/TLS/RTP/SAVPF 0`,
    `c=${'IN'} ${family} ${address}`,
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${token()}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
}

/** A plain RTP/AVP offer (what a SIP phone or trunk sends). */
export function plainOffer(address = '127.0.0.1', port = 40000): string {
  const family = isIPv6(address) ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- 1 1 IN ${family} ${address}`,
    's=-',
    `c=IN ${family} ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** An open probe: send requests, read responses and any requests the peer sends back. */
export interface SipProbe {
  /** Where this probe's Via and Contact say it is. */
  readonly local: string;
  /**
   * Sends a request and resolves with its final response (provisional ones are skipped). An INVITE
   * is ACKed whatever the answer; a 2xx INVITE leaves a dialog that {@link SipProbe.bye} ends.
   */
  request(spec: SipRequestSpec, ms?: number): Promise<SipResponse>;
  /**
   * Sends `method` inside the dialog a 2xx INVITE response created (REFER, INFO, a re-INVITE…) and
   * resolves with its final response.
   */
  inDialog(
    method: string,
    spec: SipRequestSpec,
    answer: SipResponse,
    extra?: { headers?: readonly string[]; body?: string; contentType?: string },
    ms?: number,
  ): Promise<SipResponse>;
  /** Ends the dialog a 2xx INVITE response created. */
  bye(spec: SipRequestSpec, answer: SipResponse, ms?: number): Promise<SipResponse>;
  /** Everything received, responses and requests alike. */
  readonly received: Inbox<string>;
  close(): Promise<void>;
}

/** Opens a probe over UDP (IPv4 or IPv6) or SIP over WebSocket. */
export async function openSipProbe(options: SipProbeOptions): Promise<SipProbe> {
  const received = new Inbox<string>();
  let send: (text: string) => void;
  let close: () => Promise<void>;
  let local: string;
  let viaTransport: string;

  if (options.transport === 'udp') {
    const v6 = isIPv6(options.host);
    const socket: Socket = createSocket(v6 ? 'udp6' : 'udp4');
    socket.on('message', (msg) => received.push(msg.toString('utf8')));
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, options.localAddress ?? (v6 ? '::1' : '127.0.0.1'), () => resolve());
      }),
      5000,
      'binding the probe UDP socket',
    );
    const addr = socket.address();
    local = v6 ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`;
    viaTransport = 'UDP';
    send = (text) => socket.send(text, options.port, options.host);
    close = () => new Promise((resolve) => socket.close(() => resolve()));
  } else {
    const ws = new WebSocket(options.url, 'sip', { rejectUnauthorized: false });
    ws.on('message', (data) => received.push(String(data)));
    await within(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
      5000,
      `the SIP WebSocket ${options.url}`,
    );
    local = `${token()}.invalid`;
    viaTransport = options.url.startsWith('wss:') ? 'WSS' : 'WS';
    send = (text) => ws.send(text);
    // Asterisk does not always answer the closing handshake; end the socket after a short grace.
    close = () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        const timer = setTimeout(() => ws.terminate(), 1000);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.close();
      });
  }

  const transportParam = viaTransport === 'UDP' ? '' : `;transport=${viaTransport.toLowerCase()}`;
  const contact = `<sip:probe@${local}${transportParam}>`;

  const build = (
    spec: SipRequestSpec,
    ids: { callId: string; fromTag: string; cseq: number; branch: string; toTag?: string },
  ) => {
    const body = spec.body ?? '';
    const to = spec.to ?? `<${spec.uri}>`;
    const lines = [
      `${spec.method} ${spec.uri} SIP/2.0`,
      `Via: SIP/2.0/${viaTransport} ${local};rport;branch=${ids.branch}`,
      'Max-Forwards: 70',
      `From: ${spec.from};tag=${ids.fromTag}`,
      `To: ${to}${ids.toTag ? `;tag=${ids.toTag}` : ''}`,
      `Call-ID: ${ids.callId}`,
      `CSeq: ${ids.cseq} ${spec.method}`,
      `Contact: ${contact}`,
      'User-Agent: aipbx-probe',
      ...(spec.headers ?? []),
      ...(body ? [`Content-Type: ${spec.contentType ?? 'application/sdp'}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    return lines.join('\r\n');
  };

  const finalFor = async (callId: string, cseq: number, method: string, ms: number, what: string) => {
    const raw = await received.next(
      (text) => {
        const r = parseResponse(text);
        return (
          r !== undefined &&
          r.status >= 200 &&
          r.headers.get('call-id')?.[0] === callId &&
          r.headers.get('cseq')?.[0] === `${cseq} ${method}`
        );
      },
      ms,
      what,
    );
    return parseResponse(raw)!;
  };

  const dialogs = new Map<string, { fromTag: string; cseq: number }>();
  const tagOf = (header: string | undefined) => /;tag=([^;>\s]+)/.exec(header ?? '')?.[1];

  const inDialog: SipProbe['inDialog'] = async (method, spec, answer, extra = {}, ms = 10_000) => {
    const callId = answer.headers.get('call-id')?.[0] ?? '';
    const dialog = dialogs.get(callId);
    if (!dialog) throw new Error(`no dialog ${callId} for ${method}`);
    dialog.cseq += 1;
    const toTag = tagOf(answer.headers.get('to')?.[0]);
    const branch = `z9hG4bK${token()}`;
    send(
      build(
        { method, uri: spec.uri, from: spec.from, to: spec.to, ...extra },
        { callId, fromTag: dialog.fromTag, cseq: dialog.cseq, branch, toTag },
      ),
    );
    const res = await finalFor(callId, dialog.cseq, method, ms, `the answer to ${method} in ${callId}`);
    if (method === 'BYE') dialogs.delete(callId);
    return res;
  };

  return {
    local,
    received,
    async request(spec, ms = 10_000) {
      const ids = { callId: `${token()}@probe`, fromTag: token(), cseq: 1, branch: `z9hG4bK${token()}` };
      send(build(spec, ids));
      const res = await finalFor(
        ids.callId,
        1,
        spec.method,
        ms,
        `the final answer to ${spec.method} ${spec.uri}`,
      );
      if (spec.method === 'INVITE') {
        const toTag = tagOf(res.headers.get('to')?.[0]);
        const ack: SipRequestSpec = { method: 'ACK', uri: spec.uri, from: spec.from, to: spec.to };
        // A non-2xx ACK belongs to the INVITE transaction (same branch); a 2xx ACK is a new one.
        const branch = res.status >= 300 ? ids.branch : `z9hG4bK${token()}`;
        send(build(ack, { ...ids, branch, toTag }));
        if (res.status < 300) dialogs.set(ids.callId, { fromTag: ids.fromTag, cseq: 1 });
      }
      return res;
    },
    inDialog,
    bye: (spec, answer, ms = 10_000) => inDialog('BYE', spec, answer, {}, ms),
    close,
  };
}
