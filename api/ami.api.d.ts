// AMI_ENV_VARIABLES
declare const AMI_ENV_VARIABLES: {
    readonly host: readonly [
        "AMI_HOST",
        "YEASTAR_HOST"
    ];
    readonly port: readonly [
        "AMI_PORT",
        "YEASTAR_PORT"
    ];
    readonly username: readonly [
        "AMI_USERNAME",
        "YEASTAR_USERNAME"
    ];
    readonly secret: readonly [
        "AMI_SECRET",
        "YEASTAR_PASSWORD"
    ];
};

// AMI_LIFECYCLE_EVENTS
declare const AMI_LIFECYCLE_EVENTS: ReadonlySet<string>;

// AmiActionFields
type AmiActionFields = Readonly<Record<string, AmiFieldValue>>;

// AmiActionOptions
interface AmiActionOptions {
    timeoutMs?: number;
    signal?: AbortSignal;
}

// AmiAuthType
type AmiAuthType = 'auto' | 'plain' | 'md5';

// AmiBridgeFields
interface AmiBridgeFields {
    BridgeUniqueid: string;
    BridgeType: string;
    BridgeTechnology: string;
    BridgeCreator?: string;
    BridgeName?: string;
    BridgeNumChannels: string;
}

// AmiChannelFields
interface AmiChannelFields {
    Channel: string;
    ChannelState: string;
    ChannelStateDesc: string;
    CallerIDNum: string;
    CallerIDName: string;
    ConnectedLineNum: string;
    ConnectedLineName: string;
    Language?: string;
    AccountCode?: string;
    Context: string;
    Exten: string;
    Priority: string;
    Uniqueid: string;
    Linkedid: string;
}

// AmiClient
declare class AmiClient extends TypedEmitter<AmiClientEvents> {
    #private;
    static fromEnv(env?: AmiEnv, options?: Omit<Partial<AmiClientOptions>, 'host' | 'port' | 'username' | 'secret'>): AmiClient;
    constructor(options: AmiClientOptions);
    get state(): AmiClientState;
    get version(): string | undefined;
    get banner(): string | undefined;
    get address(): string;
    get paused(): boolean;
    get pendingActions(): number;
    connect(): Promise<void>;
    close(): Promise<void>;
    action(fields: AmiActionFields, options?: AmiActionOptions): Promise<AmiResponse>;
    actionStream(fields: AmiActionFields, options?: AmiActionOptions): AsyncIterableIterator<AmiEvent>;
    originate(fields: AmiOriginateFields, options?: AmiActionOptions): Promise<AmiEvent<'OriginateResponse'>>;
    command(command: string, options?: AmiActionOptions): Promise<string[]>;
    ping(options?: AmiActionOptions): Promise<number>;
    events(options?: AmiEventStreamOptions): AsyncIterableIterator<AmiEvent>;
    onEvent<N extends KnownAmiEventName>(name: N, listener: (event: AmiEvent<N>) => void): this;
    onEvent(name: string, listener: (event: AmiEvent) => void): this;
    offEvent(name: string, listener: (event: AmiEvent<never>) => void): this;
}

// AmiClientEvents
type AmiClientEvents = AmiClientLifecycleEvents & AmiNamedEvents;

// AmiClientLifecycleEvents
interface AmiClientLifecycleEvents {
    state: (state: AmiClientState, previous: AmiClientState) => void;
    connect: (info: AmiConnectInfo) => void;
    disconnect: (error: ConnectionError) => void;
    reconnecting: (info: AmiReconnectInfo) => void;
    resync: () => void;
    event: (event: AmiEvent) => void;
    error: (error: AipbxError) => void;
    close: () => void;
    backpressure: (paused: boolean) => void;
}

