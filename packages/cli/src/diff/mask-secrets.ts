/**
 * Masking secret values in Asterisk configuration text before it is shown.
 */

/** `key = value` / `key => value` / `key: value`, with the key and its separator kept. */
const ASSIGNMENT = /^(\s*[;#]?\s*)([A-Za-z0-9_.-]+)(\s*(?:=>?|:)\s*)(\S.*)$/;
/** Keys whose values are secrets in ari.conf, manager.conf, pjsip.conf and websocket_client.conf. */
const SECRET_KEY = /secret|passw|pass$|^pass|token|key$|^md5_cred$|credential/i;
/** Files name keys and certificates by path (`cert_file`, `priv_key_file`): those are not secrets. */
const PATH_KEY = /_file$|_dir$|^tlscertfile$|^tlsprivatekey$/i;

/**
 * The line with its value replaced by `***` when its key names a secret (`secret`, `password`,
 * `ws_password`, `md5_cred`…), else the line as it is.
 *
 * @example
 * ```ts
 * maskSecretLine('secret = hunter2'); // 'secret = ***'
 * maskSecretLine('username = app');   // 'username = app'
 * ```
 */
export function maskSecretLine(line: string): string {
  const m = ASSIGNMENT.exec(line);
  if (m === null) return line;
  const [, lead, key, separator] = m as unknown as [string, string, string, string, string];
  if (!SECRET_KEY.test(key) || PATH_KEY.test(key)) return line;
  return `${lead}${key}${separator}***`;
}

/** {@link maskSecretLine} on every line of `text`. */
export function maskSecrets(text: string): string {
  return text.split('\n').map(maskSecretLine).join('\n');
}
