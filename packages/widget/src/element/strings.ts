import type { CallStateReason } from '../engine/call-state.js';

/** Every text `<aipbx-call>` shows or announces, in one language. */
export interface CallStrings {
  call: string;
  connecting: string;
  ringing: string;
  inCall: string;
  reconnecting: string;
  ended: string;
  hangup: string;
  mute: string;
  keypad: string;
  level: string;
  quality: string;
  good: string;
  fair: string;
  poor: string;
  /** Shown when the element's attributes are wrong (the console has the details). */
  misconfigured: string;
  /** Another call is already going on in this page. */
  otherCall: string;
  /** What went wrong, per failure reason. */
  errors: Partial<Record<CallStateReason, string>> & { error: string };
}

const en: CallStrings = {
  call: 'Call',
  connecting: 'Connecting…',
  ringing: 'Ringing…',
  inCall: 'In call',
  reconnecting: 'Connection lost, reconnecting…',
  ended: 'Call ended',
  hangup: 'Hang up',
  mute: 'Mute microphone',
  keypad: 'Keypad',
  level: 'Microphone level',
  quality: 'Call quality',
  good: 'good',
  fair: 'fair',
  poor: 'poor',
  misconfigured: 'This call button is not set up correctly.',
  otherCall: 'Another call is already in progress on this page.',
  errors: {
    'microphone-denied':
      'Microphone access is blocked. Allow it in the address bar (the lock or camera icon → Microphone → Allow), then call again.',
    'no-microphone': 'No microphone found. Connect one and call again.',
    'microphone-unavailable':
      'The microphone could not be opened. Close other apps that use it and call again.',
    'insecure-context': 'Calls work only on secure (https) pages.',
    'server-unreachable': 'Could not reach the call server. Check your internet connection and try again.',
    busy: 'The line is busy. Please try again in a minute.',
    declined: 'The call was declined.',
    'not-found': 'This assistant is not available.',
    unavailable: 'The assistant is not available right now. Please try again later.',
    timeout: 'No answer. Please try again.',
    'network-lost': 'The connection was lost and the call ended.',
    'media-failed': 'The call could not be connected.',
    error: 'The call could not be connected.',
  },
};

const ru: CallStrings = {
  call: 'Позвонить',
  connecting: 'Соединение…',
  ringing: 'Вызов…',
  inCall: 'Идёт разговор',
  reconnecting: 'Связь прервалась, восстанавливаем…',
  ended: 'Звонок завершён',
  hangup: 'Завершить звонок',
  mute: 'Выключить микрофон',
  keypad: 'Клавиатура',
  level: 'Уровень микрофона',
  quality: 'Качество связи',
  good: 'хорошее',
  fair: 'среднее',
  poor: 'плохое',
  misconfigured: 'Кнопка звонка настроена неверно.',
  otherCall: 'На этой странице уже идёт другой звонок.',
  errors: {
    'microphone-denied':
      'Доступ к микрофону запрещён. Разрешите его в адресной строке (значок замка или камеры → Микрофон → Разрешить) и позвоните снова.',
    'no-microphone': 'Микрофон не найден. Подключите микрофон и позвоните снова.',
    'microphone-unavailable':
      'Не удалось включить микрофон. Закройте другие программы, которые его используют, и позвоните снова.',
    'insecure-context': 'Звонки работают только на защищённых (https) страницах.',
    'server-unreachable':
      'Не удаётся связаться с сервером. Проверьте подключение к интернету и попробуйте снова.',
    busy: 'Линия занята. Попробуйте через минуту.',
    declined: 'Звонок отклонён.',
    'not-found': 'Этот ассистент недоступен.',
    unavailable: 'Ассистент сейчас недоступен. Попробуйте позже.',
    timeout: 'Нет ответа. Попробуйте снова.',
    'network-lost': 'Связь потеряна, звонок завершён.',
    'media-failed': 'Не удалось соединить звонок.',
    error: 'Не удалось соединить звонок.',
  },
};

/** Built-in languages. */
export const CALL_STRINGS: Readonly<Record<'en' | 'ru', CallStrings>> = { en, ru };

/** The strings for a BCP 47 tag (`ru`, `ru-RU` → Russian; anything else, `rue` too → English). */
export function stringsFor(lang: string | undefined): CallStrings {
  return lang !== undefined && /^ru(-|$)/i.test(lang) ? ru : en;
}
