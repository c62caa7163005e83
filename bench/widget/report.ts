/**
 * The `bench/results/widget.md` page: the call table with the verdicts, where the time goes, the
 * bundle sizes, and what went wrong.
 */
import { renderMarkdownTable } from '../shared/table.js';
import type { Mode, WidgetBenchArgs } from './args.js';
import { WIDGET_TOTAL } from './bundles.js';
import { formatBytes, formatMs } from './stats.js';
import {
  type CallSummary,
  callCells,
  P90_FROM,
  phaseCells,
  type SizeRow,
  sizeCells,
  type Verdict,
  verdictLine,
} from './summary.js';

/** Everything the page says. */
export interface WidgetReportInput {
  rows: readonly CallSummary[];
  sizes: readonly SizeRow[];
  verdicts: readonly Verdict[];
  /** Problems outside any one call (the Stasis app's errors). */
  problems: readonly string[];
  args: WidgetBenchArgs;
  asteriskVersion: string;
  chromiumVersion: string;
  sipjsVersion: string;
  /** Whether sip.js's default STUN server's name resolved on this machine. */
  stunResolves: boolean;
  node: string;
  cpu: string;
  cores: number;
  date: string;
}

const MODE_TEXT: Record<Mode, string> = {
  cold:
    '**cold**: the page has just loaded and the button is clicked at once, with nothing fetched or ' +
    'connected ahead. The widget fetches its call chunk when the page goes idle (`requestIdleCallback`); ' +
    "cold holds idle callbacks back on both pages, as on a page whose main thread is busy until the click, so the chunk's fetch " +
    "is on the click's path.",
  idle:
    '**idle**: the page is left idle for a second after its load (the widget fetches its chunk then, as on any page), ' +
    'then clicked at once. No target; it shows what the idle-time fetch buys.',
  warm:
    '**warm** (pre-warmed on hover): the button is hovered; the bench waits until the WebSocket to the PBX is open ' +
    '(the widget: its chunk loaded and `engine.prepare()` resolved, which joins the connect the hover started; raw ' +
    "sip.js: the page's `userAgent.start()`, called on `pointerenter`, resolved), pauses {settle} ms and clicks.",
};

/** The time between two milestones, ms; `–` when either is missing. */
function gap(from: number | undefined, to: number | undefined): string {
  return from === undefined || to === undefined ? '–' : formatMs(to - from);
}

/** What the phases show, in sentences with this run's numbers. */
function observations(input: WidgetReportInput): string[] {
  const { rows, sipjsVersion } = input;
  const find = (peer: string, mode: Mode) => rows.find((r) => r.peer === peer && r.mode === mode);
  const lines: string[] = [];
  const warmWidget = find('widget', 'warm');
  const warmRaw = find('sipjs', 'warm');
  if (warmWidget !== undefined && warmRaw !== undefined) {
    lines.push(
      `- ICE gathering is most of a pre-warmed call: from the microphone to gathering complete took ` +
        `${gap(warmWidget.phases.microphone, warmWidget.phases.iceGathered)} ms for the widget and ` +
        `${gap(warmRaw.phases.microphone, warmRaw.phases.iceGathered)} ms for raw sip.js (medians), on ` +
        "loopback with no TURN: both wait for gathering to complete before sending the INVITE, and Chromium's port " +
        'allocator gathers in steps (UDP, relay, TCP) tens of ms apart, the likely floor here. From gathering complete ' +
        `to established (INVITE, Asterisk, the Stasis app's answer, 200 OK): ` +
        `${gap(warmWidget.phases.iceGathered, warmWidget.established.median)} and ` +
        `${gap(warmRaw.phases.iceGathered, warmRaw.established.median)} ms.`,
    );
  }
  lines.push(
    `- Raw sip.js runs with its defaults: sip.js ${sipjsVersion}'s default peer connection configuration names ` +
      'a public STUN server (`stun:stun.l.google.com:19302`) and its ICE gathering timeout is 5 s; the widget names ' +
      'no ICE server unless configured and caps gathering at 2 s. ' +
      (input.stunResolves
        ? "The STUN server's name resolved on this machine, so raw sip.js also waited for its answer (the ICE gathered column). "
        : "This machine cannot resolve the STUN server's name, so raw sip.js's gathering ended with its host candidates " +
          '(the ICE gathered column) — where the server answers it also waits for a server-reflexive candidate, and where ' +
          'UDP to it is blocked, up to its 5 s timeout. ') +
      'Its logging is left at its default (level `log`, to the console).',
  );
  const coldWidget = find('widget', 'cold');
  const idleWidget = find('widget', 'idle');
  const chunk = input.sizes.find((r) => r.name.startsWith('aipbx-call-'));
  if (coldWidget !== undefined && idleWidget !== undefined) {
    lines.push(
      `- Cold, the widget's call chunk${chunk ? ` (${formatBytes(chunk.minified)} bytes, ${formatBytes(chunk.gzip)} gzipped)` : ''} ` +
        "is fetched, compiled and run between the hover and the call's first step: the WebSocket opened " +
        `${formatMs(coldWidget.phases.socketOpen)} ms and the microphone came ${formatMs(coldWidget.phases.microphone)} ms ` +
        `after the click, against ${formatMs(idleWidget.phases.socketOpen)} and ${formatMs(idleWidget.phases.microphone)} ms ` +
        'when the chunk was already there (idle). The raw page has sip.js in the script it loaded with the page.',
    );
  }
  const delayed = rows.filter((r) => r.peer === 'widget' && (r.phases.inputDelay ?? 0) > 10);
  if (delayed.length > 0) {
    lines.push(
      `- Input delay: in ${delayed.map((r) => `${r.mode} (${formatMs(r.phases.inputDelay)} ms)`).join(', ')} the ` +
        "page's click listener ran that long after the browser took the click, against about 2 ms on the raw page. " +
        "The hover that comes just before the click (Playwright's click moves the pointer first) makes the widget load " +
        'its chunk or run its first code (the engine, the user agent, the WebSocket) on the main thread, and the click ' +
        "waits behind it. A person's hover usually comes well before the click, which hides this; the verdicts also give " +
        "the times counted from the click's `timeStamp`.",
    );
  }
  return lines;
}

