/**
 * One call per page, across every engine and element, and across copies of this package on the
 * same page (the script-tag build and an npm build): the owner is kept on `globalThis` under a
 * registered symbol.
 */
const KEY = Symbol.for('aipbx.widget.active-call');

type Holder = { [KEY]?: object };

/** Takes the page's call slot for `owner`; false when another owner holds it. */
export function claimPage(owner: object): boolean {
  const g = globalThis as Holder;
  if (g[KEY] !== undefined && g[KEY] !== owner) return false;
  g[KEY] = owner;
  return true;
}

/** Gives the slot back, if `owner` holds it. */
export function releasePage(owner: object): void {
  const g = globalThis as Holder;
  if (g[KEY] === owner) delete g[KEY];
}
