// AbortError
declare class AbortError extends AipbxError {
    constructor(message: string, options?: AipbxErrorOptions);
}

// AipbxError
declare class AipbxError extends Error {
    readonly code: AipbxErrorCode;
    constructor(code: AipbxErrorCode, message: string, options?: AipbxErrorOptions);
}

// AipbxErrorCode
type AipbxErrorCode = 'INVALID_INPUT' | 'CONNECTION_FAILED' | 'CONNECTION_LOST' | 'AUTH_FAILED' | 'TIMEOUT' | 'ABORTED' | 'PROTOCOL' | 'REMOTE' | 'CALL_FAILED';

// AipbxErrorOptions
interface AipbxErrorOptions {
    cause?: unknown;
}

// AmiOptions
interface AmiOptions {
    bindAddress?: string;
    port?: number;
    tlsPort?: number | null;
    users: readonly AmiUser[];
}

// AmiUser
interface AmiUser {
    username: string;
    secret: string;
    permit?: readonly string[];
    read?: string;
    write?: string;
}

// AriOptions
interface AriOptions {
    outbound?: AriOutboundOptions;
}

// AriOutboundOptions
interface AriOutboundOptions {
    uri: string;
    username: string;
    password: string;
    connection?: 'per-call' | 'persistent';
    verifyServer?: boolean;
    connectTimeoutMs?: number;
    reconnectAttempts?: number;
}

// AsteriskConfigFileName
type AsteriskConfigFileName = keyof AsteriskConfigFiles;

// AsteriskConfigFiles
interface AsteriskConfigFiles {
    'ari.conf': string;
    'http.conf': string;
    'pjsip.conf': string;
    'extensions.conf': string;
    'manager.conf': string;
    'websocket_client.conf': string;
}

// AsteriskConfigInput
interface AsteriskConfigInput {
    pbx: Pbx;
    sipUris?: readonly SipUri[];
    widgets?: readonly Widget[];
    operators?: readonly SipUser[];
    trunks?: readonly SipTrunk[];
    http?: HttpOptions;
    sip?: SipOptions;
    ami?: AmiOptions;
    dialplan?: DialplanOptions;
    limits?: CallLimits;
    ari?: AriOptions;
}

// AudioProcessing
type AudioProcessing = 'pbx' | 'server' | 'browser';

// AuthenticationError
declare class AuthenticationError extends AipbxError {
    constructor(message: string, options?: AipbxErrorOptions);
}

// CallFailedError
declare class CallFailedError extends AipbxError {
    readonly reason: CallFailureReason;
    readonly leg: 'from' | 'to';
    constructor(reason: CallFailureReason, leg: 'from' | 'to', message: string, options?: AipbxErrorOptions);
}

// CallFailureReason
type CallFailureReason = 'busy' | 'no-answer' | 'unavailable' | 'congestion' | 'cancelled' | 'failed';

// CallLimits
interface CallLimits {
    widgetCalls?: number | null;
    sipUriCalls?: number | null;
    trunkCalls?: number | null;
    callSeconds?: number | null;
    recordingsPerDay?: number | null;
}

// CONNECTION_MODES
declare const CONNECTION_MODES: {
    readonly ami: {
        readonly title: "AMI (Asterisk Manager Interface)";
        readonly description: string;
        readonly transports: readonly [
        ];
        readonly ports: readonly [
            5038
        ];
        readonly needsRtp: false;
        readonly browserClient: false;
        readonly recording: false;
        readonly audioProcessing: "pbx";
        readonly monitoring: true;
        readonly clickToCall: true;
        readonly callControl: true;
    };
    readonly pjsip: {
        readonly title: "Native PJSIP (UDP/TCP/TLS)";
        readonly description: string;
        readonly transports: readonly [
            "udp",
            "tcp",
            "tls"
        ];
        readonly ports: readonly [
            5060,
            5061
        ];
        readonly needsRtp: true;
        readonly browserClient: false;
        readonly recording: true;
        readonly audioProcessing: "server";
        readonly monitoring: true;
        readonly clickToCall: true;
        readonly callControl: true;
    };
    readonly websocket: {
        readonly title: "WebSocket (SIP over WebSocket + WebRTC)";
        readonly description: string;
        readonly transports: readonly [
            "ws",
            "wss"
        ];
        readonly ports: readonly [
            8088,
            8089
        ];
        readonly needsRtp: false;
        readonly browserClient: true;
        readonly recording: false;
        readonly audioProcessing: "browser";
        readonly monitoring: true;
        readonly clickToCall: true;
        readonly callControl: true;
    };
};

