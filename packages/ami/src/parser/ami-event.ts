import type { AmiMessage } from './ami-message.js';

/**
 * The channel snapshot Asterisk 12+ puts in every channel event. Field names are Asterisk 22's
 * spelling; values are strings as sent. Older PBXs (Asterisk ≤ 11, some Yeastar firmware) may
 * omit some of them; read with {@link AmiMessage.get} when unsure.
 */
export interface AmiChannelFields {
  /** Channel name, e.g. `PJSIP/100-00000001`. */
  Channel: string;
  /** Numeric channel state: 0 Down, 4 Ring, 5 Ringing, 6 Up, 7 Busy… */
  ChannelState: string;
  /** Channel state as text: `Down`, `Ring`, `Ringing`, `Up`, `Busy`… */
  ChannelStateDesc: string;
  /** Caller number. */
  CallerIDNum: string;
  /** Caller name (UTF-8). */
  CallerIDName: string;
  /** Connected party number, `<unknown>` when none. */
  ConnectedLineNum: string;
  /** Connected party name, `<unknown>` when none. */
  ConnectedLineName: string;
  /** Channel language. */
  Language?: string;
  /** Account code, often empty. */
  AccountCode?: string;
  /** Dialplan context. */
  Context: string;
  /** Dialplan extension. */
  Exten: string;
  /** Dialplan priority. */
  Priority: string;
  /** Unique id of the channel. */
  Uniqueid: string;
  /** Unique id of the call's first channel; shared by every channel of one call. */
  Linkedid: string;
}

/** The same snapshot for the destination channel of a dial, every field prefixed with `Dest`. */
export interface AmiDestChannelFields {
  /** Destination channel name. */
  DestChannel: string;
  /** Destination numeric channel state. */
  DestChannelState: string;
  /** Destination channel state as text. */
  DestChannelStateDesc: string;
  /** Destination caller number. */
  DestCallerIDNum: string;
  /** Destination caller name. */
  DestCallerIDName: string;
  /** Destination connected-line number. */
  DestConnectedLineNum: string;
  /** Destination connected-line name. */
  DestConnectedLineName: string;
  /** Destination dialplan context. */
  DestContext: string;
  /** Destination dialplan extension. */
  DestExten: string;
  /** Destination dialplan priority. */
  DestPriority: string;
  /** Destination channel unique id. */
  DestUniqueid: string;
  /** Destination channel linked id. */
  DestLinkedid: string;
}

/** Bridge snapshot fields of `BridgeEnter` / `BridgeLeave`. */
export interface AmiBridgeFields {
  /** Unique id of the bridge. */
  BridgeUniqueid: string;
  /** Bridge type, e.g. `basic`. */
  BridgeType: string;
  /** Bridge technology, e.g. `simple_bridge`, `native_rtp`. */
  BridgeTechnology: string;
  /** Who created the bridge. */
  BridgeCreator?: string;
  /** Bridge name. */
  BridgeName?: string;
  /** Number of channels in the bridge after the change. */
  BridgeNumChannels: string;
}

/**
 * Header fields of the events the SDK's call monitor uses, by event name. Anything else an event
 * carries is still there (the fields object has an index signature of `string | undefined`).
 */
