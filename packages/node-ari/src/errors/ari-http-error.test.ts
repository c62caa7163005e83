import { AipbxError, isAipbxError, RemoteError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { AriHttpError } from './ari-http-error.js';
import { ChannelGoneError } from './channel-gone-error.js';

const details = {
  operation: 'channels.play',
  status: 409,
  remoteMessage: 'Channel not in Stasis application',
  ids: { channelId: '1700000000.12' },
};

describe('AriHttpError', () => {
  it('is a RemoteError (REMOTE) carrying status, operation, ids and the remote message', () => {
    const cause = new Error('root');
    const error = new AriHttpError('ARI channels.play failed with 409.', details, { cause });
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toBeInstanceOf(AipbxError);
    expect(isAipbxError(error, 'REMOTE')).toBe(true);
    expect(error).toMatchObject({
      name: 'AriHttpError',
      code: 'REMOTE',
      message: 'ARI channels.play failed with 409.',
      status: 409,
      operation: 'channels.play',
      ids: { channelId: '1700000000.12' },
      remoteMessage: 'Channel not in Stasis application',
      cause,
    });
  });
});

describe('ChannelGoneError', () => {
  it('is an AriHttpError naming the channel that was gone', () => {
    const error = new ChannelGoneError('gone', {
      ...details,
      status: 404,
      remoteMessage: 'Channel not found',
      channelId: '1700000000.12',
    });
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      name: 'ChannelGoneError',
      code: 'REMOTE',
      status: 404,
      channelId: '1700000000.12',
    });
  });
});
