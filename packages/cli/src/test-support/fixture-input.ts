/**
 * A PBX description for tests: every kind of object, with recognisable secrets.
 *
 * @internal
 */
export const SECRETS = ['ari-pass-1', 'sip-pass-1', 'op-pass-1', 'op-pass-2', 'ws-pass-2', 'ami-secret-1'];

export const FIXTURE_INPUT = {
  pbx: {
    name: 'Офис Москва',
    wssUrl: 'wss://pbx.example.com:8089/ws',
    ariUrl: 'https://pbx.example.com:8089',
    ariUsername: 'asterisk',
    ariPassword: 'ari-pass-1',
    context: 'assistant-in',
  },
  widgets: [{ id: 'widget-abc123', name: 'Сайт', assistant: 'support', sipUri: 'support-webrtc' }],
  sipUris: [
    {
      id: 'support-bot',
      password: 'sip-pass-1',
      assistant: 'support',
      context: 'assistant-in',
      domain: 'sip.aipbx.com',
    },
  ],
  operators: [
    { extension: '101', password: 'op-pass-1', username: '101', displayName: 'Anna' },
    {
      extension: '102',
      password: 'op-pass-2',
      username: '102',
      displayName: 'Boris',
      wsPassword: 'ws-pass-2',
    },
  ],
  ami: { users: [{ username: 'crm', secret: 'ami-secret-1', permit: ['10.0.0.5/32'] }] },
};