// ConnectionError
declare class ConnectionError extends AipbxError {
    readonly address: string;
    constructor(code: 'CONNECTION_FAILED' | 'CONNECTION_LOST', address: string, message: string, options?: AipbxErrorOptions);
}

// ConnectionMode
type ConnectionMode = keyof typeof CONNECTION_MODES;

// ConnectionModeInfo
interface ConnectionModeInfo {
    readonly title: string;
    readonly description: string;
    readonly transports: readonly SipTransport[];
    readonly ports: readonly number[];
    readonly needsRtp: boolean;
    readonly browserClient: boolean;
    readonly recording: boolean;
    readonly audioProcessing: AudioProcessing;
    readonly monitoring: boolean;
    readonly clickToCall: boolean;
    readonly callControl: boolean;
}

// consoleSink
declare function consoleSink(record: LogRecord): void;

// createLogger
declare function createLogger(options?: LoggerOptions): Logger;

// createPbx
declare function createPbx(input: PbxInput): Pbx;

// createSipUri
declare function createSipUri(input: SipUriInput): SipUri;

// createWidget
declare function createWidget(input: WidgetInput): Widget;

// DEFAULT_AMI_READ
declare const DEFAULT_AMI_READ = "call,dialplan,system";

// DEFAULT_AMI_WRITE
declare const DEFAULT_AMI_WRITE = "call,originate,reporting";

// DEFAULT_CONTEXT
declare const DEFAULT_CONTEXT = "assistant-in";

// DEFAULT_DIALPLAN
declare const DEFAULT_DIALPLAN: {
    readonly stasisApp: "aiPBXBot";
    readonly operatorContext: "aipbx-operators";
};

// DEFAULT_PORTS
declare const DEFAULT_PORTS: {
    readonly sipUdp: 5060;
    readonly sipTcp: 5060;
    readonly sipTls: 5061;
    readonly ami: 5038;
    readonly amiTls: 5039;
    readonly ws: 8088;
    readonly wss: 8089;
    readonly rtp: {
        readonly min: 5700;
        readonly max: 5750;
    };
};

// DEFAULT_SIP_DOMAIN
declare const DEFAULT_SIP_DOMAIN = "sip.aipbx.com";

// DEFAULT_WIDGET_BASE_URL
declare const DEFAULT_WIDGET_BASE_URL = "https://aipbx.com/widget/";

// DefaultPorts
type DefaultPorts = typeof DEFAULT_PORTS;

// DialplanOptions
interface DialplanOptions {
    stasisApp?: string;
    recordingsDir?: string | null;
    assistants?: readonly string[];
    assistantHeader?: string;
    unavailableSound?: string;
    operatorContext?: string;
}

// EmbedCodeOptions
interface EmbedCodeOptions {
    baseUrl?: string;
    integrity?: string;
    crossorigin?: EmbedCrossOrigin;
    async?: boolean;
    defer?: boolean;
}

// EmbedCrossOrigin
type EmbedCrossOrigin = 'anonymous' | 'use-credentials';

// EventArgs
type EventArgs<Events, K extends keyof Events> = Events[K] extends (...args: infer A) => void ? A : never;

// EventMap
type EventMap<T> = {
    [K in keyof T]: (...args: never[]) => void;
};

// EventName
type EventName<Events> = keyof Events & (string | symbol);

// formatSipUsers
declare function formatSipUsers(users: readonly SipUser[]): string;

// generateAsteriskConfig
declare function generateAsteriskConfig(input: AsteriskConfigInput): AsteriskConfigFiles;

// HttpOptions
interface HttpOptions {
    bindAddress?: string;
    tlsBindAddress?: string;
    port?: number;
    tlsPort?: number;
    certFile?: string;
    keyFile?: string;
    sessionLimit?: number;
}

