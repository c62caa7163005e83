/**
 * What `<aipbx-call>` loads on first intent: the call engine (sip.js), the controller behind the
 * button, the in-call panel and every string. One chunk, so the first click costs one request.
 */

/** The engine, for pages that load the script tag but drive calls themselves. */
export { CallEngine } from '../engine/call-engine.js';
export { CallController } from './call-controller.js';
