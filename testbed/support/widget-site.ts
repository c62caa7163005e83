import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticPage, serveStatic } from './static-server.js';

/** The widget's built browser files (`npm run build`). */
export const WIDGET_BROWSER_DIR = fileURLToPath(
  new URL('../../packages/widget/dist/browser/', import.meta.url),
);

/** The files of a folder as pages under `prefix` (JavaScript and JSON). */
export function folderPages(dir: string, prefix: string): Record<string, StaticPage> {
  if (!existsSync(join(dir, 'manifest.json')) && !readdirSync(dir).some((f) => f.endsWith('.js'))) {
    throw new Error(`no widget files in ${dir}: run \`npm run build\` first`);
  }
  const pages: Record<string, StaticPage> = {};
  for (const f of readdirSync(dir)) {
    const type = f.endsWith('.js')
      ? 'text/javascript'
      : f.endsWith('.json')
        ? 'application/json'
        : 'text/plain';
    pages[`${prefix}${f}`] = { type, body: readFileSync(join(dir, f)) };
  }
  return pages;
}

/** The name of the built call chunk (`aipbx-call-<hash>.js`). */
export function callChunkName(dir = WIDGET_BROWSER_DIR): string {
  const name = existsSync(dir) ? readdirSync(dir).find((f) => /^aipbx-call-.*\.js$/.test(f)) : undefined;
  if (name === undefined)
    throw new Error(`the widget's call chunk is missing from ${dir}: run \`npm run build\` first`);
  return name;
}

/** The name of the built softphone chunk (`aipbx-softphone-<hash>.js`). */
export function softphoneChunkName(dir = WIDGET_BROWSER_DIR): string {
  const name = existsSync(dir) ? readdirSync(dir).find((f) => /^aipbx-softphone-.*\.js$/.test(f)) : undefined;
  if (name === undefined)
    throw new Error(`the widget's softphone chunk is missing from ${dir}: run \`npm run build\` first`);
  return name;
}

/**
 * A static site with the widget's built files under `/widget/` and the given pages: what a
 * customer's site looks like after pasting the script tag.
 */
export function serveWidgetSite(pages: Record<string, StaticPage>, widgetDir = WIDGET_BROWSER_DIR) {
  if (!existsSync(widgetDir)) throw new Error(`${widgetDir} is missing: run \`npm run build\` first`);
  return serveStatic({ ...folderPages(widgetDir, '/widget/'), ...pages });
}

/** An HTML page. */
export function htmlPage(body: string, headers?: Record<string, string>): StaticPage {
  return {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>aipbx widget test</title><body>${body}</body></html>`,
    ...(headers === undefined ? {} : { headers }),
  };
}