// isAipbxError
declare function isAipbxError(value: unknown, code?: AipbxErrorCode): value is AipbxError;

// isLogLevel
declare function isLogLevel(value: unknown): value is LogLevel;

// isRecordingFormat
declare function isRecordingFormat(value: unknown): value is RecordingFormat;

// isSensitiveKey
declare function isSensitiveKey(key: string): boolean;

// isSipTransport
declare function isSipTransport(value: unknown): value is SipTransport;

// isValidAssistantId
declare function isValidAssistantId(value: unknown): value is string;

// isValidContext
declare function isValidContext(value: unknown): value is string;

// isValidDomain
declare function isValidDomain(value: unknown): value is string;

// isValidPassword
declare function isValidPassword(value: unknown): value is string;

// isValidSipUser
declare function isValidSipUser(value: unknown): value is string;

// LOG_LEVELS
declare const LOG_LEVELS: readonly LogLevel[];

// Logger
interface Logger {
    readonly level: LogLevel;
    debug(message: string, fields?: Record<string, unknown>): void;
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
    child(scope: string): Logger;
}

// LoggerOptions
interface LoggerOptions {
    level?: LogLevel;
    sink?: LogSink;
    scope?: string;
    secrets?: readonly string[];
}

// LogLevel
type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

// LogRecord
interface LogRecord {
    level: Exclude<LogLevel, 'silent'>;
    message: string;
    time: number;
    fields?: Record<string, unknown>;
    scope?: string;
}

// LogSink
type LogSink = (record: LogRecord) => void;

// noopLogger
declare const noopLogger: Logger;

// onceEvent
declare function onceEvent<Events extends EventMap<Events>, K extends EventName<Events>>(emitter: TypedEmitter<Events>, event: K, options?: OnceEventOptions<EventArgs<Events, K>>): Promise<EventArgs<Events, K>>;

// OnceEventOptions
interface OnceEventOptions<Args extends readonly unknown[]> {
    signal?: AbortSignal;
    timeoutMs?: number;
    filter?: (...args: Args) => boolean;
}

// parseRecordingUrl
declare function parseRecordingUrl(url: string): RecordingUrlParts;

// parseSipTransport
declare function parseSipTransport(value: string): SipTransport;

// parseSipUsers
declare function parseSipUsers(text: string): SipUser[];

// Pbx
interface Pbx {
    name: string;
    wssUrl: string;
    ariUrl: string;
    ariUsername: string;
    ariPassword: string;
    context: string;
    comment?: string;
}

// pbxAddress
declare function pbxAddress(pbx: Pick<Pbx, 'ariUrl'>): string;

// PbxInput
interface PbxInput {
    name: string;
    wssUrl: string;
    ariUrl: string;
    ariUsername: string;
    ariPassword: string;
    context?: string;
    comment?: string;
}

// ProtocolError
declare class ProtocolError extends AipbxError {
    constructor(message: string, options?: AipbxErrorOptions);
}

// ReconnectOptions
interface ReconnectOptions {
    initialDelayMs?: number;
    maxDelayMs?: number;
    factor?: number;
    maxAttempts?: number;
    jitter?: 'full' | 'none';
    retryStrategy?: (attempt: number, error?: unknown) => number | null;
    random?: () => number;
}

// ReconnectPolicy
declare class ReconnectPolicy {
    #private;
    constructor(options?: ReconnectOptions);
    get attempt(): number;
    nextDelay(error?: unknown): number | null;
    reset(): void;
}

// RECORDING_FORMATS
declare const RECORDING_FORMATS: readonly [
    "wav",
    "mp3"
];

// RecordingFormat
type RecordingFormat = (typeof RECORDING_FORMATS)[number];

// recordingUrl
declare function recordingUrl(parts: RecordingUrlParts): string;

// RecordingUrlParts
interface RecordingUrlParts {
    pbxAddress: string;
    assistantId: string;
    uniqueId: string;
    format: RecordingFormat;
}

// redact
declare function redact(value: unknown, options?: RedactOptions): unknown;

