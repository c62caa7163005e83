import type { BuildOptions } from 'esbuild';

/** esbuild options: `@aipbx/*` bundled from their TypeScript, every other package left an import. */
export declare const workspaceFromSource: Pick<BuildOptions, 'conditions' | 'plugins'>;
