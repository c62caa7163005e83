export { CallEngine, type CallEngineEvents, type CallLevels } from './call-engine.js';
export {
  type CallEngineOptions,
  DEFAULT_QUALITY_THRESHOLDS,
  type DtmfMode,
  type QualityThresholds,
} from './call-engine-options.js';
export { type CallQuality, estimateMos, type QualityMetric, type QualityWarning } from './call-quality.js';
export { type CallState, type CallStateChange, type CallStateReason, isCallActive } from './call-state.js';
