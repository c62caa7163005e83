import { ValidationError, type ValidationProblem } from '../errors/index.js';
import {
  addProblem,
  describeValue,
  type IdentifierRule,
  identifierProblem,
  isRecord,
  nameProblem,
  type SecretRule,
  secretProblem,
  sipUserProblem,
} from '../models/problems.js';

/**
 * One SIP account from the Yeastar integration's `SIP_USERS` setting
 * (`extension:password:extension:Display Name[:ws_password]`).
 */
export interface SipUser {
  /** The extension (a PJSIP endpoint name and dialplan extension), e.g. `101`. */
  extension: string;
  /** SIP password. A secret: never logged. */
  password: string;
  /** SIP authentication user name; usually the same as {@link SipUser.extension}. */
  username: string;
  /** Name shown to the called party, e.g. `Кухня` or `Front Desk`. May contain spaces. */
  displayName: string;
  /** Separate password for SIP over WebSocket, when the PBX uses one. A secret: never logged. */
  wsPassword?: string;
}

const SUBJECT = 'SIP_USERS';
const ENTRY_FORMAT = 'extension:password:username:Display Name[:ws_password]';
const SIP_USERS_SECRET: SecretRule = { conf: false, sipUsers: true };
const USERNAME_RULE: IdentifierRule = {
  leadingUnderscore: true,
  dot: true,
  purpose: 'it is the SIP authentication user name',
  example: '101',
};
const DISPLAY_NAME_CHARS = {
  chars: /^[^:,]$/u,
  reason: "which SIP_USERS uses to separate fields (':') and entries (','); remove it",
};

/**
 * Parses a `SIP_USERS` string: entries separated by `,`, each
 * `extension:password:username:Display Name[:ws_password]`. Whitespace around entries and around
 * the display name is dropped, an empty string gives `[]`, and one trailing comma is tolerated.
 *
 * @throws ValidationError listing every problem as `SIP_USERS[i].field` (entries counted from 0),
 *   e.g. `SIP_USERS[2].password: password must not be empty`. Passwords are never repeated.
 *
 * @example
 * ```ts
 * parseSipUsers('101:s3cret:101:Front Desk, 102:pa55:102:Кухня:wsPa55');
 * // [{ extension: '101', password: 's3cret', username: '101', displayName: 'Front Desk' },
 * //  { extension: '102', password: 'pa55', username: '102', displayName: 'Кухня', wsPassword: 'wsPa55' }]
 * ```
 */
export function parseSipUsers(text: string): SipUser[] {
  if (typeof text !== 'string') {
    throw new ValidationError(SUBJECT, [
      { field: SUBJECT, message: `SIP_USERS must be a string, not ${describeValue(text)}` },
    ]);
  }
  const entries = text.split(',');
  if (entries.length > 1 && entries[entries.length - 1]?.trim() === '') entries.pop();
  if (entries.length === 1 && entries[0]?.trim() === '') return [];
  const problems: ValidationProblem[] = [];
  const users: SipUser[] = [];
  const parsed: Array<{ index: number; user: SipUser }> = [];
  entries.forEach((entry, index) => {
    const fields = entry.trim().split(':');
    if (entry.trim() === '') {
      problems.push({ field: entryField(index), message: 'entry is empty; remove the extra comma' });
      return;
    }
    if (fields.length < 4 || fields.length > 5) {
      problems.push({
        field: entryField(index),
        message: `entry has ${fields.length} field${fields.length === 1 ? '' : 's'} separated by ':' but needs 4 or 5: ${ENTRY_FORMAT} (a ':' or ',' inside a value cannot be carried)`,
      });
      return;
    }
    const [extension = '', password = '', username = '', displayName = '', wsPassword] = fields;
    const user: SipUser = { extension, password, username, displayName: displayName.trim() };
    if (wsPassword === '') {
      problems.push({
        field: entryField(index, 'wsPassword'),
        message: "wsPassword is empty; remove the last ':' or write the WebSocket password after it",
      });
    } else if (wsPassword !== undefined) {
      user.wsPassword = wsPassword;
    }
    addUserProblems(problems, user, index);
    users.push(user);
    parsed.push({ index, user });
  });
  addDuplicateProblems(problems, parsed);
  if (problems.length > 0) throw new ValidationError(SUBJECT, sortByEntry(problems));
  return users;
}

