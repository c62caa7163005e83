/**
 * `extensions.conf`: the assistant contexts (exact extensions only), the one assistant dialplan
 * they jump to, the operators' context, and an empty context for SIP MESSAGE.
 *
 * @internal
 */
import { type ConfEntry, type ConfSection, fileHeader, renderConf } from './conf-writer.js';
import { ASSISTANT_BODY_CONTEXT, NO_MESSAGES_CONTEXT, type ResolvedConfig } from './resolve-config.js';

/** Characters kept in ASSISTANTID (a channel variable and a folder name). */
const ASSISTANT_CHARS = '0-9A-Za-z_\\x2d';
/** Characters of a caller number shown in the log line; anything else is dropped. */
const NUMBER_CHARS = '0-9A-Za-z_.+\\x2d';
/** Phone numbers a trunk may deliver: an optional `+`, then digits, 2–20 characters in all. */
const NUMBER_LENGTHS = { min: 2, max: 20 } as const;

/** Splits a paragraph into comment lines of at most 96 characters. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > 96) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Patterns for phone numbers: `_[+0-9]X`, `_[+0-9]XX`, … one per length. */
function numberPatterns(): string[] {
  const patterns: string[] = [];
  for (let n = NUMBER_LENGTHS.min; n <= NUMBER_LENGTHS.max; n++) patterns.push(`_[+0-9]${'X'.repeat(n - 1)}`);
  return patterns;
}

/** The one copy of the assistant dialplan; every assistant context jumps here with a checked extension. */
function assistantBody(r: ResolvedConfig): ConfSection {
  const { dialplan } = r;
  const filtered = (chars: string, expr: string) => `\${FILTER(${chars},${expr})}`;
  const steps: string[] = [
    `1,NoOp(aipbx: call to \${EXTEN} from ${filtered(NUMBER_CHARS, '${CALLERID(num)}')})`,
    `n,Set(ASSISTANTID=${filtered(ASSISTANT_CHARS, '${AIPBX_BOUND_ASSISTANT}')})`,
    `n,ExecIf($["\${ASSISTANTID}" = ""]?Set(ASSISTANTID=${filtered(ASSISTANT_CHARS, `\${PJSIP_HEADER(read,${dialplan.assistantHeader})}`)}))`,
    `n,ExecIf($["\${ASSISTANTID}" = ""]?Set(ASSISTANTID=${filtered(ASSISTANT_CHARS, '${EXTEN}')}))`,
    // Limits of the endpoint the call came through (set by pjsip.conf; absent for operators and
    // originated calls).
    'n,GotoIf($["${AIPBX_MAX_CALLS}" = ""]?timed)',
    'n,Set(GROUP(aipbx-calls)=${AIPBX_ENDPOINT})',
    'n,GotoIf($[${GROUP_COUNT(${AIPBX_ENDPOINT}@aipbx-calls)} > ${AIPBX_MAX_CALLS}]?busy)',
    'n(timed),ExecIf($["${AIPBX_MAX_SECONDS}" != ""]?Set(TIMEOUT(absolute)=${AIPBX_MAX_SECONDS}))',
  ];
  if (dialplan.recordingsDir !== null) {
    steps.push(
      // The day's count per endpoint, one AstDB key each: `aipbx-recordings/<endpoint>` = `<date>-<n>`.
      'n,GotoIf($["${AIPBX_MAX_RECORDINGS}" = ""]?record)',
      'n,Set(AIPBX_DAY=${STRFTIME(${EPOCH},,%Y%m%d)})',
      'n,Set(AIPBX_QUOTA=${DB(aipbx-recordings/${AIPBX_ENDPOINT})})',
      'n,Set(AIPBX_RECORDED=0)',
      'n,ExecIf($["${CUT(AIPBX_QUOTA,-,1)}" = "${AIPBX_DAY}"]?Set(AIPBX_RECORDED=${CUT(AIPBX_QUOTA,-,2)}))',
      'n,GotoIf($[${AIPBX_RECORDED} >= ${AIPBX_MAX_RECORDINGS}]?stasis)',
      'n,Set(DB(aipbx-recordings/${AIPBX_ENDPOINT})=${AIPBX_DAY}-$[${AIPBX_RECORDED} + 1])',
      `n(record),Set(__fname=${dialplan.recordingsDir}/\${ASSISTANTID}/\${UNIQUEID})`,
      'n,MixMonitor(${fname}.wav)',
    );
  }
  steps.push(
    `n(stasis),Stasis(${dialplan.stasisApp},\${ASSISTANTID})`,
    'n,GotoIf($["${STASISSTATUS}" = "FAILED"]?unavailable)',
    'n,Hangup()',
    `n(unavailable),NoOp(aipbx: Stasis app ${dialplan.stasisApp} is not connected)`,
    `n,Playback(${dialplan.unavailableSound})`,
    'n,Hangup()',
    'n(busy),NoOp(aipbx: ${AIPBX_ENDPOINT} already has ${AIPBX_MAX_CALLS} calls)',
    // 17: user busy; PJSIP answers 486 Busy Here.
    'n,Hangup(17)',
  );
  return {
    name: ASSISTANT_BODY_CONTEXT,
    operator: '=>',
    comment: [
      'The assistant dialplan, reached only from the assistant contexts, with an extension they',
      'checked. ASSISTANTID comes from the endpoint (widgets, SIP URIs, trunks bound to one',
      `assistant), else the ${dialplan.assistantHeader} SIP header, else the dialled extension. Calls`,
      "over their endpoint's limits are refused as busy; past the daily recordings quota a call goes",
      'on unrecorded. If the Stasis app is not connected the caller hears an apology, not silence.',
    ],
    entries: steps.map((s, i): ConfEntry => (i === 0 ? ['exten', `_[+0-9A-Za-z].,${s}`] : ['same', s])),
  };
}

