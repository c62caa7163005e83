import { scriptUrl } from './script-url.js';

/** Replaced at build time by the hashed file name of the softphone chunk. */
const SOFTPHONE_CHUNK = '__AIPBX_SOFTPHONE_CHUNK__';

/**
 * The softphone script-tag build's loader: imports the softphone chunk (engine, panel, strings)
 * from the folder the script came from. A dynamic `import()` works from a classic script.
 */
export const loadSoftphoneUi = (): Promise<typeof import('../softphone/softphone-ui.js')> =>
  import(/* @vite-ignore */ new URL(SOFTPHONE_CHUNK, scriptUrl).href);