/**
 * Writes users as a `SIP_USERS` string, entries joined by `,` without spaces. The result parses
 * back with {@link parseSipUsers} to equal users.
 *
 * @throws ValidationError listing every problem {@link validateSipUsers} finds — among them values
 *   containing `:` or `,`, which the format cannot carry.
 */
export function formatSipUsers(users: readonly SipUser[]): string {
  const problems = validateSipUsers(users);
  if (problems.length > 0) throw new ValidationError(SUBJECT, problems);
  return users
    .map((user) => {
      const fields = [user.extension, user.password, user.username, user.displayName];
      if (user.wsPassword !== undefined) fields.push(user.wsPassword);
      return fields.join(':');
    })
    .join(',');
}

/**
 * Every problem with `users` as a list of {@link SipUser}, with fields named `SIP_USERS[i].field`.
 * Never throws; an empty array means {@link formatSipUsers} will accept it. Flags values that
 * `SIP_USERS` cannot carry (`:`, `,`, whitespace around a display name) and duplicate extensions.
 */
export function validateSipUsers(users: unknown): ValidationProblem[] {
  if (!Array.isArray(users)) {
    return [{ field: SUBJECT, message: `expected an array of SIP users, not ${describeValue(users)}` }];
  }
  const problems: ValidationProblem[] = [];
  users.forEach((user: unknown, index) => {
    if (isRecord(user)) {
      addUserProblems(problems, user, index);
    } else {
      problems.push({
        field: entryField(index),
        message: `expected an object with extension, password, username and displayName, not ${describeValue(user)}`,
      });
    }
  });
  addDuplicateProblems(
    problems,
    users.map((user: unknown, index) => ({ index, user })),
  );
  return sortByEntry(problems);
}

/** `SIP_USERS[index]` or `SIP_USERS[index].field`. */
function entryField(index: number, field?: string): string {
  return field === undefined ? `${SUBJECT}[${index}]` : `${SUBJECT}[${index}].${field}`;
}

/** A user-shaped value whose fields are not yet known to be right. */
type UserFields = { readonly [K in keyof SipUser]?: unknown };

/** Checks one user's fields. */
function addUserProblems(problems: ValidationProblem[], user: UserFields, index: number): void {
  addProblem(problems, entryField(index, 'extension'), sipUserProblem(user.extension, 'extension'));
  addProblem(
    problems,
    entryField(index, 'password'),
    secretProblem(user.password, 'password', SIP_USERS_SECRET),
  );
  addProblem(
    problems,
    entryField(index, 'username'),
    identifierProblem(user.username, 'username', USERNAME_RULE),
  );
  const name = user.displayName;
  let nameMessage = nameProblem(name, 'displayName', DISPLAY_NAME_CHARS);
  if (nameMessage === undefined && typeof name === 'string' && name !== name.trim()) {
    nameMessage = 'displayName starts or ends with whitespace, which SIP_USERS drops when read back; trim it';
  }
  addProblem(problems, entryField(index, 'displayName'), nameMessage);
  if (user.wsPassword !== undefined) {
    addProblem(
      problems,
      entryField(index, 'wsPassword'),
      secretProblem(user.wsPassword, 'wsPassword', SIP_USERS_SECRET),
    );
  }
}

/** Flags each later use of an extension already taken by an earlier entry; indices are entry positions. */
function addDuplicateProblems(
  problems: ValidationProblem[],
  entries: ReadonlyArray<{ index: number; user: unknown }>,
): void {
  const firstIndex = new Map<string, number>();
  for (const { index, user } of entries) {
    if (!isRecord(user) || typeof user.extension !== 'string') continue;
    const first = firstIndex.get(user.extension);
    if (first === undefined) {
      firstIndex.set(user.extension, index);
    } else {
      problems.push({
        field: entryField(index, 'extension'),
        message: `extension is already used by ${entryField(first)}; each extension may appear only once`,
      });
    }
  }
}

/** Orders problems by entry index, keeping field order within an entry. */
function sortByEntry(problems: ValidationProblem[]): ValidationProblem[] {
  const indexOf = (problem: ValidationProblem) => Number(/\[(\d+)\]/.exec(problem.field)?.[1] ?? -1);
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => indexOf(a.problem) - indexOf(b.problem) || a.order - b.order)
    .map(({ problem }) => problem);
}
