/**
 * Every prompt the demo says, in both languages, and the voices that say them. Change a text here
 * and the next start generates that language's prompts again.
 */
import type { DemoLanguage } from './ai-hook.js';

/** The folder of the prompts inside each language folder of Asterisk's sounds: `sound:aipbx-demo/…`. */
export const PROMPT_FOLDER = 'aipbx-demo';

/** The languages the prompts exist in. */
export const PROMPT_LANGUAGES: readonly DemoLanguage[] = ['en', 'ru'];

/** The espeak-ng voice of each language (`espeak-ng --voices` lists them). */
export const PROMPT_VOICES: Readonly<Record<DemoLanguage, string>> = { en: 'en-us', ru: 'ru' };

/** The prompts, by file name (without `.sln16`), each in both languages. */
export const PROMPT_TEXTS = {
  greeting: {
    en: 'Hello! This is the A I P B X demo assistant.',
    ru: 'Здравствуйте! Это демонстрационный ассистент эй ай пи би экс.',
  },
  menu: {
    en: 'Press 1 to hear yourself through the media bridge, 2 to record a message, 3 to talk to an operator, 0 to end the call.',
    ru: 'Нажмите 1, чтобы услышать себя через медиамост, 2, чтобы записать сообщение, 3, чтобы поговорить с оператором, 0, чтобы завершить звонок.',
  },
  'echo-intro': {
    en: 'Speak, and you will hear yourself. Press the pound key to return to the menu.',
    ru: 'Говорите, и вы услышите себя. Нажмите решётку, чтобы вернуться в меню.',
  },
  'record-intro': {
    en: 'After the beep, record your message. Press the pound key to finish.',
    ru: 'После сигнала запишите сообщение. Нажмите решётку, чтобы закончить.',
  },
  'your-message': { en: 'Here is your message.', ru: 'Вот ваше сообщение.' },
  'message-saved': { en: 'Your message is saved.', ru: 'Ваше сообщение сохранено.' },
  transfer: { en: 'Connecting you to an operator.', ru: 'Соединяю вас с оператором.' },
  'no-operator': {
    en: 'Sorry, no operator is available right now.',
    ru: 'К сожалению, сейчас нет свободных операторов.',
  },
  'operator-no-answer': {
    en: 'The operator did not answer.',
    ru: 'Оператор не ответил.',
  },
  'invalid-choice': { en: 'That is not an option.', ru: 'Такого варианта нет.' },
  sorry: {
    en: 'Sorry, something went wrong. Goodbye.',
    ru: 'Извините, что-то пошло не так. До свидания.',
  },
  goodbye: { en: 'Thank you for calling. Goodbye!', ru: 'Спасибо за звонок. До свидания!' },
} as const satisfies Record<string, Readonly<Record<DemoLanguage, string>>>;

/** The name of a prompt: its file name without `.sln16`. */
export type PromptName = keyof typeof PROMPT_TEXTS;

/** Every prompt name, in table order. */
export const PROMPT_NAMES = Object.keys(PROMPT_TEXTS) as PromptName[];

/** The ARI media URI of a prompt, played in the channel's or the playback's language. */
export function promptMedia(name: PromptName): string {
  return `sound:${PROMPT_FOLDER}/${name}`;
}
