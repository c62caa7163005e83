// isPhoneCallLive
declare function isPhoneCallLive(state: PhoneCallState): boolean;

// PhoneCall
declare class PhoneCall extends TypedEmitter<PhoneCallEvents> {
    #private;
    readonly id: string;
    readonly direction: 'incoming' | 'outgoing';
    readonly remote: PhoneParty;
    readonly startedAt: number;
    constructor(host: PhoneCallHost, session: Session);
    get state(): PhoneCallState;
    get lastChange(): PhoneCallChange;
    get connectedAt(): number | undefined;
    get endedAt(): number | undefined;
    get muted(): boolean;
    get transferring(): boolean;
    answered(): Promise<void>;
    answer(): Promise<void>;
    decline(): Promise<void>;
    hangup(): Promise<void>;
    hold(): Promise<void>;
    resume(): Promise<void>;
    mute(): void;
    unmute(): void;
    sendDtmf(tones: string): Promise<void>;
    transfer(target: string | PhoneCall): Promise<void>;
    levels(): PhoneCallLevels;
}

// PhoneCallChange
interface PhoneCallChange {
    readonly from: PhoneCallState;
    readonly to: PhoneCallState;
    readonly reason: PhoneCallReason;
    readonly error?: Error;
    readonly statusCode?: number;
}

// PhoneCallEvents
interface PhoneCallEvents {
    'state-change': (change: PhoneCallChange) => void;
    update: () => void;
}

// PhoneCallLevels
interface PhoneCallLevels {
    input: number;
    output: number;
}

// PhoneCallOptions
interface PhoneCallOptions {
    headers?: Readonly<Record<string, string>>;
}

// PhoneCallReason
type PhoneCallReason = 'dialed' | 'incoming' | 'ringing' | 'early-media' | 'answering' | 'answered' | 'held' | 'resumed' | 'local-hangup' | 'remote-hangup' | 'declined' | 'busy' | 'not-found' | 'no-answer' | 'cancelled' | 'missed' | 'transferred' | 'unavailable' | 'microphone-denied' | 'no-microphone' | 'microphone-unavailable' | 'network-lost' | 'media-failed' | 'stopped';

// PhoneCallState
type PhoneCallState = 'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'held' | 'ended';

// PhoneEngine
declare class PhoneEngine extends TypedEmitter<PhoneEngineEvents> {
    #private;
    constructor(options: PhoneOptions);
    get extension(): string;
    get registration(): RegistrationState;
    get registrationChange(): RegistrationChange;
    get calls(): readonly PhoneCall[];
    get recent(): readonly RecentCall[];
    start(): Promise<void>;
    stop(): Promise<void>;
    call(target: string, options?: PhoneCallOptions): PhoneCall;
    dispose(): Promise<void>;
}

// PhoneEngineEvents
interface PhoneEngineEvents {
    registration: (change: RegistrationChange) => void;
    incoming: (call: PhoneCall) => void;
    'call-start': (call: PhoneCall) => void;
    'call-end': (call: PhoneCall, change: PhoneCallChange) => void;
    update: () => void;
}

// PhoneOptions
interface PhoneOptions {
    server: string;
    extension: string;
    password: string;
    username?: string;
    displayName?: string;
    domain?: string;
    iceServers?: readonly RTCIceServer[];
    registerExpiresSeconds?: number;
    connectTimeoutMs?: number;
    iceGatheringTimeoutMs?: number;
    ringTimeoutMs?: number;
    reconnectTimeoutMs?: number;
    maxCalls?: number;
    dtmf?: DtmfMode;
    inputDeviceId?: string;
    outputDeviceId?: string;
}

// PhoneParty
interface PhoneParty {
    readonly number: string;
    readonly displayName?: string;
    readonly uri: string;
}

// RecentCall
interface RecentCall {
    readonly id: string;
    readonly direction: 'incoming' | 'outgoing';
    readonly number: string;
    readonly displayName?: string;
    readonly startedAt: number;
    readonly connectedAt?: number;
    readonly endedAt: number;
    readonly durationMs: number;
    readonly reason: PhoneCallReason;
}

// RegistrationChange
interface RegistrationChange {
    readonly from: RegistrationState;
    readonly to: RegistrationState;
    readonly reason: RegistrationReason;
    readonly error?: Error;
    readonly statusCode?: number;
    readonly retryAt?: number;
}

// RegistrationReason
type RegistrationReason = 'start' | 'retry' | 'registered' | 'stopped' | 'connection-lost' | 'server-unreachable' | 'no-response' | 'refresh-failed' | 'auth-failed' | 'not-found' | 'refused';

// RegistrationState
type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';