/** Table cells for Markdown: an element name such as `<aipbx-call>` in code, or it would be read as HTML. */
export function markdownCells(cells: readonly string[][]): string[][] {
  return cells.map((row) => row.map((cell) => cell.replace(/<([a-z][a-z0-9]*-[a-z0-9-]*)>/g, '`<$1>`')));
}

/** The whole page. */
export function renderMarkdownReport(input: WidgetReportInput): string {
  const { rows, args } = input;
  const lines = ['# Widget benchmark', ''];
  if (rows.length > 0) {
    const withP90 = args.rounds >= P90_FROM;
    lines.push(
      '`<aipbx-call>` from its script tag against a page that makes the same call with raw sip.js ' +
        `${input.sipjsVersion} (\`UserAgent\` + \`Inviter\` with sip.js's defaults, its script bundled and minified by ` +
        `esbuild), in headless Chromium ${input.chromiumVersion} with a fake microphone, against the project's real ` +
        `${input.asteriskVersion} test bed over WSS on loopback. A Stasis app made with @aipbx/node-ari answers every ` +
        'call and plays a 440 Hz tone.',
      '',
      '## Click to call',
      '',
      'Each call is a fresh browser context and page. The click is a real one (`locator.click()`); an init script ' +
        'in the page stamps it with `performance.now()` in a capture-phase `click` listener on `document`, then ' +
        "**established** (the widget's `aipbx-state-change` to `in-call`; sip.js's `SessionState.Established`) and " +
        "**first audio**: the first time the remote audio's RMS exceeds 0.02 — the widget's own meter " +
        '(`engine.levels().output`, a WebAudio AnalyserNode it makes when the call is up), and for the raw page an ' +
        'AnalyserNode the bench puts on its remote stream (its AudioContext made at page load, so that starting it is ' +
        'not counted). After each call the page hangs up and the bench waits until the Stasis app saw the call end and ' +
        'Asterisk lists no channel.',
      '',
      ...args.modes.map((m) => `- ${MODE_TEXT[m].replace('{settle}', String(args.settleMs))}`),
      '',
      `${args.rounds} calls per peer and mode${args.warmup > 0 ? ` after ${args.warmup} untimed warm-up call${args.warmup === 1 ? '' : 's'} per peer and mode` : ''}, ` +
        `rounds alternating which peer and which mode go first; medians${withP90 ? ' and p90 (nearest rank)' : ''} in ms.`,
      '',
      renderMarkdownTable(markdownCells(callCells(rows, withP90))),
      '',
      ...input.verdicts.map((v) => `- Target ${verdictLine(v, true)}.`),
      '',
      '## Where the time goes',
      '',
      "Medians in ms from the click (negative: before it). Hover → click: from the pointer's arrival on the " +
        "button to the click listener. Input delay: from the click event's `timeStamp` (when the browser took the " +
        "input) to the listener. Chunk requested: when the browser began fetching the widget's call chunk. The rest " +
        'come from thin wrappers the init script puts around `WebSocket` (open), `getUserMedia` (the stream handed ' +
        'over) and `RTCPeerConnection` (`iceGatheringState` complete, `iceConnectionState` connected, ' +
        '`connectionState` connected: DTLS done).',
      '',
      renderMarkdownTable(markdownCells(phaseCells(rows))),
      '',
      ...observations(input),
      '',
    );
  }
  if (input.sizes.length > 0) {
    lines.push(
      '## Bundle sizes',
      '',
      "Bytes as served (the widget's files as `npm run build` writes them; the rest bundled and minified by esbuild " +
        "for the browser, ES2022) and gzipped at level 9 (node:zlib). The widget's first script is all a page " +
        "loads up front; the chunk follows on first intent. The raw sip.js page's script is the one the calls above used.",
      '',
      renderMarkdownTable(markdownCells(sizeCells(input.sizes, WIDGET_TOTAL))),
      '',
    );
  }
  const notes = [
    ...rows.flatMap((r) => r.notes.map((n) => `- ${markdownCells([[r.name]])[0]![0]} ${r.mode}, ${n}`)),
    ...input.problems.map((p) => `- ${p}`),
  ];
  if (rows.length > 0)
    lines.push('## Failures and oddities', '', ...(notes.length > 0 ? notes : ['- none']), '');
  lines.push(
    `Machine: ${input.cpu}, ${input.cores} cores, Node ${input.node}` +
      `${input.chromiumVersion ? `, Chromium ${input.chromiumVersion}` : ''}` +
      `${input.asteriskVersion ? `, ${input.asteriskVersion}` : ''}; run ${input.date}. ` +
      'Regenerate with `npm run bench -- widget`.',
    '',
  );
  return lines.join('\n');
}
