/**
 * The AMI clients under test. Each adapter is bundled into its own child process, so this index
 * only describes them and never imports an adapter (that would load every library into every child).
 */
export type { BenchClient, BenchClientFactory, ReplayTarget } from './bench-client.js';

/** One client under test. */
export interface BenchClientDescriptor {
  /** Short id, used on the command line (`--clients=aipbx,asterisk-manager`). */
  id: string;
  /** Package name shown in the table. */
  name: string;
  /** Adapter module, relative to this folder, without extension. */
  module: string;
  /** The adapter's exported {@link BenchClientFactory}. */
  factory: string;
  /** The library's package.json relative to the repository root (for its version). */
  packageJson: string;
}

/** Every client, in table order; asterisk-manager is the baseline the ratios refer to. */
export const BENCH_CLIENTS: readonly BenchClientDescriptor[] = [
  {
    id: 'aipbx',
    name: '@aipbx/ami',
    module: 'aipbx',
    factory: 'createAipbxClient',
    packageJson: 'packages/ami/package.json',
  },
  {
    id: 'asterisk-manager',
    name: 'asterisk-manager',
    module: 'asterisk-manager',
    factory: 'createAsteriskManagerClient',
    packageJson: 'node_modules/asterisk-manager/package.json',
  },
  {
    id: 'asterisk-ami-client',
    name: 'asterisk-ami-client',
    module: 'asterisk-ami-client',
    factory: 'createAsteriskAmiClient',
    packageJson: 'node_modules/asterisk-ami-client/package.json',
  },
];

/** The id of the client the ratios are relative to. */
export const BASELINE_CLIENT_ID = 'asterisk-manager';
