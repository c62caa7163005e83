import type { BuildOptions } from 'esbuild';

/** How entry points are bundled: for Node 20, workspace packages from their TypeScript. */
export declare const runTsBuildOptions: BuildOptions;

/** Bundles `entry` and returns its module. */
export declare function loadTs(entry: string): Promise<Record<string, unknown>>;
