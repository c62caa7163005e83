/**
 * @packageDocumentation
 * `@aipbx/ami`: an Asterisk Manager Interface client for Asterisk and Yeastar PBXs — a fast
 * incremental protocol decoder, promise-based actions correlated by `ActionID`, typed events,
 * MD5 login, TLS, a ping watchdog, reconnect with resync, and backpressure. Node.js only.
 */
export * from './client/index.js';
export * from './monitor/index.js';
export * from './parser/index.js';
