/**
 * The shape of an emitter's event declarations: one property per event, whose type is the
 * listener's signature. Events carrying several values declare several parameters; events
 * carrying none declare none.
 *
 * This is the "listener signature" style (not the `{ name: [args] }` tuple style): parameter names
 * show up in editor hints and in the generated docs, and the declaration doubles as the listener
 * type.
 *
 * @example
 * ```ts
 * interface AmiClientEvents {
 *   connect: () => void;
 *   event: (event: AmiEvent) => void;
 *   close: (hadError: boolean, reason: string) => void;
 * }
 * ```
 *
 * @typeParam T - The events interface being checked (it constrains itself, so plain interfaces
 *   work without an index signature).
 */
export type EventMap<T> = { [K in keyof T]: (...args: never[]) => void };

/** Names of the events declared in `Events` (string or symbol keys). */
export type EventName<Events> = keyof Events & (string | symbol);

/** The arguments a listener of event `K` receives, as a tuple. */
export type EventArgs<Events, K extends keyof Events> = Events[K] extends (...args: infer A) => void
  ? A
  : never;