export interface AmiEventFieldMap {
  /** A channel was created. */
  Newchannel: AmiChannelFields;
  /** A channel changed state (ringing, up…). */
  Newstate: AmiChannelFields;
  /** A channel's caller id changed. */
  NewCallerid: AmiChannelFields & {
    /** Caller id presentation, e.g. `0 (Presentation Allowed, Not Screened)`. */
    'CID-CallingPres'?: string;
  };
  /** A channel started dialling another. */
  DialBegin: AmiChannelFields &
    AmiDestChannelFields & {
      /** What was dialled. */
      DialString?: string;
    };
  /** A dial ended. */
  DialEnd: AmiChannelFields &
    AmiDestChannelFields & {
      /** `ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`, `CONGESTION`, `CHANUNAVAIL`… */
      DialStatus: string;
      /** Where the call was forwarded, if it was. */
      Forward?: string;
    };
  /** A channel entered a bridge. */
  BridgeEnter: AmiChannelFields &
    AmiBridgeFields & {
      /** Unique id of a channel this one replaced in the bridge. */
      SwapUniqueid?: string;
    };
  /** A channel left a bridge. */
  BridgeLeave: AmiChannelFields & AmiBridgeFields;
  /** A channel hung up. */
  Hangup: AmiChannelFields & {
    /** Q.850 cause code, e.g. `16`. */
    Cause: string;
    /** Cause as text, e.g. `Normal Clearing`. */
    'Cause-txt': string;
  };
  /** A call detail record (needs `cdr_manager` enabled). */
  Cdr: {
    /** Account code. */
    AccountCode?: string;
    /** Caller number. */
    Source: string;
    /** Dialled extension. */
    Destination: string;
    /** Context of the destination. */
    DestinationContext: string;
    /** Full caller id, `"Name" <number>`. */
    CallerID: string;
    /** Calling channel. */
    Channel: string;
    /** Called channel. */
    DestinationChannel: string;
    /** Last dialplan application. */
    LastApplication: string;
    /** Its arguments. */
    LastData: string;
    /** Start time, `YYYY-MM-DD HH:MM:SS` in the PBX's time zone. */
    StartTime: string;
    /** Answer time, empty when unanswered. */
    AnswerTime: string;
    /** End time. */
    EndTime: string;
    /** Seconds from start to end. */
    Duration: string;
    /** Seconds from answer to end. */
    BillableSeconds: string;
    /** `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `CONGESTION`. */
    Disposition: string;
    /** AMA flags, e.g. `DOCUMENTATION`. */
    AMAFlags?: string;
    /** Unique id of the channel. */
    UniqueID: string;
    /** User field. */
    UserField?: string;
  };
  /** A device changed state. */
  DeviceStateChange: {
    /** Device, e.g. `PJSIP/100`. */
    Device: string;
    /** `NOT_INUSE`, `INUSE`, `BUSY`, `UNAVAILABLE`, `RINGING`, `RINGINUSE`, `ONHOLD`, `UNKNOWN`… */
    State: string;
  };
  /** A hint (extension) changed state. */
  ExtensionStatus: {
    /** Extension. */
    Exten: string;
    /** Context of the hint. */
    Context: string;
    /** The hint, e.g. `PJSIP/100`. */
    Hint?: string;
    /** Numeric state: -1 removed, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold. */
    Status: string;
    /** State as text: `Idle`, `InUse`, `Busy`, `Unavailable`, `Ringing`, `OnHold`… */
    StatusText?: string;
  };
  /** A PJSIP contact changed status. */
  ContactStatus: {
    /** Contact URI. */
    URI: string;
    /** `Created`, `Removed`, `Reachable`, `Unreachable`, `Unknown`, `NonQualified`, `Updated`. */
    ContactStatus: string;
    /** The AOR the contact belongs to. */
    AOR: string;
    /** Endpoint name. */
    EndpointName: string;
    /** Qualify round trip, microseconds. */
    RoundtripUsec?: string;
  };
  /** A peer (chan_sip, chan_pjsip, IAX) registered, unregistered or changed reachability. */
  PeerStatus: {
    /** Channel technology, e.g. `PJSIP`, `SIP`. */
    ChannelType: string;
    /** Peer, e.g. `PJSIP/100`. */
    Peer: string;
    /** `Registered`, `Unregistered`, `Reachable`, `Unreachable`, `Lagged`, `Rejected`, `Unknown`. */
    PeerStatus: string;
    /** Why, when known. */
    Cause?: string;
    /** Peer address. */
    Address?: string;
  };
  /** Asterisk finished booting (also sent right after login). */
  FullyBooted: {
    /** `Fully Booted`. */
    Status: string;
    /** Seconds since start. */
    Uptime?: string;
    /** Seconds since the last reload. */
    LastReload?: string;
  };
  /** Result of an asynchronous `Originate`. */
  OriginateResponse: {
    /** `Success` or `Failure`. */
    Response: string;
    /** The originated channel. */
    Channel: string;
    /** Context dialled into, when originating to an extension. */
    Context?: string;
    /** Extension dialled into, when originating to an extension. */
    Exten?: string;
    /** Application run, when originating to an application. */
    Application?: string;
    /** Application data. */
    Data?: string;
    /** Numeric reason: 0 failed, 1 hung up, 3 ringing (no answer), 4 answered, 5 busy, 8 congestion. */
    Reason: string;
    /** Unique id of the originated channel, `<null>` when none was created. */
    Uniqueid: string;
    /** Caller number set on the call. */
    CallerIDNum?: string;
    /** Caller name set on the call. */
    CallerIDName?: string;
  };
}

/** Names of the events with typed fields. */
export type KnownAmiEventName = keyof AmiEventFieldMap;

/** The fields object of event `N`: typed for known events, plus every other header as `string | undefined`. */
export type AmiEventFields<N extends string = string> = (N extends KnownAmiEventName
  ? Readonly<AmiEventFieldMap[N]>
  : unknown) &
  Readonly<Record<string, string | undefined>>;

/**
 * An AMI event: an {@link AmiMessage} whose `type` is `'event'`, whose `name` is the event name and
 * whose `fields` are typed for the {@link KnownAmiEventName | events the call monitor uses}.
 *
 * @example
 * ```ts
 * client.onEvent('Hangup', (e) => console.log(e.fields.Channel, e.fields['Cause-txt']));
 * ```
 */
export type AmiEvent<N extends string = string> = AmiMessage & {
  /** Always `'event'`. */
  readonly type: 'event';
  /** The event name (`Event:` header). */
  readonly name: N;
  /** Headers by Asterisk's spelling, first value each. */
  readonly fields: AmiEventFields<N>;
};