// AmiClientOptions
interface AmiClientOptions {
    host: string;
    port?: number;
    username: string;
    secret: string;
    tls?: boolean | ConnectionOptions;
    authType?: AmiAuthType;
    events?: 'on' | 'off' | (string & {});
    connectTimeoutMs?: number;
    actionTimeoutMs?: number;
    pingIntervalMs?: number;
    pingTimeoutMs?: number;
    reconnect?: ReconnectOptions | false;
    logger?: Logger;
    offlineQueue?: boolean;
    highWaterMark?: number;
    maxFrameLength?: number;
    maxLineLength?: number;
}

// AmiClientState
type AmiClientState = 'idle' | 'connecting' | 'authenticating' | 'connected' | 'reconnecting' | 'closing' | 'closed';

// AmiConnectInfo
interface AmiConnectInfo {
    readonly version: string | undefined;
    readonly reconnect: boolean;
}

// AmiDecoder
declare class AmiDecoder {
    #private;
    constructor(callbacks: AmiDecoderCallbacks, options?: AmiDecoderOptions);
    get buffered(): number;
    write(chunk: Buffer | Uint8Array): void;
    reset(): void;
}

// AmiDecoderCallbacks
interface AmiDecoderCallbacks {
    onBanner?: (line: string) => void;
    onMessage: (message: AmiMessage) => void;
    onError?: (error: ProtocolError) => void;
}

// AmiDecoderOptions
interface AmiDecoderOptions {
    maxFrameLength?: number;
    maxLineLength?: number;
    expectBanner?: boolean;
}

// AmiDestChannelFields
interface AmiDestChannelFields {
    DestChannel: string;
    DestChannelState: string;
    DestChannelStateDesc: string;
    DestCallerIDNum: string;
    DestCallerIDName: string;
    DestConnectedLineNum: string;
    DestConnectedLineName: string;
    DestContext: string;
    DestExten: string;
    DestPriority: string;
    DestUniqueid: string;
    DestLinkedid: string;
}

// AmiEnv
type AmiEnv = Readonly<Record<string, string | undefined>>;

// AmiEvent
type AmiEvent<N extends string = string> = AmiMessage & {
    readonly type: 'event';
    readonly name: N;
    readonly fields: AmiEventFields<N>;
};

// AmiEventFieldMap
interface AmiEventFieldMap {
    Newchannel: AmiChannelFields;
    Newstate: AmiChannelFields;
    NewCallerid: AmiChannelFields & {
        'CID-CallingPres'?: string;
    };
    DialBegin: AmiChannelFields & AmiDestChannelFields & {
        DialString?: string;
    };
    DialEnd: AmiChannelFields & AmiDestChannelFields & {
        DialStatus: string;
        Forward?: string;
    };
    BridgeEnter: AmiChannelFields & AmiBridgeFields & {
        SwapUniqueid?: string;
    };
    BridgeLeave: AmiChannelFields & AmiBridgeFields;
    Hangup: AmiChannelFields & {
        Cause: string;
        'Cause-txt': string;
    };
    Cdr: {
        AccountCode?: string;
        Source: string;
        Destination: string;
        DestinationContext: string;
        CallerID: string;
        Channel: string;
        DestinationChannel: string;
        LastApplication: string;
        LastData: string;
        StartTime: string;
        AnswerTime: string;
        EndTime: string;
        Duration: string;
        BillableSeconds: string;
        Disposition: string;
        AMAFlags?: string;
        UniqueID: string;
        UserField?: string;
    };
    DeviceStateChange: {
        Device: string;
        State: string;
    };
    ExtensionStatus: {
        Exten: string;
        Context: string;
        Hint?: string;
        Status: string;
        StatusText?: string;
    };
    ContactStatus: {
        URI: string;
        ContactStatus: string;
        AOR: string;
        EndpointName: string;
        RoundtripUsec?: string;
    };
    PeerStatus: {
        ChannelType: string;
        Peer: string;
        PeerStatus: string;
        Cause?: string;
        Address?: string;
    };
    FullyBooted: {
        Status: string;
        Uptime?: string;
        LastReload?: string;
    };
    OriginateResponse: {
        Response: string;
        Channel: string;
        Context?: string;
        Exten?: string;
        Application?: string;
        Data?: string;
        Reason: string;
        Uniqueid: string;
        CallerIDNum?: string;
        CallerIDName?: string;
    };
}

