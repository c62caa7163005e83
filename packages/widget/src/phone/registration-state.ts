/**
 * Registration of a {@link PhoneEngine}'s extension.
 *
 * ```text
 *                 start()                  200 OK
 *  unregistered ──────────► registering ──────────► registered ──┐ renewed at half the
 *       ▲  ▲                   │  ▲  ▲                  │  ▲      │ lifetime, silently
 *       │  │   WebSocket lost, │  │  └── retry (backoff)│  └──────┘
 *       │  └── refresh failed ─┘  └─────────────────────┤
 *       │      (the change says why; retried with backoff, never given up)
 *       │                                               │ stop()
 *       └───────────────────────────────────────────────┘
 *  registering ── 401/403 (wrong password), 404 (no such extension) ──► failed  (no retry; start() again)
 * ```
 *
 * - `unregistered` — not registered: not started, stopped, or waiting to retry after the
 *   WebSocket dropped or the PBX did not answer (the change's `reason` and `error` say which).
 * - `registering` — the WebSocket is opening or the REGISTER is on its way.
 * - `registered` — calls to the extension ring here.
 * - `failed` — the PBX refused the credentials or does not know the extension: retrying would not
 *   help, so the softphone does not (no retry storm against the PBX); fix and `start()` again.
 */
export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

/**
 * Why the registration changed.
 *
 * - `start`, `retry` — registering, first or again after a drop (→ registering).
 * - `registered` (→ registered).
 * - `stopped` — `stop()` (→ unregistered).
 * - `connection-lost` — the WebSocket closed; `server-unreachable` — it did not open;
 *   `no-response` — the PBX did not answer the REGISTER; `refresh-failed` — a renewal was refused
 *   with something other than an authentication error (→ unregistered, then retried).
 * - `auth-failed` — 401/403/407 with the password given; `not-found` — 404: no such
 *   extension; `refused` — another final refusal (→ failed).
 */
export type RegistrationReason =
  | 'start'
  | 'retry'
  | 'registered'
  | 'stopped'
  | 'connection-lost'
  | 'server-unreachable'
  | 'no-response'
  | 'refresh-failed'
  | 'auth-failed'
  | 'not-found'
  | 'refused';

/** One registration change, as emitted by `registration`. */
export interface RegistrationChange {
  readonly from: RegistrationState;
  readonly to: RegistrationState;
  readonly reason: RegistrationReason;
  /** What went wrong, with a message that says what to do; never contains the password. */
  readonly error?: Error;
  /** The SIP status code behind the change, when a response caused it. */
  readonly statusCode?: number;
  /** For `unregistered` with a retry coming: when it will be tried (`Date.now()` ms). */
  readonly retryAt?: number;
}

/** Every allowed transition of {@link RegistrationState}. */
export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  unregistered: ['registering', 'unregistered'],
  registering: ['registered', 'unregistered', 'failed'],
  registered: ['unregistered', 'registering'],
  failed: ['registering', 'unregistered'],
};
