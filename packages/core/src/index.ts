/**
 * @packageDocumentation
 * aipbx core: what the widget, the ARI client and the AMI client share — the publishing objects
 * and their validation, Asterisk config generation, errors, events, reconnect policy and a logger
 * that redacts secrets. Isomorphic: no DOM and no Node built-ins.
 */

export * from './asterisk/index.js';
export * from './connection-modes/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './logging/index.js';
export * from './models/index.js';
export * from './reconnect/index.js';
export * from './recording/index.js';
export * from './sip-users/index.js';