// AmiEventFields
type AmiEventFields<N extends string = string> = (N extends KnownAmiEventName ? Readonly<AmiEventFieldMap[N]> : unknown) & Readonly<Record<string, string | undefined>>;

// AmiEventStreamOptions
interface AmiEventStreamOptions {
    signal?: AbortSignal;
}

// AmiFieldValue
type AmiFieldValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[] | Readonly<Record<string, string | number | boolean>>;

// AmiMessage
declare class AmiMessage {
    #private;
    readonly type: AmiMessageType;
    readonly names: readonly string[];
    readonly values: readonly string[];
    readonly output: readonly string[];
    constructor(names: readonly string[], values: readonly string[], output?: readonly string[]);
    static from(headers: Iterable<readonly [
        string,
        string
    ]>, output?: readonly string[]): AmiMessage;
    get headers(): Array<[
        string,
        string
    ]>;
    get name(): string | undefined;
    get actionId(): string | undefined;
    get fields(): Readonly<Record<string, string>>;
    get variables(): Readonly<Record<string, string>>;
    get(name: string): string | undefined;
    getAll(name: string): string[];
    has(name: string): boolean;
    toObject(): AmiMessageObject;
    toString(): string;
}

// AmiMessageObject
type AmiMessageObject = Record<string, string | string[]>;

// AmiMessageType
type AmiMessageType = 'response' | 'event' | 'action' | 'unknown';

// AmiNamedEvents
type AmiNamedEvents = {
    [N in KnownAmiEventName]: (event: AmiEvent<N>) => void;
};

// amiOptionsFromEnv
declare function amiOptionsFromEnv(env?: AmiEnv): Pick<AmiClientOptions, 'host' | 'port' | 'username' | 'secret'>;

// AmiOriginateFields
interface AmiOriginateFields {
    Channel: string;
    Context?: string;
    Exten?: string;
    Priority?: string | number;
    Application?: string;
    Data?: string;
    Timeout?: number;
    CallerID?: string;
    Variable?: Readonly<Record<string, string | number | boolean>> | readonly string[];
    [field: string]: AmiFieldValue;
}

// AmiReconnectInfo
interface AmiReconnectInfo {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: AipbxError;
}

// AmiResponse
interface AmiResponse {
    readonly response: AmiMessage;
    readonly events: readonly AmiEvent[];
    readonly complete: AmiEvent | undefined;
}

// Call
interface Call {
    id: string;
    caller: CallParty;
    callee: CallParty;
    direction: CallDirection;
    state: CallState;
    origin: 'pbx' | 'click-to-call';
    startedAt: Date;
    answeredAt: Date | undefined;
    assistant: string | undefined;
    channels: CallChannel[];
    bridges: string[];
}

// CallChange
type CallChange = {
    type: 'start';
    call: Call;
} | {
    type: 'update';
    call: Call;
} | {
    type: 'end';
    call: CompletedCall;
};

// CallChannel
interface CallChannel {
    id: string;
    name: string;
    state: string;
    callerId: CallParty;
    connectedLine: CallParty;
    context: string;
    exten: string;
    bridgeId: string | undefined;
    onHold: boolean;
}

// CallDirection
type CallDirection = 'inbound' | 'outbound' | 'internal';

// CallDisposition
type CallDisposition = 'answered' | 'no-answer' | 'busy' | 'failed' | 'congestion';

