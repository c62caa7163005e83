/**
 * A SIP URI published for an assistant (seed: "SIPs — VoIP интеграция"): the assistant gets the
 * address `sip:{id}@{domain}` and answers calls routed to it.
 */
export interface SipUri {
  /** Unique id, the user part of the address (`support-bot` → `sip:support-bot@sip.aipbx.com`). */
  id: string;
  /** Password for SIP registration. A secret: never logged. */
  password: string;
  /** Id of the assistant that answers calls on this line. */
  assistant: string;
  /** Dialplan context that handles the calls. Default `assistant-in`. */
  context: string;
  /** SIP domain. Default `sip.aipbx.com`. */
  domain: string;
  /** Internal note. */
  comment?: string;
}
