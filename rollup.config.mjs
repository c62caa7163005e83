// One build for every package: ESM JavaScript (with source maps) and one bundled .d.ts each.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const PACKAGES = ['core', 'widget', 'node-ari', 'ami'];

/** Dependencies stay imports: a package bundles only its own source. */
function external(pkg) {
  const manifest = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8'));
  const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return (id) => builtins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
}

const only = process.env.AIPBX_PACKAGES?.split(',');

export default PACKAGES.filter((p) => !only || only.includes(p)).flatMap((pkg) => [
  {
    input: `packages/${pkg}/src/index.ts`,
    external: external(pkg),
    output: { file: `packages/${pkg}/dist/index.js`, format: 'es', sourcemap: true },
    plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  },
  {
    input: `packages/${pkg}/src/index.ts`,
    external: external(pkg),
    output: { file: `packages/${pkg}/dist/index.d.ts`, format: 'es' },
    plugins: [dts({ tsconfig: 'tsconfig.base.json' })],
  },
]);
