// advanceTimestamp
declare function advanceTimestamp(timestamp: number, ticks: number): number;

// alawToLinear
declare function alawToLinear(byte: number): number;

// bindInRange
declare function bindInRange<T>(listen: MediaListen, bind: (port: number) => Promise<T>): Promise<T>;

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

// CallMediaInit
interface CallMediaInit {
    format: MediaFormatInfo;
    transport: MediaTransport;
    maxQueueMs: number;
    maxReadFrames: number;
    sendSilence: boolean;
    teardown: () => Promise<void>;
    clock?: PacerClock;
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

// decodeAlaw
declare function decodeAlaw(bytes: Uint8Array): Int16Array;

// decodeRtp
declare function decodeRtp(buf: Uint8Array): RtpPacket | undefined;

// decodeTelephoneEvent
declare function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined;

// decodeUlaw
declare function decodeUlaw(bytes: Uint8Array): Int16Array;

// DtmfCollector
declare class DtmfCollector {
    #private;
    push(digit: string): void;
    end(): void;
    clear(): void;
    collect(options?: CollectDtmfOptions): Promise<string>;
}

// encodeAlaw
declare function encodeAlaw(samples: Int16Array): Buffer;

// encodeRtp
declare function encodeRtp(init: RtpPacketInit): Buffer;

// encodeTelephoneEvent
declare function encodeTelephoneEvent(init: TelephoneEventInit): Buffer;

// encodeUlaw
declare function encodeUlaw(samples: Int16Array): Buffer;

// FRAME_MS
declare const FRAME_MS = 20;

// FramePacer
declare class FramePacer {
    #private;
    onDequeue: (() => void) | undefined;
    constructor(options: FramePacerOptions);
    get queuedFrames(): number;
    get queuedBytes(): number;
    get framesSent(): number;
    get lateTicks(): number;
    push(chunk: Uint8Array): void;
    finish(silenceByte?: number): void;
    clear(): number;
    start(): void;
    stop(): void;
}

// FramePacerOptions
interface FramePacerOptions {
    frameBytes: number;
    frameMs: number;
    send: (frame: Buffer) => void;
    silence?: Buffer;
    maxCatchUp?: number;
    leadFrames?: number;
    clock?: PacerClock;
}

// isMediaFormat
declare function isMediaFormat(value: unknown): value is MediaFormat;

// linearToAlaw
declare function linearToAlaw(sample: number): number;

// linearToUlaw
declare function linearToUlaw(sample: number): number;

// MEDIA_FORMATS
declare const MEDIA_FORMATS: Readonly<Record<MediaFormat, MediaFormatInfo>>;

// MediaEndReason
type MediaEndReason = 'hangup' | 'closed' | 'transport' | 'stopped';

// MediaFormat
type MediaFormat = 'slin16' | 'slin' | 'ulaw' | 'alaw';

// MediaFormatInfo
interface MediaFormatInfo {
    readonly format: MediaFormat;
    readonly sampleRate: number;
    readonly bytesPerSample: number;
    readonly frameMs: number;
    readonly frameBytes: number;
    readonly silence: Buffer;
}

// MediaListen
interface MediaListen {
    host: string;
    advertise?: string;
    portMin: number;
    portMax: number;
}

// MediaTransport
interface MediaTransport extends TypedEmitter<MediaTransportEvents> {
    readonly kind: 'websocket' | 'audiosocket' | 'rtp';
    readonly dropped?: number;
    send(frame: Buffer): void;
    flush(): void;
    close(): Promise<void>;
}

// MediaTransportEvents
interface MediaTransportEvents {
    audio: (data: Buffer) => void;
    close: (error?: Error) => void;
}

// nextSequence
declare function nextSequence(sequence: number): number;

// PacerClock
interface PacerClock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

// RTP_HEADER_LENGTH
declare const RTP_HEADER_LENGTH = 12;

// RtpHeaderExtension
interface RtpHeaderExtension {
    readonly profile: number;
    readonly data: Uint8Array;
}

// RtpPacket
interface RtpPacket {
    readonly marker: boolean;
    readonly payloadType: number;
    readonly sequence: number;
    readonly timestamp: number;
    readonly ssrc: number;
    readonly csrc: readonly number[];
    readonly extension: RtpHeaderExtension | undefined;
    readonly paddingLength: number;
    readonly payload: Uint8Array;
}

// RtpPacketInit
interface RtpPacketInit {
    payloadType: number;
    sequence: number;
    timestamp: number;
    ssrc: number;
    marker?: boolean;
    payload: Uint8Array;
}

// sequenceDelta
declare function sequenceDelta(a: number, b: number): number;

// SYSTEM_CLOCK
declare const SYSTEM_CLOCK: PacerClock;

// TELEPHONE_EVENT_LENGTH
declare const TELEPHONE_EVENT_LENGTH = 4;

// TelephoneEvent
interface TelephoneEvent {
    readonly event: number;
    readonly digit: string;
    readonly end: boolean;
    readonly volume: number;
    readonly duration: number;
}

// TelephoneEventInit
interface TelephoneEventInit {
    digit: string;
    end?: boolean;
    volume?: number;
    duration?: number;
}

// ulawToLinear
declare function ulawToLinear(byte: number): number;
