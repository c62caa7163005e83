export type { EventArgs, EventMap, EventName } from './event-map.js';
export { type OnceEventOptions, onceEvent } from './once-event.js';
export { rethrowAsync } from './rethrow-async.js';
export { TypedEmitter } from './typed-emitter.js';