// CallMonitor
declare class CallMonitor extends TypedEmitter<CallMonitorEvents> {
    #private;
    constructor(client: AmiClient, options?: CallMonitorOptions);
    get calls(): Call[];
    get history(): CompletedCall[];
    get extensions(): ExtensionStatus[];
    getCall(id: string): Call | undefined;
    getExtension(extension: string, context?: string): ExtensionStatus | undefined;
    start(): Promise<void>;
    stop(): void;
    sync(): Promise<void>;
    call(request: ClickToCallRequest): Promise<Call>;
    hangup(callId: string, options?: {
        timeoutMs?: number;
    }): Promise<boolean>;
}

// CallMonitorEvents
interface CallMonitorEvents {
    'call:start': (call: Call) => void;
    'call:update': (call: Call) => void;
    'call:end': (call: CompletedCall) => void;
    'extension:update': (status: ExtensionStatus) => void;
    resync: (summary: ResyncSummary) => void;
    error: (error: AipbxError | Error) => void;
}

// CallMonitorOptions
interface CallMonitorOptions {
    historyLimit?: number;
    historySink?: (call: CompletedCall) => void | Promise<void>;
    clickToCall?: ClickToCallDefaults;
    logger?: Logger;
    now?: () => Date;
}

// CallParty
interface CallParty {
    number: string;
    name: string;
}

// CallState
type CallState = 'dialing' | 'ringing' | 'up' | 'on-hold';

// CallTracker
declare class CallTracker {
    #private;
    constructor(options?: {
        now?: () => Date;
        isExtension?: (number: string) => boolean;
    });
    list(): Call[];
    get(id: string): Call | undefined;
    callOfChannel(uniqueid: string): string | undefined;
    expectClickToCall(id: string, from: string, to: string): void;
    apply(event: AmiEvent): CallChange[];
    resync(channels: readonly AmiEvent[]): CallChange[];
    clear(): void;
}

// ClickToCallDefaults
interface ClickToCallDefaults {
    context?: string;
    channel?: (extension: string) => string;
    ringTimeoutMs?: number;
}

// ClickToCallRequest
interface ClickToCallRequest {
    from: string;
    to: string;
    context?: string;
    ringTimeoutMs?: number;
    callerId?: string;
    timeoutMs?: number;
    signal?: AbortSignal;
}

// CompletedCall
interface CompletedCall extends Omit<Call, 'state'> {
    channels: CallChannel[];
    endedAt: Date;
    durationSec: number;
    billableSec: number;
    disposition: CallDisposition;
    hangupCause: number;
    hangupCauseText: string;
    endedWhileDisconnected: boolean;
}

// DEFAULT_MAX_FRAME_LENGTH
declare const DEFAULT_MAX_FRAME_LENGTH: number;

// DEFAULT_MAX_LINE_LENGTH
declare const DEFAULT_MAX_LINE_LENGTH: number;

// encodeAction
declare function encodeAction(fields: AmiActionFields): string;

// escapeVariableValue
declare function escapeVariableValue(value: string): string;

// ExtensionSource
type ExtensionSource = 'hints' | 'devices' | 'endpoints';

// ExtensionState
type ExtensionState = 'idle' | 'in-use' | 'busy' | 'unavailable' | 'ringing' | 'in-use-ringing' | 'on-hold' | 'unknown';

// ExtensionStatus
interface ExtensionStatus {
    extension: string;
    context: string;
    device: string;
    state: ExtensionState;
    stateText: string;
    updatedAt: Date;
}

// ExtensionTracker
declare class ExtensionTracker {
    #private;
    source: ExtensionSource;
    constructor(options?: {
        now?: () => Date;
    });
    list(): ExtensionStatus[];
    get(extension: string, context?: string): ExtensionStatus | undefined;
    has(number: string): boolean;
    reset(source: ExtensionSource, items: readonly AmiEvent[]): ExtensionStatus[];
    apply(event: AmiEvent): ExtensionStatus[];
}

// KnownAmiEventName
type KnownAmiEventName = keyof AmiEventFieldMap;

// ResyncSummary
interface ResyncSummary {
    calls: number;
    ended: number;
    extensions: number;
    extensionSource: ExtensionSource;
}
