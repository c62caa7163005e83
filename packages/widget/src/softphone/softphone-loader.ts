/**
 * Loads the phone engine, the softphone's panel and its strings, as their own chunk. The
 * script-tag build replaces this module with one that loads the chunk from next to the script.
 */
export const loadSoftphoneUi = (): Promise<typeof import('./softphone-ui.js')> => import('./softphone-ui.js');
