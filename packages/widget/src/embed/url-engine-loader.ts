import { scriptUrl } from './script-url.js';

/** Replaced at build time by the hashed file name of the lazy chunk. */
const CALL_CHUNK = '__AIPBX_CALL_CHUNK__';

/**
 * The script-tag build's loader: imports the call chunk (engine, panel, strings) from the folder
 * the script came from. A dynamic `import()` works from a classic script; no `type="module"`.
 */
export const loadCallUi = (): Promise<typeof import('../element/call-ui.js')> =>
  import(/* @vite-ignore */ new URL(CALL_CHUNK, scriptUrl).href);
