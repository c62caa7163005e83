import type { PhoneCallReason, PhoneCallState } from '../phone/phone-call-state.js';
import type { RegistrationReason } from '../phone/registration-state.js';

/** The reasons a call can end with (see `PhoneCallReason`). */
export type PhoneCallEnding = Exclude<
  PhoneCallReason,
  'dialed' | 'incoming' | 'ringing' | 'early-media' | 'answering' | 'answered' | 'held' | 'resumed'
>;

/** The reasons a registration can be lost or refused with (see `RegistrationReason`). */
export type RegistrationProblem = Exclude<RegistrationReason, 'start' | 'retry' | 'registered'>;

/**
 * Every text `<aipbx-softphone>` shows or announces, in one language. `{name}` placeholders are
 * filled in by `fill()`.
 */
export interface SoftphoneStrings {
  /** The group's name for assistive technology. */
  softphone: string;
  /** `{extension}`. */
  registered: string;
  registering: string;
  unregistered: string;
  /** `{why}`: one of `registrationReasons`. */
  unregisteredWhy: string;
  /** `{time}`: when the next attempt is due. */
  retryingAt: string;
  /** `{why}`: one of `registrationReasons`. */
  failed: string;
  reconnect: string;
  /** Why the registration was lost or refused. */
  registrationReasons: Record<RegistrationProblem, string>;
  /** The dial pad's number field. */
  number: string;
  dialPad: string;
  call: string;
  incomingCall: string;
  /** `{caller}`. */
  incomingFrom: string;
  accept: string;
  answerAndHold: string;
  decline: string;
  unknownCaller: string;
  currentCall: string;
  /** Each call state's text. */
  states: Record<Exclude<PhoneCallState, 'ended'>, string>;
  mute: string;
  hold: string;
  resume: string;
  keypad: string;
  transfer: string;
  transferTarget: string;
  consult: string;
  /** `{caller}`: the held call being transferred. */
  consulting: string;
  completeTransfer: string;
  cancel: string;
  hangup: string;
  otherCalls: string;
  switchTo: string;
  recentCalls: string;
  incoming: string;
  outgoing: string;
  missed: string;
  /** `{caller}`: what a recent call's button does. */
  useNumber: string;
  /** `{party}`. */
  connectedTo: string;
  callEnded: string;
  /** `{outcome}`: one of `outcomes`. */
  callEndedWith: string;
  /** How a call ended, as the recent list and the messages put it. */
  outcomes: Record<PhoneCallEnding, string>;
  ringtoneHint: string;
  misconfigured: string;
  notRegistered: string;
  invalidNumber: string;
  callFailed: string;
  transferFailed: string;
  actionFailed: string;
}

const en: SoftphoneStrings = {
  softphone: 'Softphone',
  registered: 'Registered: extension {extension}',
  registering: 'Registering…',
  unregistered: 'Not registered',
  unregisteredWhy: 'Not registered: {why}',
  retryingAt: 'retrying at {time}',
  failed: 'Registration failed: {why}',
  reconnect: 'Reconnect',
  registrationReasons: {
    stopped: 'stopped',
    'connection-lost': 'connection lost',
    'server-unreachable': 'the server cannot be reached',
    'no-response': 'the PBX does not answer',
    'refresh-failed': 'renewing the registration failed',
    'auth-failed': 'wrong password',
    'not-found': 'no such extension',
    refused: 'refused by the PBX',
  },
  number: 'Number or name',
  dialPad: 'Dial pad',
  call: 'Call',
  incomingCall: 'Incoming call',
  incomingFrom: 'Incoming call from {caller}',
  accept: 'Accept',
  answerAndHold: 'Answer & hold current',
  decline: 'Decline',
  unknownCaller: 'Unknown number',
  currentCall: 'Current call',
  states: {
    dialing: 'Dialing…',
    ringing: 'Ringing…',
    incoming: 'Incoming call',
    connecting: 'Connecting…',
    active: 'Active',
    held: 'On hold',
  },
  mute: 'Mute',
  hold: 'Hold',
  resume: 'Resume',
  keypad: 'Keypad',
  transfer: 'Transfer',
  transferTarget: 'Transfer to (extension, number or assistant)',
  consult: 'Consult first',
  consulting: 'Consulting before transferring {caller}',
  completeTransfer: 'Complete transfer',
  cancel: 'Cancel',
  hangup: 'Hang up',
  otherCalls: 'Other calls',
  switchTo: 'Switch to',
  recentCalls: 'Recent calls',
  incoming: 'Incoming',
  outgoing: 'Outgoing',
  missed: 'Missed',
  useNumber: 'Put {caller} in the number field',
  connectedTo: 'Connected to {party}',
  callEnded: 'Call ended',
  callEndedWith: 'Call ended: {outcome}',
  outcomes: {
    'local-hangup': 'Ended',
    'remote-hangup': 'The other side hung up',
    declined: 'Declined',
    busy: 'Busy',
    'not-found': 'Number not found',
    'no-answer': 'No answer',
    cancelled: 'Cancelled',
    missed: 'Missed',
    transferred: 'Transferred',
    unavailable: 'Unavailable',
    'microphone-denied': 'Microphone blocked: allow it in the address bar',
    'no-microphone': 'No microphone found',
    'microphone-unavailable': 'The microphone could not be opened',
    'network-lost': 'Connection lost',
    'media-failed': 'Audio could not be set up',
    stopped: 'Softphone stopped',
  },
  ringtoneHint: 'Click anywhere in the softphone to enable the ringtone',
  misconfigured: 'This softphone is not set up correctly.',
  notRegistered: 'Not registered yet: wait for the registration, then call.',
  invalidNumber: 'Check the number: digits, an extension, a name or a SIP address.',
  callFailed: 'The call could not be placed.',
  transferFailed: 'The transfer failed.',
  actionFailed: 'That did not work. Please try again.',
};

