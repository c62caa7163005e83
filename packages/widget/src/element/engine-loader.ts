/**
 * Loads the call engine, panel and strings on first intent, as their own chunk. The script-tag
 * build replaces this module with one that loads the chunk from next to the script.
 */
export const loadCallUi = (): Promise<typeof import('./call-ui.js')> => import('./call-ui.js');
