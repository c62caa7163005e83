export type {
  Call,
  CallChannel,
  CallDirection,
  CallDisposition,
  CallParty,
  CallState,
  CompletedCall,
  ExtensionState,
  ExtensionStatus,
} from './call.js';
export { CallMonitor, type CallMonitorEvents, type ResyncSummary } from './call-monitor.js';
export type { CallMonitorOptions, ClickToCallDefaults, ClickToCallRequest } from './call-monitor-options.js';
export { type CallChange, CallTracker } from './call-tracker.js';
export { type ExtensionSource, ExtensionTracker } from './extension-tracker.js';
