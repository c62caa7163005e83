/**
 * A real server-sent events reader for the tests: `fetch` and a parser of the `text/event-stream`
 * format (fields, multi-line data, comments, CR/LF/CRLF line ends), with bounded waits.
 */
import { Inbox } from '@aipbx/testbed/support/wait.js';

/** One event as received: its name and its data parsed as JSON. */
export interface ReceivedEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever the event carries
  data: any;
}

/** An open event stream. */
export interface EventStreamReader {
  status: number;
  contentType: string | null;
  /** Every event received so far, and bounded waits for the next matching one. */
  events: Inbox<ReceivedEvent>;
  /** Comment lines received (the heartbeat). */
  comments: Inbox<string>;
  /** Resolves when the stream stops: the server ended or cut it, or close() was called. */
  ended: Promise<void>;
  close(): void;
}

/** Incremental parser: `push(text)` in, `onEvent`/`onComment` out. */
export class EventStreamParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  constructor(
    private readonly onEvent: (event: string, data: string) => void,
    private readonly onComment: (text: string) => void = () => {},
  ) {}

  push(text: string): void {
    this.#buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (!match) return;
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) return;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      this.#line(line);
    }
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length > 0) this.onEvent(this.#event || 'message', this.#data.join('\n'));
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) {
      this.onComment(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
  }
}

/** Opens `url` as an event stream and reads it in the background. */
export async function openEventStream(url: string): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
  const events = new Inbox<ReceivedEvent>();
  const comments = new Inbox<string>();
  const parser = new EventStreamParser(
    (event, data) => events.push({ event, data: JSON.parse(data) }),
    (text) => comments.push(text),
  );
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Aborted by close(), or cut by the server: either way the stream has ended.
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    comments,
    ended,
    close: () => controller.abort(),
  };
}
