import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.AIPBX_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from DESIGN.md: a fake microphone that needs no prompt, and no traffic to the outside world. */
export const CHROMIUM_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--ignore-certificate-errors',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
];

/**
 * Launches headless Debian Chromium, or fails saying how to get it. `options` add to the launch's
 * (a program that stops on its own signals passes `handleSIGINT: false` and the like, so that
 * playwright does not end the process on Ctrl-C before its clean-up has run).
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run \`npm run testbed -- setup\` (installs Debian's chromium) or set AIPBX_CHROMIUM.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}
