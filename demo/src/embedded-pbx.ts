/**
 * The embedded PBX: Asterisk 22 from Debian's archive in the test bed's chroot (provisioned once,
 * cached), configured by @aipbx/core's generator with the demo's widget and assistant and fresh
 * credentials on every start.
 */
import { join } from 'node:path';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import type { DemoConnection } from './demo-connection.js';

/** The demo's public widget: its endpoint user and the assistant it reaches. */
export const DEMO_WIDGET = { id: 'demo-widget', user: 'demo-visitor', assistant: 'demo-assistant' } as const;

/** A running embedded PBX. */
export interface EmbeddedPbx {
  connection: DemoConnection;
  /** The Asterisk version line, e.g. `Asterisk 22.5.2~dfsg+~cs6.15.60671435-1`. */
  version: string;
  /** Asterisk's console log on the host. */
  logFile: string;
  /** Asterisk's PID, so a test can check it is gone. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts Asterisk in the chroot with the demo's configuration; resolves once ARI and AMI answer. */
export async function startEmbeddedPbx(options: {
  portOffset: number;
  log: (line: string) => void;
}): Promise<EmbeddedPbx> {
  const bed: Testbed = await startTestbed({
    name: `demo-${options.portOffset}`,
    portOffset: options.portOffset,
    log: (line) => options.log(line.replace(/^testbed: /, 'pbx: ')),
    configure: (input) => ({
      ...input,
      pbx: { ...input.pbx, name: 'aipbx demo' },
      widgets: [
        { id: DEMO_WIDGET.id, name: 'Demo site', assistant: DEMO_WIDGET.assistant, sipUri: DEMO_WIDGET.user },
      ],
    }),
  });
  const { info } = bed;
  const connection: DemoConnection = {
    ari: { url: info.ari.url, username: info.ari.username, password: info.ari.password, app: info.ari.app },
    ami: { host: info.ami.host, port: info.ami.port, username: info.ami.username, secret: info.ami.secret },
    wsUrl: info.wsUrl,
    widget: { user: DEMO_WIDGET.user, target: DEMO_WIDGET.assistant, assistantId: DEMO_WIDGET.assistant },
    operators: info.operators
      .filter((op) => op.wsPassword !== undefined)
      .map((op) => ({
        extension: op.extension,
        password: op.wsPassword as string,
        ...(op.displayName ? { displayName: op.displayName } : {}),
      })),
    recordingsDir: info.recordingsDir,
    soundsDir: join(info.chroot, 'usr/share/asterisk/sounds'),
    embedded: true,
  };
  return { connection, version: info.asteriskVersion, logFile: info.logFile, pid: info.pid, stop: bed.stop };
}
