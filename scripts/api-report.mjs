#!/usr/bin/env node
// The public API of every package, as a report checked into `api/`: for each typed entry of each
// package's exports map, every name the built declaration file (`npm run build` bundles one per
// entry) exports, with its declaration, printed without comments. `npm test` compares the build with the reports and fails on any difference, so
// a change to what users can import is made on purpose: `npm run api:update` rewrites the reports,
// and the diff shows up in review.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('..', import.meta.url).pathname;
const REPORTS = join(ROOT, 'api');
const update = process.argv.includes('--update');

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/**
 * What an entry point exports, one declaration after another in name order, without comments: each
 * exported name with the declaration it stands for, followed through re-exports into the bundler's
 * shared chunks (whose file names and local aliases change from build to build and are left out).
 */
function surface(file) {
  const program = ts.createProgram([file], {
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) return '';
  const exported = checker.getExportsOfModule(module).sort((a, b) => a.name.localeCompare(b.name));
  const blocks = exported.map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = (target.declarations ?? []).map((d) => {
      // A `declare const` is printed whole, not as its bare `name: type`.
      const node = ts.isVariableDeclaration(d) ? d.parent.parent : d;
      return printer.printNode(ts.EmitHint.Unspecified, node, d.getSourceFile()).trim();
    });
    const name =
      target.name === symbol.name || target.name === 'default'
        ? symbol.name
        : `${symbol.name} (${target.name})`;
    return `// ${name}\n${declarations.join('\n')}`;
  });
  return `${blocks.join('\n\n')}\n`;
}

/** `{ "report name": "declaration file" }` for one package, from its exports map. */
function entries(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const name = manifest.name.replace(/^@aipbx\//, '');
  const found = {};
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const types = typeof target === 'object' && target !== null ? target.types : undefined;
    if (typeof types !== 'string') continue;
    const suffix = subpath === '.' ? '' : `.${subpath.replace(/^\.\//, '').replaceAll('/', '-')}`;
    found[`${name}${suffix}.api.d.ts`] = join(dir, types);
  }
  return found;
}

const packages = readdirSync(join(ROOT, 'packages')).sort();
const expected = {};
const missing = [];
for (const pkg of packages) {
  for (const [report, file] of Object.entries(entries(join(ROOT, 'packages', pkg)))) {
    if (!existsSync(file)) missing.push(file);
    else expected[report] = surface(file);
  }
}
if (missing.length > 0) {
  console.error(`Declaration files missing (run npm run build first):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

if (update) {
  rmSync(REPORTS, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });
  for (const [report, text] of Object.entries(expected)) writeFileSync(join(REPORTS, report), text);
  console.log(`api/: ${Object.keys(expected).length} reports written.`);
  process.exit(0);
}

const problems = [];
const committed = existsSync(REPORTS) ? readdirSync(REPORTS).filter((f) => f.endsWith('.api.d.ts')) : [];
for (const report of committed) {
  if (!(report in expected)) problems.push(`${report}: the entry is gone from the packages' exports`);
}
for (const [report, text] of Object.entries(expected)) {
  const path = join(REPORTS, report);
  if (!existsSync(path)) {
    problems.push(`${report}: a new entry point with no report`);
    continue;
  }
  const committedText = readFileSync(path, 'utf8');
  if (committedText === text) continue;
  const before = committedText.split('\n');
  const after = text.split('\n');
  const removed = before.filter((line) => !after.includes(line));
  const added = after.filter((line) => !before.includes(line));
  const sample = [
    ...removed.slice(0, 8).map((l) => `    - ${l}`),
    ...added.slice(0, 8).map((l) => `    + ${l}`),
  ];
  problems.push(
    `${report}: the public API changed\n${sample.length > 0 ? sample.join('\n') : '    (declarations moved or reordered)'}`,
  );
}
if (problems.length > 0) {
  console.error(
    `The public API differs from the reports in api/:\n  ${problems.join('\n  ')}\n` +
      'If the change is meant, run `npm run api:update` and commit api/ with it.',
  );
  process.exit(1);
}
console.log(`api/: the public API matches all ${Object.keys(expected).length} reports.`);
