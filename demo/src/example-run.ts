/** What the examples' one-command starts share: the `--port` option and waiting for Ctrl-C. */

/** `--port N` from `args` (`fallback` when absent), or what is wrong with it. */
export function portOption(args: readonly string[], fallback: number): number | string {
  const at = args.indexOf('--port');
  if (at < 0) return fallback;
  const text = args[at + 1] ?? '';
  const port = Number(text);
  return /^\d+$/.test(text) && port <= 65535 ? port : `--port must be a port number, not "${text}"`;
}

/** Resolves with the signal on the first SIGINT (Ctrl-C) or SIGTERM. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
