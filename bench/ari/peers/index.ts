/**
 * The peers under test. Each adapter is bundled into its own child process, so this index only
 * describes them and never imports an adapter (that would load every library into every child).
 */

/** One peer under test. */
export interface PeerDescriptor {
  /** Short id, used on the command line (`--peers=aipbx,raw`). */
  id: string;
  /** Name shown in the tables. */
  name: string;
  /** Adapter module in `peers/`, without extension. */
  module: string;
  /** The adapter's exported factory. */
  factory: string;
  /** package.json of the library, relative to the repository root (for its version). */
  packageJson: string;
  /** Put before the version in the tables (the raw bot's version is its `ws`'s). */
  versionPrefix?: string;
  /** True when the library is built by the bench into a file of its own (workspace packages). */
  builtLibrary?: { entry: string };
}

/** Every peer, in table order. */
export const PEERS: readonly PeerDescriptor[] = [
  {
    id: 'aipbx',
    name: '@aipbx/node-ari',
    module: 'aipbx',
    factory: 'createAipbxPeer',
    packageJson: 'packages/node-ari/package.json',
    builtLibrary: { entry: 'packages/node-ari/src/index.ts' },
  },
  {
    id: 'ari-client',
    name: 'ari-client',
    module: 'ari-client',
    factory: 'createAriClientPeer',
    packageJson: 'node_modules/ari-client/package.json',
  },
  {
    id: 'raw',
    name: 'raw bot (fetch + ws)',
    module: 'raw',
    factory: 'createRawPeer',
    packageJson: 'node_modules/ws/package.json',
    versionPrefix: 'ws ',
  },
];

/** The connect time target is relative to this peer. */
export const CONNECT_BASELINE = 'ari-client';
/** The load CPU target is relative to this peer. */
export const LOAD_BASELINE = 'raw';
