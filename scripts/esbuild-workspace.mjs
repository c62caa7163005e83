// esbuild options that bundle the workspace packages (`@aipbx/*`) from their TypeScript — the
// `aipbx-source` condition of their exports maps — and leave every other package an import for
// Node to load. Used by the TypeScript runner and the benchmarks' child processes.

/** @type {import('esbuild').Plugin} */
const externalExceptWorkspace = {
  name: 'external-except-workspace',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@aipbx/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** Spread into esbuild's `build()` options. */
export const workspaceFromSource = {
  conditions: ['aipbx-source'],
  plugins: [externalExceptWorkspace],
};
