import type { AmiEvent } from '../parser/ami-event.js';
import type { ExtensionState, ExtensionStatus } from './call.js';

/** Asterisk's extension state bits (ExtensionStatus `Status`). */
function fromHintStatus(status: number): ExtensionState | 'removed' {
  if (status < 0) return 'removed';
  if (status & 4) return 'unavailable';
  if (status & 16) return 'on-hold';
  if (status & 8) return status & 1 ? 'in-use-ringing' : 'ringing';
  if (status & 2) return 'busy';
  if (status & 1) return 'in-use';
  return status === 0 ? 'idle' : 'unknown';
}

/** Device state names (`DeviceStateChange` `State`, and PJSIP's `DeviceState` words). */
function fromDeviceState(state: string): ExtensionState {
  switch (state.toUpperCase().replace(/[\s_]+/g, '')) {
    case 'NOTINUSE':
      return 'idle';
    case 'INUSE':
      return 'in-use';
    case 'BUSY':
      return 'busy';
    case 'UNAVAILABLE':
    case 'INVALID':
      return 'unavailable';
    case 'RINGING':
      return 'ringing';
    case 'RINGINUSE':
      return 'in-use-ringing';
    case 'ONHOLD':
      return 'on-hold';
    default:
      return 'unknown';
  }
}

/** Which list the PBX answered: extension hints, devices, or PJSIP endpoints. */
export type ExtensionSource = 'hints' | 'devices' | 'endpoints';

/**
 * Extension states from AMI events. Pure. With hints (`ExtensionStateList`, `ExtensionStatus`
 * events) extensions are keyed by `exten@context`; PBXs without hints report devices
 * (`DeviceStateList`/`DeviceStateChange`) or PJSIP endpoints (`PJSIPShowEndpoints`), keyed by device.
 */
export class ExtensionTracker {
  readonly #byKey = new Map<string, ExtensionStatus>();
  readonly #now: () => Date;
  /** Which kind of list fed the tracker; live events of the other kinds are ignored. */
  source: ExtensionSource = 'hints';

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Every extension, sorted by extension. */
  list(): ExtensionStatus[] {
    return [...this.#byKey.values()].sort((a, b) =>
      a.extension.localeCompare(b.extension, 'en', { numeric: true }),
    );
  }

  /** One extension's status (any context when `context` is omitted). */
  get(extension: string, context?: string): ExtensionStatus | undefined {
    for (const s of this.#byKey.values()) {
      if (s.extension === extension && (context === undefined || s.context === context)) return { ...s };
    }
    return undefined;
  }

  /** Whether `number` is one of the PBX's extensions. */
  has(number: string): boolean {
    for (const s of this.#byKey.values()) if (s.extension === number) return true;
    return false;
  }

  /** Replaces everything with a list's items (after `ExtensionStateList` & co.). */
  reset(source: ExtensionSource, items: readonly AmiEvent[]): ExtensionStatus[] {
    this.source = source;
    this.#byKey.clear();
    const changed: ExtensionStatus[] = [];
    for (const item of items) changed.push(...this.apply(item));
    return changed;
  }

  /** Applies one event; returns the statuses it changed. */
  apply(event: AmiEvent): ExtensionStatus[] {
    const f = event.fields;
    if (this.source === 'hints' && event.name === 'ExtensionStatus' && f.Exten) {
      const key = `${f.Exten}@${f.Context ?? ''}`;
      const state = fromHintStatus(Number(f.Status));
      if (state === 'removed') {
        this.#byKey.delete(key);
        return [];
      }
      return this.#set(key, {
        extension: f.Exten,
        context: f.Context ?? '',
        device: f.Hint ?? '',
        state,
        stateText: f.StatusText ?? f.Status ?? '',
        updatedAt: this.#now(),
      });
    }
    if (this.source === 'devices' && event.name === 'DeviceStateChange' && f.Device) {
      const endpoint = f.Device.includes('/') ? f.Device.slice(f.Device.indexOf('/') + 1) : f.Device;
      return this.#set(f.Device, {
        extension: endpoint,
        context: '',
        device: f.Device,
        state: fromDeviceState(f.State ?? ''),
        stateText: f.State ?? '',
        updatedAt: this.#now(),
      });
    }
    if (this.source === 'endpoints' && event.name === 'EndpointList' && f.ObjectName) {
      const device = `PJSIP/${f.ObjectName}`;
      return this.#set(device, {
        extension: f.ObjectName,
        context: '',
        device,
        state: fromDeviceState(f.DeviceState ?? ''),
        stateText: f.DeviceState ?? '',
        updatedAt: this.#now(),
      });
    }
    if (this.source === 'endpoints' && event.name === 'DeviceStateChange' && f.Device?.startsWith('PJSIP/')) {
      const existing = this.#byKey.get(f.Device);
      if (!existing) return [];
      return this.#set(f.Device, {
        ...existing,
        state: fromDeviceState(f.State ?? ''),
        stateText: f.State ?? '',
        updatedAt: this.#now(),
      });
    }
    return [];
  }

  #set(key: string, status: ExtensionStatus): ExtensionStatus[] {
    const old = this.#byKey.get(key);
    this.#byKey.set(key, status);
    return old && old.state === status.state && old.stateText === status.stateText ? [] : [{ ...status }];
  }
}
