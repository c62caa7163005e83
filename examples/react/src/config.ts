/// <reference types="vite/client" />
/**
 * The PBX the page calls, from Vite's environment. `vite.config.ts` fills every value that is not
 * set from the running demo's connection, so all four are always strings here. Everything in this
 * object is public: it ends up in the page.
 */
declare global {
  interface ImportMetaEnv {
    /** The PBX's SIP WebSocket URL (`wss://pbx.example.com:8089/ws`; `ws://` only on loopback). */
    readonly VITE_AIPBX_SERVER: string;
    /** The assistant to call: its name, an extension, or a SIP URI. */
    readonly VITE_AIPBX_TARGET: string;
    /** The widget's public SIP user (its `sipUri`). */
    readonly VITE_AIPBX_USER: string;
    /** Sent as `X-Assistant-Id`. */
    readonly VITE_AIPBX_ASSISTANT_ID: string;
  }
}

/** Where `<aipbx-call>` calls. */
export const pbx = {
  server: import.meta.env.VITE_AIPBX_SERVER,
  target: import.meta.env.VITE_AIPBX_TARGET,
  user: import.meta.env.VITE_AIPBX_USER,
  assistantId: import.meta.env.VITE_AIPBX_ASSISTANT_ID,
} as const;
