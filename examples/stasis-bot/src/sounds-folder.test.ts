import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { languageFolder } from './sounds-folder.js';

let root: string;
let sounds: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aipbx-sounds-test-'));
  sounds = join(root, 'usr/share/asterisk/sounds');
  await mkdir(sounds, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('languageFolder', () => {
  it('makes a missing language folder', async () => {
    expect(await languageFolder(sounds, 'ru')).toBe(join(sounds, 'ru'));
    expect(await languageFolder(sounds, 'ru')).toBe(join(sounds, 'ru'));
  });

  it('follows Debian’s absolute links inside a chroot seen from the host', async () => {
    // As Debian installs it: sounds/en → /etc/alternatives/asterisk-prompt-en → the voice's folder.
    await mkdir(join(sounds, 'en_US_f_Allison'));
    await mkdir(join(root, 'etc/alternatives'), { recursive: true });
    await symlink(
      '/usr/share/asterisk/sounds/en_US_f_Allison',
      join(root, 'etc/alternatives/asterisk-prompt-en'),
    );
    await symlink('/etc/alternatives/asterisk-prompt-en', join(sounds, 'en'));
    expect(await languageFolder(sounds, 'en')).toBe(join(sounds, 'en_US_f_Allison'));
  });

  it('follows a relative link as it is', async () => {
    await mkdir(join(sounds, 'ru_RU'));
    await symlink('ru_RU', join(sounds, 'ru'));
    expect(await languageFolder(sounds, 'ru')).toBe(join(sounds, 'ru_RU'));
  });

  it('refuses a link that leads nowhere, and a file, saying what to do', async () => {
    await symlink('/no/such/aipbx/folder', join(sounds, 'en'));
    await expect(languageFolder(sounds, 'en')).rejects.toThrow(/links to \/no\/such\/aipbx\/folder.*chroot/);
    await writeFile(join(sounds, 'ru'), 'not a folder');
    await expect(languageFolder(sounds, 'ru')).rejects.toThrow(/is not a folder/);
  });

  it('gives up on a loop of links', async () => {
    await symlink('ru', join(sounds, 'en'));
    await symlink('en', join(sounds, 'ru'));
    await expect(languageFolder(sounds, 'en')).rejects.toThrow(/leads to no folder/);
  });
});
