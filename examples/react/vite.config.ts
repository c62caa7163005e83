/**
 * Vite for the React example. The PBX the page calls comes from `VITE_AIPBX_SERVER`,
 * `VITE_AIPBX_TARGET`, `VITE_AIPBX_USER` and `VITE_AIPBX_ASSISTANT_ID` (the shell or `.env` files);
 * whatever is unset is taken from the running demo (`npm run demo`), and without a demo from the
 * demo's usual local values. Only these four public values reach the bundle, never the demo's ARI
 * or AMI credentials.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';

const KEYS = [
  'VITE_AIPBX_SERVER',
  'VITE_AIPBX_TARGET',
  'VITE_AIPBX_USER',
  'VITE_AIPBX_ASSISTANT_ID',
] as const;
type PbxEnv = Record<(typeof KEYS)[number], string>;

/** The demo's embedded PBX on this machine, when no running demo can be asked. */
const LOCAL_DEMO: PbxEnv = {
  VITE_AIPBX_SERVER: 'ws://127.0.0.1:8088/ws',
  VITE_AIPBX_TARGET: 'demo-assistant',
  VITE_AIPBX_USER: 'demo-visitor',
  VITE_AIPBX_ASSISTANT_ID: 'demo-assistant',
};

/**
 * The demo's `demoConnection`. Its module is TypeScript, which Node 20 imports only through Vite's
 * module runner (`--configLoader runner`, as the package's scripts load this file), and only while
 * this file is being loaded: hence the import here, at the top.
 */
const demoModule = await import('@aipbx/demo/demo-connection.js').catch((error: Error) => error);

/** The running demo's widget settings, or why there are none. */
function runningDemo(): { env: PbxEnv } | { error: string } {
  if (demoModule instanceof Error) {
    return { error: `${demoModule.message}; load this config with \`vite --configLoader runner\`` };
  }
  try {
    // The connection holds ARI and AMI secrets too: take the widget's public fields only.
    const { wsUrl, widget } = demoModule.demoConnection(process.env, ['ws']);
    return {
      env: {
        VITE_AIPBX_SERVER: wsUrl,
        VITE_AIPBX_TARGET: widget.target,
        VITE_AIPBX_USER: widget.user,
        VITE_AIPBX_ASSISTANT_ID: widget.assistantId,
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Fills the unset `VITE_AIPBX_*` values and says where they came from. */
function pbxEnv(): Plugin {
  let note: string | undefined;
  return {
    name: 'aipbx-example-pbx-env',
    config(_config, { mode }) {
      const env = loadEnv(mode, fileURLToPath(new URL('.', import.meta.url)), 'VITE_AIPBX_');
      const unset = KEYS.filter((key) => !env[key]);
      let defaults = LOCAL_DEMO;
      if (unset.length > 0) {
        const demo = runningDemo();
        if ('env' in demo) {
          defaults = demo.env;
          note = `aipbx: ${unset.join(', ')} from the running demo`;
        } else {
          note = `aipbx: ${unset.join(', ')} from the demo's local defaults: no demo to ask (${demo.error})`;
        }
      }
      return {
        define: Object.fromEntries(
          KEYS.map((key) => [`import.meta.env.${key}`, JSON.stringify(env[key] || defaults[key])]),
        ),
      };
    },
    configResolved(config) {
      if (note !== undefined) config.logger.info(note);
    },
  };
}

export default defineConfig({
  plugins: [react(), pbxEnv()],
});
