/** A customer's Asterisk connected directly (seed: "PBXs — подключение Asterisk"). */
export interface Pbx {
  /** Display name, e.g. "Офис Москва". */
  name: string;
  /** SIP over secure WebSocket URL, in the form `wss://host:8089/ws`. */
  wssUrl: string;
  /** Asterisk REST Interface base URL, e.g. `https://host:8089`. */
  ariUrl: string;
  /** ARI user name (ari.conf section). */
  ariUsername: string;
  /** ARI password. A secret: never logged. */
  ariPassword: string;
  /** Dialplan context that handles calls to assistants. Default `assistant-in`. */
  context: string;
  /** Internal note. */
  comment?: string;
}