export function extensionsConf(r: ResolvedConfig): string {
  const { input, dialplan } = r;
  const ctx = input.pbx.context;
  const trunkContexts = new Set(r.trunks.map((t) => t.context));
  // Asterisk ignores "-" when it matches an extension (`pizzaorder` and `-pizza--order` both match
  // `pizza-order`), so each line jumps with the name as written here, never as dialled; numbers
  // keep only their digits and "+".
  const named = r.dialledNames.map(
    (n): ConfEntry => ['exten', `${n},1,Goto(${ASSISTANT_BODY_CONTEXT},${n},1)`],
  );
  const numberJump = `1,Goto(${ASSISTANT_BODY_CONTEXT},\${FILTER(+0-9,\${EXTEN})},1)`;

  // Every context a widget, SIP URI or trunk sends calls to accepts the same extensions.
  const contexts = [...new Set([ctx, ...(input.sipUris ?? []).map((u) => u.context), ...trunkContexts])];
  const sections: ConfSection[] = contexts.map((name) => {
    const patterns = trunkContexts.has(name) ? numberPatterns() : [];
    const numbers = patterns.map((p): ConfEntry => ['exten', `${p},${numberJump}`]);
    return {
      name,
      operator: '=>',
      comment: wrap(
        `Calls to AI assistants. Only the extensions below exist here: assistants by name${
          patterns.length > 0 ? ', and phone numbers from trunks (2-20 digits, optionally after "+")' : ''
        }. Anything else is refused (404) before a channel exists, so odd bytes in a dialled address never reach a channel, a variable or an AMI event (Asterisk still logs the refused extension).`,
      ),
      entries: [
        ...named,
        ...numbers,
        // A failed Originate runs `failed` in its context.
        ['exten', 'failed,1,Hangup()'],
      ],
    };
  });
  sections.push(assistantBody(r), {
    name: NO_MESSAGES_CONTEXT,
    operator: '=>',
    comment: [
      "Every endpoint's message_context: empty, so a SIP MESSAGE is refused (404) and never runs",
      'the assistant dialplan.',
    ],
    entries: [],
  });

  const operators = input.operators ?? [];
  if (operators.length > 0) {
    sections.push({
      name: dialplan.operatorContext,
      operator: '=>',
      comment: [
        'Operators reach each other by extension, and the assistants. The hints publish each',
        "operator's state (idle, ringing, in use, unavailable) to AMI ExtensionStatus events.",
      ],
      entries: [
        ...operators.flatMap((o): ConfEntry[] => [
          ['exten', `${o.extension},hint,PJSIP/${o.extension}`],
          ['exten', `${o.extension},1,Dial(PJSIP/${o.extension},30)`],
          // Without it a busy or unanswered dial falls through and holds the caller in a busy tone.
          ['same', 'n,Hangup()'],
        ]),
        ['include', ctx],
      ],
    });
  }
  return renderConf('extensions.conf', fileHeader(r), sections);
}
