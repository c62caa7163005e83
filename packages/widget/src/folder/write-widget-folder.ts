import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createWidget,
  DEFAULT_WIDGET_BASE_URL,
  type Pbx,
  ValidationError,
  type ValidationProblem,
  type Widget,
  widgetEmbedCode,
} from '@aipbx/core';
import { BUILT_IN_CONFIG_MARKER, type EmbedConfig } from '../embed/embed-config.js';

/** Options of {@link writeWidgetFolder}. */
export interface WidgetFolderOptions {
  /** The widget (`createWidget`): its id names the file, its SIP user and assistant are built in. */
  widget: Widget;
  /** The PBX the widget calls: its `wssUrl` is built in. */
  pbx: Pick<Pbx, 'wssUrl'>;
  /** Folder to write into (created if missing). Serve it at `baseUrl`. */
  outDir: string;
  /** Where the folder will be served, for the embed code. Default `https://aipbx.com/widget/`. */
  baseUrl?: string;
  /** STUN/TURN servers built in (real networks need TURN; see the embedding guide). */
  iceServers?: readonly RTCIceServer[];
  /** Button text built in; a page can still override it with `data-label`. */
  label?: string;
  /** Language built in (`en`, `ru`); a page can override it with `data-lang`. */
  lang?: string;
  /** `bottom-right` (default), `bottom-left` or `inline`. */
  placement?: 'bottom-right' | 'bottom-left' | 'inline';
  /** Where the built browser files are; default the package's own `dist/browser`. */
  browserDir?: string;
}

/** One written file. */
export interface WidgetFolderFile {
  /** File name inside `outDir`. */
  name: string;
  /** Subresource Integrity value (`sha384-…`). */
  integrity: string;
  bytes: number;
}

/** What {@link writeWidgetFolder} wrote. */
export interface WidgetFolderResult {
  /** `{id}.js` first, then the chunks it loads. */
  files: WidgetFolderFile[];
  /** The `<script>` tag for the site, with the `{id}.js` file's integrity hash. */
  embedCode: string;
}

function browserFiles(dir: string | undefined): string {
  const candidates =
    dir !== undefined
      ? [dir]
      : [
          // Installed package: dist/folder.js → dist/browser.
          fileURLToPath(new URL('./browser/', import.meta.url)),
          // Workspace source: src/folder → dist/browser.
          fileURLToPath(new URL('../../dist/browser/', import.meta.url)),
        ];
  const found = candidates.find((d) => existsSync(join(d, 'manifest.json')));
  if (found === undefined) {
    throw new ValidationError('widget folder', [
      {
        field: 'browserDir',
        message: `the widget's browser files were not found in ${candidates.join(' or ')}: build the package (npm run build) or pass browserDir`,
      },
    ]);
  }
  return found;
}

/** A `wss://host[:port]/path` URL (a path is required, as in `/ws`) with no credentials, query or fragment. */
function isWssUrl(value: unknown): value is string {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'wss:' &&
      url.hostname !== '' &&
      url.pathname !== '/' &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === '' &&
      !/[?#]/.test(value)
    );
  } catch {
    return false;
  }
}

const sri = (data: Buffer | string): string => `sha384-${createHash('sha384').update(data).digest('base64')}`;

/**
 * Writes a site-ready folder for one widget, so the publishing guide's embed line works as it is:
 * `<script src="https://aipbx.com/widget/{id}.js"></script>`. The folder holds `{id}.js` (the
 * script-tag loader with this widget's PBX, SIP user and assistant built in) and the call chunk
 * it loads on first intent (content-hashed, so it can be cached forever). Several widgets can be
 * written into the same folder; they share the chunk.
 *
 * @throws ValidationError when the widget, the PBX URL or an option is invalid, listing every problem.
 *
 * @example
 * ```ts
 * const { embedCode } = await writeWidgetFolder({
 *   widget: createWidget({ id: 'widget-abc123', name: 'Site', assistant: 'support', sipUri: 'support-webrtc' }),
 *   pbx: { wssUrl: 'wss://pbx.example.com:8089/ws' },
 *   outDir: 'public/widget',
 *   baseUrl: 'https://www.example.com/widget/',
 * });
 * ```
 */
