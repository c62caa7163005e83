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

// defineAipbxSoftphone
declare function defineAipbxSoftphone(): void;

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

// SoftphoneStrings
interface SoftphoneStrings {
    softphone: string;
    registered: string;
    registering: string;
    unregistered: string;
    unregisteredWhy: string;
    retryingAt: string;
    failed: string;
    reconnect: string;
    registrationReasons: Record<RegistrationProblem, string>;
    number: string;
    dialPad: string;
    call: string;
    incomingCall: string;
    incomingFrom: string;
    accept: string;
    answerAndHold: string;
    decline: string;
    unknownCaller: string;
    currentCall: string;
    states: Record<Exclude<PhoneCallState, 'ended'>, string>;
    mute: string;
    hold: string;
    resume: string;
    keypad: string;
    transfer: string;
    transferTarget: string;
    consult: string;
    consulting: string;
    completeTransfer: string;
    cancel: string;
    hangup: string;
    otherCalls: string;
    switchTo: string;
    recentCalls: string;
    incoming: string;
    outgoing: string;
    missed: string;
    useNumber: string;
    connectedTo: string;
    callEnded: string;
    callEndedWith: string;
    outcomes: Record<PhoneCallEnding, string>;
    ringtoneHint: string;
    misconfigured: string;
    notRegistered: string;
    invalidNumber: string;
    callFailed: string;
    transferFailed: string;
    actionFailed: string;
}

// SoftphoneUnregisteredDetail
interface SoftphoneUnregisteredDetail {
    extension: string;
    state: 'unregistered' | 'failed';
    reason: RegistrationReason;
    message: string;
    willRetry: boolean;
}
