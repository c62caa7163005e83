import { ValidationError, type ValidationProblem } from '../errors/index.js';
import {
  addProblem,
  assistantIdProblem,
  describeChar,
  describeValue,
  hostPortProblem,
  isRecord,
  notAString,
  throwIfProblems,
} from '../models/problems.js';
import { firstCharNotMatching } from '../rules/value-rules.js';

/** File formats recordings are served in: `wav` or `mp3`, as the AI PBX publishing guide lists them. */
export const RECORDING_FORMATS = ['wav', 'mp3'] as const;

/** A recording file format: `wav` or `mp3`. */
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/** The parts of a recording URL `https://{pbxAddress}/records/{assistantId}/{uniqueId}.{format}`. */
export interface RecordingUrlParts {
  /** The PBX server, `host` or `host:port` (IPv6 in brackets); no scheme, no path. */
  pbxAddress: string;
  /** Id of the assistant that took the call; a folder per assistant. */
  assistantId: string;
  /** Asterisk's `${UNIQUEID}` of the call, e.g. `1732375678.42` or `pbx1-1732375678.42`. */
  uniqueId: string;
  /** File format. */
  format: RecordingFormat;
}

/** Longest `${UNIQUEID}` accepted (Asterisk's own buffer is 150 bytes). */
const MAX_UNIQUE_ID_LENGTH = 149;
/** `[systemname-]epoch.sequence`, as Asterisk builds `${UNIQUEID}`. */
const UNIQUE_ID = /^(?:[A-Za-z0-9_-]+-)?[0-9]+\.[0-9]+$/;

/** True when `value` is `wav` or `mp3`. */
export function isRecordingFormat(value: unknown): value is RecordingFormat {
  return RECORDING_FORMATS.some((format) => format === value);
}

/**
 * The URL of a call recording, in the AI PBX publishing guide's form
 * `https://{PBX_ADDRESS}/records/{ASSISTANTID}/{UNIQUEID}.{FORMAT}`. Each path segment is URL-encoded.
 *
 * @throws ValidationError listing every invalid part.
 *
 * @example
 * ```ts
 * recordingUrl({ pbxAddress: 'pbx.example.com', assistantId: 'support', uniqueId: '1732375678.42', format: 'wav' });
 * // 'https://pbx.example.com/records/support/1732375678.42.wav'
 * ```
 */
export function recordingUrl(parts: RecordingUrlParts): string {
  throwIfProblems('recording URL', recordingUrlProblems(parts));
  const { pbxAddress, assistantId, uniqueId, format } = parts;
  return `https://${pbxAddress}/records/${encodeURIComponent(assistantId)}/${encodeURIComponent(uniqueId)}.${format}`;
}

/**
 * The inverse of {@link recordingUrl}: splits a recording URL into its parts. The scheme must be
 * `https`; there must be no user, query or fragment. `pbxAddress` is returned as written.
 *
 * @throws ValidationError when `url` is not a recording URL or a part is invalid.
 */
export function parseRecordingUrl(url: string): RecordingUrlParts {
  const subject = 'recording URL';
  const shape = 'https://{pbxAddress}/records/{assistantId}/{uniqueId}.{wav|mp3}';
  if (typeof url !== 'string') {
    throw new ValidationError(subject, [
      { field: 'url', message: `url must be a string, not ${describeValue(url)}` },
    ]);
  }
  const match = /^[Hh][Tt][Tt][Pp][Ss]:\/\/([^/?#]*)\/records\/([^/?#]*)\/([^/?#]*)$/.exec(url);
  if (match === null) {
    throw new ValidationError(subject, [
      {
        field: 'url',
        message: `url is not a recording URL; expected the form ${shape}, with no query or fragment`,
      },
    ]);
  }
  const [, pbxAddress = '', assistantSegment = '', fileSegment = ''] = match;
  const problems: ValidationProblem[] = [];
  const assistantId = decodeSegment(assistantSegment, 'assistantId', problems) ?? '';
  const file = decodeSegment(fileSegment, 'uniqueId', problems);
  const dot = file === undefined ? -1 : file.lastIndexOf('.');
  const format = dot < 0 ? '' : (file ?? '').slice(dot + 1);
  const uniqueId = dot < 0 ? '' : (file ?? '').slice(0, dot);
  if (file !== undefined && !isRecordingFormat(format)) {
    problems.push({ field: 'format', message: `the file name must end in .wav or .mp3, as in ${shape}` });
  }
  throwIfProblems(subject, problems);
  const parts = { pbxAddress, assistantId, uniqueId, format: format as RecordingFormat };
  throwIfProblems(subject, recordingUrlProblems(parts));
  return parts;
}

/** Decodes one percent-encoded path segment, recording a problem when it is malformed. */
function decodeSegment(segment: string, field: string, problems: ValidationProblem[]): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    problems.push({
      field,
      message: `${field} has a malformed %-escape in the URL; encode it with encodeURIComponent`,
    });
    return undefined;
  }
}

/** Every problem with `parts`; empty when {@link recordingUrl} will accept them. */
function recordingUrlProblems(parts: unknown): ValidationProblem[] {
  if (!isRecord(parts)) {
    return [
      {
        field: 'parts',
        message: `expected an object with pbxAddress, assistantId, uniqueId and format, not ${describeValue(parts)}`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'pbxAddress', hostPortProblem(parts.pbxAddress, 'pbxAddress'));
  addProblem(problems, 'assistantId', assistantIdProblem(parts.assistantId, 'assistantId'));
  addProblem(problems, 'uniqueId', uniqueIdProblem(parts.uniqueId));
  if (!isRecordingFormat(parts.format)) {
    problems.push({ field: 'format', message: `format must be 'wav' or 'mp3'` });
  }
  return problems;
}

/** Asterisk's `${UNIQUEID}`: `epoch.sequence` digits, optionally after a `systemname-` prefix. */
function uniqueIdProblem(value: unknown): string | undefined {
  const example = 'such as 1732375678.42 or pbx1-1732375678.42';
  if (typeof value !== 'string') return notAString('uniqueId', value);
  if (value === '') return `uniqueId must not be empty: pass the call's \${UNIQUEID}, ${example}`;
  const bad = firstCharNotMatching(value, /^[A-Za-z0-9._-]$/);
  if (bad !== undefined) {
    return `uniqueId contains ${describeChar(bad)}; Asterisk's \${UNIQUEID} has only letters, digits, '-', '_' and '.', ${example}`;
  }
  if (value.length > MAX_UNIQUE_ID_LENGTH) {
    return `uniqueId is ${value.length} characters long; Asterisk's \${UNIQUEID} has at most ${MAX_UNIQUE_ID_LENGTH}`;
  }
  if (!UNIQUE_ID.test(value)) {
    return `uniqueId is not in Asterisk's \${UNIQUEID} form: digits, a dot and digits, optionally after a system-name prefix and '-', ${example}`;
  }
  return undefined;
}
