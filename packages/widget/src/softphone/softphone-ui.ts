/**
 * What `<aipbx-softphone>` loads as soon as it is on the page: the phone engine (sip.js), the
 * controller behind the element, its panel and every string. One chunk.
 */

/** The engine, for pages that load the script tag but drive the softphone themselves. */
export { PhoneEngine } from '../phone/phone-engine.js';
export { SoftphoneController } from './softphone-controller.js';
