export { formatSipUsers, parseSipUsers, type SipUser, validateSipUsers } from './sip-users.js';
