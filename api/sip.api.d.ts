// CallMedia
declare class CallMedia extends Duplex {
    #private;
    readonly format: MediaFormat;
    readonly sampleRate: number;
    readonly frameMs: number;
    readonly frameBytes: number;
    readonly transport: MediaTransport['kind'];
    constructor(init: CallMediaInit);
    get stats(): Readonly<CallMediaStats>;
    get queuedMs(): number;
    get endReason(): MediaEndReason | undefined;
    flush(): number;
    close(reason?: MediaEndReason, error?: Error): Promise<void>;
    get endError(): Error | undefined;
    _read(): void;
    _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void;
    _final(callback: (error?: Error | null) => void): void;
    _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
}

// CallMediaStats
interface CallMediaStats {
    framesIn: number;
    framesInDropped: number;
    framesOut: number;
    framesOutDropped: number;
    lateTicks: number;
    bytesFlushed: number;
}

// CollectDtmfOptions
interface CollectDtmfOptions {
    max?: number;
    terminator?: string;
    timeoutMs?: number;
    interDigitTimeoutMs?: number;
    signal?: AbortSignal;
}

// MediaEndReason
type MediaEndReason = 'hangup' | 'closed' | 'transport' | 'stopped';

// MediaFormat
type MediaFormat = 'slin16' | 'slin' | 'ulaw' | 'alaw';

// PcmSource
interface PcmSource {
    pcm: Buffer | Int16Array;
    sampleRate: 8000 | 16000;
}

// RegistrationState
type RegistrationState = 'registering' | 'registered' | 'retrying' | 'failed' | 'stopped';

// RegistrationStatus
interface RegistrationStatus {
    readonly extension: string;
    readonly state: RegistrationState;
    readonly error?: AipbxError;
    readonly attempts: number;
    readonly registeredAt?: Date;
}

// RtpOptions
interface RtpOptions {
    host?: string;
    advertise?: string;
    portMin?: number;
    portMax?: number;
}

// RtpRemoteReport
interface RtpRemoteReport {
    fractionLost: number;
    cumulativeLost: number;
    jitterMs: number;
    roundTripMs: number | undefined;
    receivedAt: number;
}

// RtpSessionStats
interface RtpSessionStats {
    packetsSent: number;
    packetsReceived: number;
    packetsLost: number;
    packetsLate: number;
    jitterMs: number;
    lastReceivedAt: number | undefined;
    remote: RtpRemoteReport | undefined;
}

// SIP_ENV
declare const SIP_ENV: readonly [
    "SIP_SERVER",
    "SIP_PORT",
    "SIP_TRANSPORT",
    "SIP_USERS",
    "RTP_PORT_MIN",
    "RTP_PORT_MAX",
    "RTP_ADVERTISE"
];

// SipCall
declare class SipCall extends TypedEmitter<SipCallEvents> {
    #private;
    readonly id: string;
    readonly direction: SipCallDirection;
    readonly extension: string;
    readonly caller: SipParty;
    readonly called: SipParty;
    constructor(session: Session, direction: SipCallDirection, extension: string, host: SipCallHost);
    header(name: string): string | undefined;
    get ended(): SipCallEndReason | undefined;
    get rtpStats(): Readonly<RtpSessionStats> | undefined;
    get held(): boolean;
    answer(): Promise<void>;
    hangup(status?: number): Promise<void>;
    media(options?: SipCallMediaOptions): Promise<CallMedia>;
    play(source: string | PcmSource, options?: SipPlayOptions): Promise<SipPlayOutcome>;
    collectDtmf(options?: CollectDtmfOptions): Promise<string>;
    clearDtmf(): void;
    sendDtmf(digits: string): Promise<void>;
    record(path: string, options?: SipRecordOptions): Promise<SipRecordResult>;
    attachMedia(): void;
    stop(): Promise<void>;
    fail(): void;
}

// SipCallDirection
type SipCallDirection = 'inbound' | 'outbound';

// SipCallEndReason
type SipCallEndReason = 'hangup' | 'failed' | 'stopped';

// SipCallEvents
interface SipCallEvents {
    dtmf: (digit: string, durationMs: number) => void;
    hold: () => void;
    resume: () => void;
    end: (reason: SipCallEndReason) => void;
}

// SipCallHandler
type SipCallHandler = (call: SipCall) => void | Promise<void>;

// SipCallMediaOptions
interface SipCallMediaOptions {
    format?: MediaFormat;
    maxQueueMs?: number;
    maxReadFrames?: number;
    sendSilence?: boolean;
}

// SipDialOptions
interface SipDialOptions {
    from?: string;
    headers?: Readonly<Record<string, string>>;
    ringTimeoutMs?: number;
    signal?: AbortSignal;
}

// SipParty
interface SipParty {
    name: string;
    number: string;
}

// SipPlayOptions
interface SipPlayOptions {
    signal?: AbortSignal;
}

// SipPlayOutcome
type SipPlayOutcome = 'done' | 'stopped' | 'hangup';

// SipRecordOptions
interface SipRecordOptions {
    maxDurationSeconds?: number;
    signal?: AbortSignal;
}

// SipRecordResult
interface SipRecordResult {
    path: string;
    outcome: 'done' | 'hangup' | 'canceled';
    durationSeconds: number;
}

// SipService
declare class SipService extends TypedEmitter<SipServiceEvents> {
    #private;
    constructor(options: SipServiceOptions);
    static fromEnv(env?: Readonly<Record<string, string | undefined>>, overrides?: Partial<SipServiceOptions>): SipService;
    onCall(handler: SipCallHandler): this;
    get registrations(): ReadonlyMap<string, RegistrationStatus>;
    get calls(): ReadonlySet<SipCall>;
    get running(): boolean;
    start(timeoutMs?: number): Promise<void>;
    stop(): Promise<void>;
    call(to: string, options?: SipDialOptions): Promise<SipCall>;
}

// SipServiceEvents
interface SipServiceEvents {
    registration: (status: RegistrationStatus) => void;
    call: (call: SipCall) => void;
    callEnd: (call: SipCall, reason: SipCallEndReason) => void;
    error: (error: Error, call?: SipCall) => void;
}

// SipServiceOptions
interface SipServiceOptions {
    server: string;
    port?: number;
    transport?: SipServiceTransport;
    users: readonly SipUser[];
    rtp?: RtpOptions;
    ca?: string | Buffer | readonly (string | Buffer)[];
    registerExpiresSeconds?: number;
    reconnect?: ReconnectOptions;
    logger?: Logger;
}

// sipServiceOptionsFromEnv
declare function sipServiceOptionsFromEnv(env?: Readonly<Record<string, string | undefined>>, overrides?: Partial<SipServiceOptions>): SipServiceOptions;

// SipServiceTransport
type SipServiceTransport = 'udp' | 'tcp' | 'tls';
