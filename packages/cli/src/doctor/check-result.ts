/**
 * What `aipbx doctor` reports: one result per check.
 */

/** `ok`; `warn` (works, but needs attention); `fail`; `skipped` (not applicable or blocked by an earlier failure). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

/** The checks, in the order they run. */
export type CheckId =
  | 'ari'
  | 'stasis-app'
  | 'ami-login'
  | 'test-call'
  | 'ami-permissions'
  | 'endpoints'
  | 'wss-tls'
  | 'wss-upgrade'
  | 'recordings';

/** One check's outcome. Nothing in it ever contains a password or secret. */
export interface CheckResult {
  id: CheckId;
  /** What was checked, one short line. */
  title: string;
  status: CheckStatus;
  /** What was found, one line. */
  finding: string;
  /** What to do about it (for `warn` and `fail`, and for `skipped` when something is missing). */
  fix?: string;
  /** The troubleshooting entry, `docs/<page>.md#<anchor>`. */
  docs?: string;
  /** How long the check took, ms. */
  durationMs: number;
}

/** Every check's result; `ok` is true when none failed. What `aipbx doctor --json` prints. */
export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

/** Troubleshooting entries the findings link to. */
export const DOCS = {
  asteriskTroubleshooting: 'docs/asterisk-setup.md#9-troubleshooting',
  ariConf: 'docs/asterisk-setup.md#2-ariconf',
  certificate: 'docs/asterisk-setup.md#3-httpconf-and-the-certificate',
  assistantContexts: 'docs/asterisk-setup.md#the-assistant-contexts-exact-extensions-only',
  widgets: 'docs/asterisk-setup.md#widgets-public-confined-bound-limited',
  recordings: 'docs/asterisk-setup.md#7-the-recordings-folder',
  managerConf: 'docs/asterisk-setup.md#6-managerconf',
  amiTroubleshooting: 'docs/ami.md#troubleshooting',
  embeddingTroubleshooting: 'docs/embedding.md#troubleshooting',
} as const;
