export type { ReconnectOptions } from './reconnect-options.js';
export { ReconnectPolicy } from './reconnect-policy.js';
export { sleep } from './sleep.js';