// REDACTED
declare const REDACTED = "[REDACTED]";

// RedactOptions
interface RedactOptions {
    readonly secrets?: readonly string[];
}

// redactText
declare function redactText(text: string, options?: RedactOptions): string;

// RemoteError
declare class RemoteError extends AipbxError {
    readonly remoteMessage: string;
    readonly status: number | undefined;
    constructor(message: string, remoteMessage: string, status?: number, options?: AipbxErrorOptions);
}

// rethrowAsync
declare function rethrowAsync(error: unknown): void;

// SIP_TRANSPORTS
declare const SIP_TRANSPORTS: {
    readonly udp: {
        readonly secure: false;
        readonly websocket: false;
        readonly defaultPort: 5060;
    };
    readonly tcp: {
        readonly secure: false;
        readonly websocket: false;
        readonly defaultPort: 5060;
    };
    readonly tls: {
        readonly secure: true;
        readonly websocket: false;
        readonly defaultPort: 5061;
    };
    readonly ws: {
        readonly secure: false;
        readonly websocket: true;
        readonly defaultPort: 8088;
    };
    readonly wss: {
        readonly secure: true;
        readonly websocket: true;
        readonly defaultPort: 8089;
    };
};

// sipAddress
declare function sipAddress(sipUri: Pick<SipUri, 'id' | 'domain'>): string;

// SipOptions
interface SipOptions {
    bindAddress?: string;
    udpPort?: number | null;
    tcpPort?: number | null;
    tlsPort?: number | null;
    codecs?: readonly string[];
}

// SipTransport
type SipTransport = keyof typeof SIP_TRANSPORTS;

// SipTrunk
interface SipTrunk {
    name: string;
    match: readonly string[];
    context?: string;
    assistant?: string;
    maxCalls?: number | null;
}

// SipUri
interface SipUri {
    id: string;
    password: string;
    assistant: string;
    context: string;
    domain: string;
    comment?: string;
}

// SipUriInput
interface SipUriInput {
    id: string;
    password: string;
    assistant: string;
    context?: string;
    domain?: string;
    comment?: string;
}

// SipUser
interface SipUser {
    extension: string;
    password: string;
    username: string;
    displayName: string;
    wsPassword?: string;
}

// sleep
declare function sleep(ms: number, signal?: AbortSignal): Promise<void>;

// TimeoutError
declare class TimeoutError extends AipbxError {
    readonly timeoutMs: number;
    constructor(message: string, timeoutMs: number, options?: AipbxErrorOptions);
}

// TypedEmitter
declare class TypedEmitter<Events extends EventMap<Events>> {
    #private;
    readonly '~events'?: Events;
    on<K extends EventName<Events>>(event: K, listener: Events[K]): this;
    once<K extends EventName<Events>>(event: K, listener: Events[K]): this;
    off<K extends EventName<Events>>(event: K, listener: Events[K]): this;
    emit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean;
    safeEmit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean;
    listenerCount(event: EventName<Events>): number;
    eventNames(): EventName<Events>[];
    removeAllListeners(event?: EventName<Events>): this;
}

// validatePbx
declare function validatePbx(input: unknown): ValidationProblem[];

// validateSipUri
declare function validateSipUri(input: unknown): ValidationProblem[];

// validateSipUsers
declare function validateSipUsers(users: unknown): ValidationProblem[];

// validateWidget
declare function validateWidget(input: unknown): ValidationProblem[];

// ValidationError
declare class ValidationError extends AipbxError {
    readonly problems: readonly ValidationProblem[];
    constructor(subject: string, problems: readonly ValidationProblem[], options?: {
        cause?: unknown;
    });
}

// ValidationProblem
interface ValidationProblem {
    field: string;
    message: string;
}

// Widget
interface Widget {
    id: string;
    name: string;
    assistant: string;
    sipUri: string;
    comment?: string;
}

// widgetEmbedCode
declare function widgetEmbedCode(widget: Pick<Widget, 'id'>, options?: EmbedCodeOptions): string;

// WidgetInput
interface WidgetInput {
    id: string;
    name: string;
    assistant: string;
    sipUri: string;
    comment?: string;
}