const ru: SoftphoneStrings = {
  softphone: 'Софтфон',
  registered: 'Зарегистрирован: внутренний номер {extension}',
  registering: 'Регистрация…',
  unregistered: 'Не зарегистрирован',
  unregisteredWhy: 'Не зарегистрирован: {why}',
  retryingAt: 'повтор в {time}',
  failed: 'Ошибка регистрации: {why}',
  reconnect: 'Подключиться снова',
  registrationReasons: {
    stopped: 'остановлен',
    'connection-lost': 'связь потеряна',
    'server-unreachable': 'сервер недоступен',
    'no-response': 'АТС не отвечает',
    'refresh-failed': 'не удалось продлить регистрацию',
    'auth-failed': 'неверный пароль',
    'not-found': 'такого внутреннего номера нет',
    refused: 'АТС отказала',
  },
  number: 'Номер или имя',
  dialPad: 'Набор номера',
  call: 'Позвонить',
  incomingCall: 'Входящий звонок',
  incomingFrom: 'Входящий звонок: {caller}',
  accept: 'Принять',
  answerAndHold: 'Принять и удержать текущий',
  decline: 'Отклонить',
  unknownCaller: 'Номер скрыт',
  currentCall: 'Текущий звонок',
  states: {
    dialing: 'Вызов…',
    ringing: 'Идут гудки…',
    incoming: 'Входящий звонок',
    connecting: 'Соединение…',
    active: 'Идёт разговор',
    held: 'На удержании',
  },
  mute: 'Выключить микрофон',
  hold: 'Удержание',
  resume: 'Снять с удержания',
  keypad: 'Клавиатура',
  transfer: 'Перевести',
  transferTarget: 'Кому перевести (внутренний номер, телефон или ассистент)',
  consult: 'Консультация',
  consulting: 'Консультация перед переводом: {caller}',
  completeTransfer: 'Завершить перевод',
  cancel: 'Отмена',
  hangup: 'Завершить',
  otherCalls: 'Другие звонки',
  switchTo: 'Переключиться',
  recentCalls: 'Недавние звонки',
  incoming: 'Входящий',
  outgoing: 'Исходящий',
  missed: 'Пропущенный',
  useNumber: 'Подставить номер: {caller}',
  connectedTo: 'Соединено: {party}',
  callEnded: 'Звонок завершён',
  callEndedWith: 'Звонок завершён: {outcome}',
  outcomes: {
    'local-hangup': 'Завершён',
    'remote-hangup': 'Собеседник положил трубку',
    declined: 'Отклонён',
    busy: 'Занято',
    'not-found': 'Номер не найден',
    'no-answer': 'Нет ответа',
    cancelled: 'Отменён',
    missed: 'Пропущенный',
    transferred: 'Переведён',
    unavailable: 'Недоступен',
    'microphone-denied': 'Микрофон заблокирован: разрешите его в адресной строке',
    'no-microphone': 'Микрофон не найден',
    'microphone-unavailable': 'Не удалось включить микрофон',
    'network-lost': 'Связь потеряна',
    'media-failed': 'Не удалось настроить звук',
    stopped: 'Софтфон остановлен',
  },
  ringtoneHint: 'Щёлкните в любом месте софтфона, чтобы включить звук звонка',
  misconfigured: 'Софтфон настроен неверно.',
  notRegistered: 'Софтфон ещё не зарегистрирован: дождитесь регистрации и позвоните снова.',
  invalidNumber: 'Проверьте номер: цифры, внутренний номер, имя или SIP-адрес.',
  callFailed: 'Не удалось позвонить.',
  transferFailed: 'Перевод не удался.',
  actionFailed: 'Не получилось. Попробуйте ещё раз.',
};

/** Built-in languages. */
export const SOFTPHONE_STRINGS: Readonly<Record<'en' | 'ru', SoftphoneStrings>> = { en, ru };

/** The strings for a BCP 47 tag (`ru`, `ru-RU` → Russian; anything else → English). */
export function softphoneStringsFor(lang: string | undefined): SoftphoneStrings {
  return lang !== undefined && /^ru(-|$)/i.test(lang) ? ru : en;
}

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
