// One build for every package: ESM JavaScript (with source maps) and one bundled .d.ts per entry.
// The widget also gets its browser files: the script-tag loaders (classic scripts) and the chunks
// they load, minified, with hashed names and a manifest of SRI hashes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const PACKAGES = ['core', 'widget', 'media', 'node-ari', 'ami', 'sip', 'cli'];

/**
 * A package's entry points, from its exports map: each subpath's `aipbx-source` condition (the
 * TypeScript it is built from) by the name of the file it builds to (`./dist/asterisk.js` →
 * `asterisk`). The same condition lets the type check, the tests and the scripts read the
 * workspace packages from source, so this map is written once, in each package.json.
 */
function sourceEntries(pkg) {
  const manifest = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8'));
  const found = {};
  for (const target of Object.values(manifest.exports)) {
    if (typeof target !== 'object' || target['aipbx-source'] === undefined) continue;
    const name = target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
    found[name] = target['aipbx-source'].replace(/^\.\//, '');
  }
  return found;
}

/** Dependencies stay imports: a package bundles only its own source. */
function external(pkg) {
  const manifest = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8'));
  const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return (id) => builtins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
}

function entries(pkg) {
  const list = sourceEntries(pkg);
  return Object.fromEntries(Object.entries(list).map(([name, file]) => [name, `packages/${pkg}/${file}`]));
}

const only = process.env.AIPBX_PACKAGES?.split(',');

const libraries = PACKAGES.filter((p) => !only || only.includes(p)).flatMap((pkg) => [
  {
    input: entries(pkg),
    external: external(pkg),
    output: {
      dir: `packages/${pkg}/dist`,
      format: 'es',
      sourcemap: true,
      // Packages with several entries keep one file per module, so the files with side effects
      // (the widget's define.js) stay where package.json's "sideEffects" names them.
      ...(Object.keys(sourceEntries(pkg)).length > 1
        ? { preserveModules: true, preserveModulesRoot: `packages/${pkg}/src` }
        : {}),
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    plugins: [
      {
        name: 'aipbx-clean-dist',
        buildStart() {
          rmSync(`packages/${pkg}/dist`, { recursive: true, force: true });
        },
      },
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    ],
  },
  {
    input: entries(pkg),
    external: external(pkg),
    output: {
      dir: `packages/${pkg}/dist`,
      format: 'es',
      entryFileNames: '[name].d.ts',
      chunkFileNames: 'chunks/[name]-[hash].d.ts',
    },
    plugins: [dts({ tsconfig: 'tsconfig.base.json' })],
  },
]);

// ---- The widget's browser files -------------------------------------------------------------

const BROWSER_DIR = 'packages/widget/dist/browser';
const widgetSource = (file) => fileURLToPath(new URL(`packages/widget/src/${file}`, import.meta.url));

const browserPlugins = () => [
  // Workspace packages from source (their `aipbx-source` condition), so the browser bundle
  // tree-shakes TypeScript, not a prebuilt file.
  nodeResolve({ browser: true, exportConditions: ['aipbx-source'], extensions: ['.mjs', '.js', '.ts'] }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', minify: true }),
  terser({
    ecma: 2022,
    format: { comments: false },
    compress: {
      passes: 2,
      // sip.js logs through this.logger; the engine installs no log sink (logBuiltinEnabled: false),
      // so those calls print nothing and their message strings are dead weight in a visitor's download.
      pure_funcs: ['this.logger.debug', 'this.logger.log', 'this.logger.warn', 'this.logger.error'],
    },
  }),
];

const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

/**
 * Writes manifest.json (each script's SRI hash) after every browser build, so whichever build
 * runs last leaves it covering every file.
 */
const manifestWriter = {
  name: 'aipbx-browser-manifest',
  writeBundle() {
    const files = readdirSync(BROWSER_DIR)
      .filter((f) => f.endsWith('.js'))
      .sort();
    const manifest = {
      loader: 'aipbx-widget.js',
      files: Object.fromEntries(files.map((f) => [f, { integrity: sri(`${BROWSER_DIR}/${f}`) }])),
    };
    writeFileSync(`${BROWSER_DIR}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  },
};

/**
 * A script-tag loader's plugin: the element's `loader` module (imported from `folder`) is swapped
 * for `urlLoader`, which imports the chunk by URL; `marker` there becomes the chunk's hashed name.
 */
const chunkByUrl = ({ name, loader, folder, urlLoader, marker, chunk }) => ({
  name,
  resolveId(id, importer) {
    if (id === loader && importer?.includes(folder)) return widgetSource(urlLoader);
    return null;
  },
  transform(code, id) {
    if (!id.endsWith(urlLoader.split('/').pop())) return null;
    const file = readdirSync(BROWSER_DIR).find((f) => chunk.test(f));
    if (file === undefined) this.error(`${chunk} must be built before its loader`);
    return { code: code.replace(`'${marker}'`, JSON.stringify(`./${file}`)), map: null };
  },
});

const browser = [
  {
    // The call chunk: sip.js, the engine, the in-call panel, every string. An ES module the
    // loader imports by URL on first intent.
    input: { 'aipbx-call': widgetSource('element/call-ui.ts') },
    output: { dir: BROWSER_DIR, format: 'es', entryFileNames: '[name]-[hash].js', sourcemap: true },
    plugins: [
      {
        name: 'aipbx-clean-browser-dir',
        buildStart() {
          rmSync(BROWSER_DIR, { recursive: true, force: true });
        },
      },
      ...browserPlugins(),
      manifestWriter,
    ],
  },
  {
    // The softphone chunk: sip.js again (the call button's download stays one chunk), the phone
    // engine, <aipbx-softphone>'s panel and strings. Loaded once a softphone has its server,
    // extension and password.
    input: { 'aipbx-softphone': widgetSource('softphone/softphone-ui.ts') },
    output: { dir: BROWSER_DIR, format: 'es', entryFileNames: '[name]-[hash].js', sourcemap: true },
    plugins: [...browserPlugins(), manifestWriter],
  },
  {
    // What a page loads first: Lit, <aipbx-call>, the mount. A classic script (no type=module).
    input: widgetSource('embed/script-tag.ts'),
    output: { file: `${BROWSER_DIR}/aipbx-widget.js`, format: 'iife', sourcemap: true },
    plugins: [
      chunkByUrl({
        name: 'aipbx-script-tag-loader',
        loader: './engine-loader.js',
        folder: '/element/',
        urlLoader: 'embed/url-engine-loader.ts',
        marker: '__AIPBX_CALL_CHUNK__',
        chunk: /^aipbx-call-.*\.js$/,
      }),
      ...browserPlugins(),
      manifestWriter,
    ],
  },
  {
    // The softphone's script tag: Lit and <aipbx-softphone>, registered, nothing mounted (its
    // password is set from the page's script). A classic script.
    input: widgetSource('embed/softphone-script-tag.ts'),
    output: { file: `${BROWSER_DIR}/aipbx-softphone.js`, format: 'iife', sourcemap: true },
    plugins: [
      chunkByUrl({
        name: 'aipbx-softphone-script-tag-loader',
        loader: './softphone-loader.js',
        folder: '/softphone/',
        urlLoader: 'embed/url-softphone-loader.ts',
        marker: '__AIPBX_SOFTPHONE_CHUNK__',
        chunk: /^aipbx-softphone-.*\.js$/,
      }),
      ...browserPlugins(),
      manifestWriter,
    ],
  },
];

export default [...libraries, ...(!only || only.includes('widget') ? browser : [])];
