/**
 * The recordings folder is writable and the recording URL answers.
 */
import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOCS } from './check-result.js';
import type { CheckOutcome, DoctorContext } from './doctor-context.js';
import { describeFailure, networkFailure } from './network-error.js';

/** (g) `--recordings-dir` writable; `--recording-url` answered. Skipped when neither is given. */
export async function checkRecordings(ctx: DoctorContext): Promise<CheckOutcome> {
  const { recordingsDir, recordingUrl, timeoutMs } = ctx.options;
  if (recordingsDir === undefined && recordingUrl === undefined) {
    return { status: 'skipped', finding: 'no --recordings-dir or --recording-url given' };
  }
  const found: string[] = [];
  if (recordingsDir !== undefined) {
    try {
      if (!(await stat(recordingsDir)).isDirectory())
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      const probe = join(recordingsDir, `.aipbx-doctor-${randomBytes(6).toString('hex')}`);
      await writeFile(probe, '');
      await unlink(probe);
      found.push(`${recordingsDir} is writable`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return {
        status: 'fail',
        finding: `the recordings folder ${recordingsDir} is ${code === 'ENOENT' ? 'missing' : code === 'ENOTDIR' ? 'not a folder' : `not writable (${code})`}`,
        fix: `mkdir -p ${recordingsDir} && chown asterisk: ${recordingsDir}`,
        docs: DOCS.recordings,
      };
    }
  }
  if (recordingUrl !== undefined) {
    try {
      const res = await fetch(recordingUrl, {
        method: 'HEAD',
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      if (res.status >= 500 || res.status === 403 || res.status === 401) {
        return {
          status: 'fail',
          finding: `${new URL(recordingUrl).origin} answered ${res.status} for the recording URL`,
          fix: 'let the web server read the recordings folder (permissions, alias, allow rules)',
          docs: DOCS.recordings,
        };
      }
      found.push(
        `the recording URL answers ${res.status}${res.status === 404 ? ' (no such recording, but the server is there)' : ''}`,
      );
    } catch (error) {
      return {
        status: 'fail',
        finding: `cannot reach the recording URL: ${describeFailure(networkFailure(error), error)}`,
        fix: 'serve the recordings folder over HTTPS on the PBX host',
        docs: DOCS.recordings,
      };
    }
  }
  return { status: 'ok', finding: found.join('; ') };
}