export async function writeWidgetFolder(options: WidgetFolderOptions): Promise<WidgetFolderResult> {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('widget folder', [
      { field: 'options', message: 'expected an object with widget, pbx and outDir' },
    ]);
  }
  const problems: ValidationProblem[] = [];
  let widget: Widget | undefined;
  try {
    widget = createWidget(options.widget);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.problems.map((p) => ({ field: `widget.${p.field}`, message: p.message })));
  }
  const wss = options.pbx?.wssUrl;
  if (!isWssUrl(wss)) {
    problems.push({
      field: 'pbx.wssUrl',
      message: 'pbx.wssUrl must be the PBX’s wss:// URL, such as wss://pbx.example.com:8089/ws',
    });
  }
  if (typeof options.outDir !== 'string' || options.outDir === '') {
    problems.push({ field: 'outDir', message: 'outDir must name the folder to write' });
  }
  if (
    options.placement !== undefined &&
    !['bottom-right', 'bottom-left', 'inline'].includes(options.placement)
  ) {
    problems.push({
      field: 'placement',
      message: "placement must be 'bottom-right', 'bottom-left' or 'inline'",
    });
  }
  if (options.iceServers !== undefined && !Array.isArray(options.iceServers)) {
    problems.push({
      field: 'iceServers',
      message: 'iceServers must be an array like [{ urls: "turn:turn.example.com", username, credential }]',
    });
  }
  for (const field of ['label', 'lang'] as const) {
    const value = options[field];
    if (value !== undefined && typeof value !== 'string') {
      problems.push({ field, message: `${field} must be a string` });
    }
  }
  // Checked before anything is written, so a bad base URL is reported with the rest, not after
  // the files are already on disk.
  const baseUrl = options.baseUrl ?? DEFAULT_WIDGET_BASE_URL;
  try {
    widgetEmbedCode({ id: 'widget' }, { baseUrl });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || widget === undefined) throw new ValidationError('widget folder', problems);

  const source = browserFiles(options.browserDir);
  const manifest = JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8')) as {
    loader: string;
    files: Record<string, { integrity: string }>;
  };
  const config: EmbedConfig = {
    server: wss,
    target: widget.assistant,
    user: widget.sipUri,
    assistantId: widget.assistant,
    ...(options.iceServers === undefined ? {} : { iceServers: JSON.stringify(options.iceServers) }),
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(options.lang === undefined ? {} : { lang: options.lang }),
    placement: options.placement ?? 'bottom-right',
  };
  const loader = await readFile(join(source, manifest.loader), 'utf8');
  const marker = new RegExp(`(["'\`])${BUILT_IN_CONFIG_MARKER}\\1`);
  if (!marker.test(loader))
    throw new Error(`${manifest.loader} has no configuration marker: rebuild the package`);
  const script = loader
    .replace(marker, () => JSON.stringify(JSON.stringify(config)))
    .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

  await mkdir(options.outDir, { recursive: true });
  const name = `${widget.id}.js`;
  await writeFile(join(options.outDir, name), script);
  const files: WidgetFolderFile[] = [{ name, integrity: sri(script), bytes: Buffer.byteLength(script) }];
  // The chunks this loader imports (it names them); the softphone's files are not a widget's.
  const chunks = Object.keys(manifest.files).filter((f) => f !== manifest.loader && loader.includes(f));
  for (const chunk of chunks) {
    await copyFile(join(source, chunk), join(options.outDir, chunk));
    const data = await readFile(join(options.outDir, chunk));
    files.push({ name: chunk, integrity: sri(data), bytes: data.byteLength });
  }
  const embedCode = widgetEmbedCode(widget, { baseUrl, integrity: files[0]?.integrity });
  return { files, embedCode };
}
