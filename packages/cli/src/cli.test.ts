import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, mainHelp, parseCommandLine, runCli } from './cli.js';
import { EXIT_CODES } from './exit-codes.js';
import { captureIo } from './test-support/capture-io.js';

describe('parseCommandLine', () => {
  it('parses a command and its flags', () => {
    const parsed = parseCommandLine(['asterisk-config', '--input', 'pbx.json', '--out', 'etc']);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.command.name).toBe('asterisk-config');
    expect(parsed.values).toMatchObject({ input: 'pbx.json', out: 'etc' });
  });

  it('takes --diff with or without a folder', () => {
    const bare = parseCommandLine(['asterisk-config', '--diff', '--input', 'p.json']);
    const last = parseCommandLine(['asterisk-config', '--input', 'p.json', '--diff']);
    const named = parseCommandLine(['asterisk-config', '--diff', '/srv/etc', '--input', 'p.json']);
    expect(bare.kind === 'run' && bare.values.diff).toBe('/etc/asterisk');
    expect(last.kind === 'run' && last.values.diff).toBe('/etc/asterisk');
    expect(named.kind === 'run' && named.values.diff).toBe('/srv/etc');
  });

  it('gives help for aipbx, aipbx help <command> and <command> --help', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help', text: mainHelp() });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', text: mainHelp() });
    const doctor = COMMANDS.find((c) => c.name === 'doctor');
    if (doctor === undefined) throw new Error('no doctor');
    expect(parseCommandLine(['help', 'doctor'])).toEqual({ kind: 'help', text: commandHelp(doctor) });
    expect(parseCommandLine(['doctor', '--help'])).toEqual({ kind: 'help', text: commandHelp(doctor) });
  });

  it('reports unknown commands and flags and stray arguments as usage errors (exit 2)', async () => {
    for (const argv of [['nope'], ['embed', '--bogus'], ['embed', 'stray'], ['embed', '--input']]) {
      const io = captureIo();
      expect(await runCli(argv, io)).toBe(EXIT_CODES.USAGE);
      expect(io.err).toMatch(/^aipbx/);
    }
  });

  it('never echoes a flag value it refuses (it could be a secret)', async () => {
    const io = captureIo();
    expect(await runCli(['doctor', '--ari-password=hunter2-secret'], io)).toBe(EXIT_CODES.USAGE);
    expect(io.err).toContain('--ari-password');
    expect(io.err).not.toContain('hunter2-secret');
  });

  it('reports a missing required flag as a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['asterisk-config', '--out', 'x'], io)).toBe(EXIT_CODES.USAGE);
    expect(io.err).toContain('--input FILE is required');
    const both = captureIo();
    expect(await runCli(['asterisk-config', '--input', 'a', '--out', 'x', '--diff'], both)).toBe(
      EXIT_CODES.USAGE,
    );
  });
});

describe('help text', () => {
  it('lists every command', () => {
    for (const c of COMMANDS) expect(mainHelp()).toContain(c.name);
  });

  it('lists each command’s flags and the environment variables it reads', () => {
    for (const c of COMMANDS) {
      const text = commandHelp(c);
      for (const flag of Object.keys(c.flags)) expect(text).toContain(`--${flag}`);
      for (const env of c.env) expect(text).toContain(env.name);
      expect(text).toContain('Exit codes');
    }
  });

  it('names the ARI and AMI variables in doctor --help', async () => {
    const io = captureIo();
    expect(await runCli(['doctor', '--help'], io)).toBe(0);
    for (const name of [
      'ARI_URL',
      'ARI_USERNAME',
      'ARI_PASSWORD',
      'AMI_HOST',
      'YEASTAR_HOST',
      'AMI_PORT',
      'AMI_USERNAME',
      'AMI_SECRET',
      'YEASTAR_PASSWORD',
    ])
      expect(io.out).toContain(name);
  });
});
