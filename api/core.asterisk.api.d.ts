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

// CallLimits
interface CallLimits {
    widgetCalls?: number | null;
    sipUriCalls?: number | null;
    trunkCalls?: number | null;
    callSeconds?: number | null;
    recordingsPerDay?: number | null;
}

// DEFAULT_AMI_READ
declare const DEFAULT_AMI_READ = "call,dialplan,system";

// DEFAULT_AMI_WRITE
declare const DEFAULT_AMI_WRITE = "call,originate,reporting";

// DialplanOptions
interface DialplanOptions {
    stasisApp?: string;
    recordingsDir?: string | null;
    assistants?: readonly string[];
    assistantHeader?: string;
    unavailableSound?: string;
    operatorContext?: string;
}

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

// SipOptions
interface SipOptions {
    bindAddress?: string;
    udpPort?: number | null;
    tcpPort?: number | null;
    tlsPort?: number | null;
    codecs?: readonly string[];
}

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

// SipUser
interface SipUser {
    extension: string;
    password: string;
    username: string;
    displayName: string;
    wsPassword?: string;
}

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
