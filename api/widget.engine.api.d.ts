// CallEngine
declare class CallEngine extends TypedEmitter<CallEngineEvents> {
    #private;
    constructor(options: CallEngineOptions);
    get state(): CallState;
    get muted(): boolean;
    get connectedAt(): number | undefined;
    get quality(): CallQuality | undefined;
    get targetUri(): string;
    prepare(): Promise<void>;
    call(): Promise<void>;
    hangup(): Promise<void>;
    mute(): void;
    unmute(): void;
    sendDtmf(tones: string): Promise<void>;
    levels(): CallLevels;
    devices(): Promise<MediaDeviceInfo[]>;
    setInputDevice(deviceId: string | undefined): Promise<void>;
    setOutputDevice(deviceId: string): Promise<void>;
    dispose(): Promise<void>;
}

// CallEngineEvents
interface CallEngineEvents {
    'state-change': (change: CallStateChange) => void;
    quality: (quality: CallQuality) => void;
    'quality-warning': (warning: QualityWarning) => void;
    'devices-change': () => void;
}

// CallEngineOptions
interface CallEngineOptions {
    server: string;
    target: string;
    user?: string;
    displayName?: string;
    assistantId?: string;
    credentials?: {
        username: string;
        password: string;
    };
    headers?: Readonly<Record<string, string>>;
    iceServers?: readonly RTCIceServer[];
    iceGatheringTimeoutMs?: number;
    connectTimeoutMs?: number;
    answerTimeoutMs?: number;
    reconnectTimeoutMs?: number;
    dtmf?: DtmfMode;
    inputDeviceId?: string;
    outputDeviceId?: string;
    audioElement?: HTMLAudioElement;
    qualityThresholds?: Partial<QualityThresholds>;
}

// CallLevels
interface CallLevels {
    input: number;
    output: number;
}

// CallQuality
interface CallQuality {
    rttMs: number | undefined;
    jitterMs: number;
    lossPercent: number;
    mos: number;
    packetsReceived: number;
}

// CallState
type CallState = 'idle' | 'connecting' | 'ringing' | 'in-call' | 'reconnecting' | 'ended' | 'failed';

// CallStateChange
interface CallStateChange {
    readonly from: CallState;
    readonly to: CallState;
    readonly reason: CallStateReason;
    readonly error?: Error;
    readonly statusCode?: number;
}

// CallStateReason
type CallStateReason = 'dialing' | 'ringing' | 'early-media' | 'answered' | 'recovered' | 'connection-lost' | 'offline' | 'ice-failed' | 'local-hangup' | 'remote-hangup' | 'cancelled' | 'disposed' | 'microphone-denied' | 'no-microphone' | 'microphone-unavailable' | 'insecure-context' | 'server-unreachable' | 'busy' | 'declined' | 'not-found' | 'unavailable' | 'timeout' | 'network-lost' | 'media-failed' | 'error';

// DEFAULT_QUALITY_THRESHOLDS
declare const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds;

// DtmfMode
type DtmfMode = 'rfc2833' | 'info';

// estimateMos
declare function estimateMos(rttMs: number, jitterMs: number, lossPercent: number): number;

// isCallActive
declare function isCallActive(state: CallState): boolean;

// QualityMetric
type QualityMetric = 'rtt' | 'jitter' | 'loss';

// QualityThresholds
interface QualityThresholds {
    rttMs: number;
    jitterMs: number;
    lossPercent: number;
    sustainSeconds: number;
}

// QualityWarning
interface QualityWarning {
    metric: QualityMetric;
    active: boolean;
    value: number;
    threshold: number;
}
