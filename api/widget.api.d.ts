// AipbxCall
declare class AipbxCall extends LitElement {
    #private;
    static styles: lit.CSSResult;
    static properties: {
        server: {
            reflect: boolean;
        };
        target: {
            reflect: boolean;
        };
        user: {
            reflect: boolean;
        };
        assistantId: {
            attribute: string;
            reflect: boolean;
        };
        iceServers: {
            attribute: string;
            type: ArrayConstructor;
        };
        label: {};
        lang: {};
        placement: {
            reflect: boolean;
        };
    };
    server: string;
    target: string;
    user: string;
    assistantId: string;
    iceServers: RTCIceServer[];
    label: string;
    placement: CallPlacement;
    constructor();
    get state(): CallState;
    get engine(): CallEngine | undefined;
    connectedCallback(): void;
    disconnectedCallback(): void;
    protected willUpdate(changed: PropertyValues<this>): void;
    call(): Promise<void>;
    hangup(): Promise<void>;
    protected render(): unknown;
}

// AipbxSoftphone
declare class AipbxSoftphone extends LitElement {
    #private;
    static styles: lit.CSSResult;
    static properties: {
        server: {
            reflect: boolean;
        };
        extension: {
            reflect: boolean;
        };
        password: {
            attribute: boolean;
        };
        displayName: {
            attribute: string;
        };
        iceServers: {
            attribute: string;
            type: ArrayConstructor;
        };
        lang: {};
        ringtone: {};
    };
    server: string;
    extension: string;
    password: string;
    displayName: string;
    iceServers: RTCIceServer[];
    ringtone: 'on' | 'off';
    constructor();
    get engine(): PhoneEngine | undefined;
    get registration(): RegistrationState;
    get calls(): readonly PhoneCall[];
    connectedCallback(): void;
    disconnectedCallback(): void;
    protected willUpdate(changed: PropertyValues<this>): void;
    call(number: string): Promise<void>;
    hangup(): Promise<void>;
    register(): Promise<void>;
    unregister(): Promise<void>;
    addEventListener<K extends keyof AipbxSoftphoneEventMap>(type: K, listener: (this: AipbxSoftphone, event: AipbxSoftphoneEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
    addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
    removeEventListener<K extends keyof AipbxSoftphoneEventMap>(type: K, listener: (this: AipbxSoftphone, event: AipbxSoftphoneEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
    protected render(): unknown;
}

// AipbxSoftphoneEventMap
interface AipbxSoftphoneEventMap extends Omit<HTMLElementEventMap, 'aipbx-call-start' | 'aipbx-call-end' | 'aipbx-error'> {
    'aipbx-registered': CustomEvent<SoftphoneRegisteredDetail>;
    'aipbx-unregistered': CustomEvent<SoftphoneUnregisteredDetail>;
    'aipbx-incoming': CustomEvent<SoftphoneIncomingDetail>;
    'aipbx-call-start': CustomEvent<SoftphoneCallStartDetail>;
    'aipbx-call-end': CustomEvent<SoftphoneCallEndDetail>;
    'aipbx-error': CustomEvent<SoftphoneErrorDetail>;
}

// CallEndDetail
interface CallEndDetail {
    state: 'ended' | 'failed';
    reason: CallStateReason;
    durationMs: number;
}

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

// CallErrorDetail
interface CallErrorDetail {
    reason: CallStateReason | 'misconfigured' | 'other-call' | 'load-failed';
    message: string;
    error: Error;
}

// CallLevels
interface CallLevels {
    input: number;
    output: number;
}

// CallPlacement
type CallPlacement = 'inline' | 'bottom-right' | 'bottom-left';

// CallQuality
interface CallQuality {
    rttMs: number | undefined;
    jitterMs: number;
    lossPercent: number;
    mos: number;
    packetsReceived: number;
}

// CallStartDetail
interface CallStartDetail {
    target: string;
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

// CallStrings
interface CallStrings {
    call: string;
    connecting: string;
    ringing: string;
    inCall: string;
    reconnecting: string;
    ended: string;
    hangup: string;
    mute: string;
    keypad: string;
    level: string;
    quality: string;
    good: string;
    fair: string;
    poor: string;
    misconfigured: string;
    otherCall: string;
    errors: Partial<Record<CallStateReason, string>> & {
        error: string;
    };
}

// defineAipbxCall
declare function defineAipbxCall(): void;

// DtmfMode
type DtmfMode = 'rfc2833' | 'info';

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

// SoftphoneCallEndDetail
interface SoftphoneCallEndDetail {
    callId: string;
    direction: 'incoming' | 'outgoing';
    number: string;
    reason: PhoneCallReason;
    durationMs: number;
    message?: string;
}

// SoftphoneCallStartDetail
interface SoftphoneCallStartDetail {
    callId: string;
    direction: 'incoming' | 'outgoing';
    number: string;
    displayName?: string;
}

// SoftphoneErrorDetail
interface SoftphoneErrorDetail {
    reason: SoftphoneErrorReason;
    message: string;
}

// SoftphoneErrorReason
type SoftphoneErrorReason = 'misconfigured' | 'load-failed' | 'call-failed' | 'transfer-failed' | 'action-failed';

// SoftphoneIncomingDetail
interface SoftphoneIncomingDetail {
    callId: string;
    number: string;
    displayName?: string;
}

// SoftphoneRegisteredDetail
interface SoftphoneRegisteredDetail {
    extension: string;
}

// SoftphoneUnregisteredDetail
interface SoftphoneUnregisteredDetail {
    extension: string;
    state: 'unregistered' | 'failed';
    reason: RegistrationReason;
    message: string;
    willRetry: boolean;
}
