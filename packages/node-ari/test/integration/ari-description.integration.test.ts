/**
 * The committed ARI client is what the running Asterisk describes: its description, rendered by the
 * generator, must equal src/client/generated/ari-api.ts byte for byte. When Asterisk changes (a
 * new Debian build in the test bed's chroot), this fails until `npm run generate:ari` is run.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import {
  fetchAriDescription,
  fetchAsteriskVersion,
} from '../../../../scripts/ari-codegen/fetch-ari-description.js';
import { renderAriApi } from '../../../../scripts/ari-codegen/render-ari-api.js';
import { ARI_DESCRIPTION_VERSION, ARI_OPERATIONS, type AriApi } from '../../src/client/generated/ari-api.js';

const bed = inject('testbed');
const COMMITTED = new URL('../../src/client/generated/ari-api.ts', import.meta.url);

// ---- Compile-time: the runtime table and the typed API have the same resources, operations and
// parameters. The table's `satisfies` proves every AriApi operation has an entry; these prove the
// converse, and that each entry lists exactly the parameters of its method's params interface.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Table = typeof ARI_OPERATIONS;
type OperationNames<T> = { -readonly [R in keyof T]-?: keyof T[R] };
/** The keys of a method's `params` argument; never for a method whose only argument is the options. */
type MethodParamNames<F> = F extends (...args: infer A) => unknown
  ? 2 extends A['length']
    ? keyof NonNullable<A[0]>
    : never
  : never;
type TableParamNames<S> = S extends { readonly params: readonly (infer P)[] }
  ? P extends { readonly name: infer N }
    ? N
    : never
  : never;
type ParamsMatch = {
  [R in keyof AriApi]: {
    [O in keyof AriApi[R]]: Equal<
      MethodParamNames<AriApi[R][O]>,
      TableParamNames<Table[R][O & keyof Table[R]]>
    >;
  }[keyof AriApi[R]];
}[keyof AriApi];

const sameResources: Equal<keyof Table, keyof AriApi> = true;
const sameOperations: Equal<OperationNames<Table>, OperationNames<AriApi>> = true;
const sameParams: [ParamsMatch] extends [true] ? true : false = true;

/** Where two texts first differ, as a line number and both lines. */
function firstDifference(committed: string, rendered: string): string {
  const a = committed.split('\n');
  const b = rendered.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const show = (line: string | undefined) =>
        line === undefined ? '(end of file)' : JSON.stringify(line);
      return `first difference at line ${i + 1}:\n  committed: ${show(a[i])}\n  Asterisk:  ${show(b[i])}`;
    }
  }
  return 'the texts differ';
}

describe('the ARI description of the running Asterisk', () => {
  it('renders to exactly the committed client', async () => {
    const { url, username, password } = bed.ari;
    const live = await fetchAriDescription(url, username, password);
    const asterisk = await fetchAsteriskVersion(url, username, password);
    const rendered = renderAriApi(live, { asterisk });
    const committed = await readFile(COMMITTED, 'utf8');
    const message =
      "the running Asterisk's ARI description differs from the committed client: run `npm run generate:ari` " +
      `(committed from Asterisk ${ARI_DESCRIPTION_VERSION.asterisk}, ARI ${ARI_DESCRIPTION_VERSION.apiVersion}; ` +
      `running Asterisk ${asterisk}, ARI ${live.apiVersion}); ${firstDifference(committed, rendered)}`;
    expect(rendered === committed, message).toBe(true);
  });

  it('lists the same operations at run time as the types do', () => {
    expect([sameResources, sameOperations, sameParams]).toEqual([true, true, true]);
    const count = Object.values(ARI_OPERATIONS).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBeGreaterThan(100);
  });
});
