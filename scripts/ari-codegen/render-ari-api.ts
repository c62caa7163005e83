/**
 * Turns Asterisk's ARI description (Swagger 1.1) into the TypeScript of
 * `packages/node-ari/src/client/generated/ari-api.ts`: model and event interfaces, parameter
 * interfaces, one interface per resource, `AriApi` and the runtime table `ARI_OPERATIONS`.
 *
 * Pure and deterministic: the same description gives the same text, byte for byte (the integration
 * test compares it with the committed file). Operation, parameter and property order is Asterisk's;
 * models and events are sorted by name. Anything the generator does not understand (an unknown
 * type, a duplicate nickname, a path placeholder without a parameter) throws rather than guessing.
 */
import type {
  AriDescription,
  SwaggerAllowableValues,
  SwaggerModel,
  SwaggerOperation,
  SwaggerParameter,
  SwaggerProperty,
} from './swagger-types.js';

export { fetchAriDescription, fetchAsteriskVersion } from './fetch-ari-description.js';
export type { AriDescription } from './swagger-types.js';

/** What was rendered, for the generator's summary line. */
export interface AriApiSummary {
  /** Resource files in `resources.json`. */
  resources: number;
  /** Resources with REST operations: the keys of `AriApi`. */
  restResources: number;
  /** REST operations: the entries of `ARI_OPERATIONS`. */
  operations: number;
  /** Operations left out because they are WebSockets, as `resource.nickname`. */
  websocketOperations: string[];
  /** Model interfaces other than events and messages. */
  models: number;
  /** Event interfaces (subtypes of `Event`). */
  events: number;
  /** Messages that are no events (subtypes of `Message`, e.g. `MissingParams`). */
  otherMessages: string[];
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

interface Operation {
  resource: string;
  nickname: string;
  method: HttpMethod;
  path: string;
  spec: SwaggerOperation;
  params: SwaggerParameter[];
  /** Name of the parameter interface, when the operation has parameters. */
  paramsType?: string;
  /** Some parameter is required (path parameters always are). */
  paramsRequired: boolean;
  /** Error statuses, ascending (the order a JS object with number keys has anyway). */
  errors: [number, string][];
}

interface Resource {
  name: string;
  typeName: string;
  description?: string;
  operations: Operation[];
}

interface Analysis {
  apiVersion: string;
  resourceCount: number;
  resources: Resource[];
  websocketOperations: string[];
  models: Map<string, SwaggerModel>;
  regularModels: string[];
  eventModels: string[];
  otherMessageModels: string[];
  messageModel: SwaggerModel;
  eventModel: SwaggerModel;
  discriminator: string;
}

/** Code-unit order, independent of the locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(message: string): never {
  throw new Error(`ARI description: ${message}`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

/** A property key as written in TypeScript: bare when an identifier, quoted otherwise. */
function key(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** `deviceStates` → `DeviceStates`, `transfer_progress` → `TransferProgress`. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Analysis: from the description to a checked, ordered model of what to render.

function collectModels(docs: AriDescription): Map<string, SwaggerModel> {
  const models = new Map<string, SwaggerModel>();
  const origin = new Map<string, string>();
  for (const resource of docs.resources) {
    for (const [id, model] of Object.entries(resource.declaration.models ?? {})) {
      if (model.id !== undefined && model.id !== id) {
        fail(`${resource.name}.json: model ${id} says its id is ${model.id}`);
      }
      const known = models.get(id);
      if (known) {
        if (JSON.stringify(known) !== JSON.stringify(model)) {
          fail(`model ${id} is declared differently in ${origin.get(id)}.json and ${resource.name}.json`);
        }
        continue;
      }
      models.set(id, model);
      origin.set(id, resource.name);
    }
  }
  return models;
}

/** Placeholders of a path, in order: `/channels/{channelId}/play/{playbackId}` → channelId, playbackId. */
function placeholders(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

function errorsOf(where: string, spec: SwaggerOperation): [number, string][] {
  const errors = new Map<number, string>();
  for (const error of spec.errorResponses ?? []) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      fail(`${where}: error code ${JSON.stringify(error.code)} is no HTTP status`);
    }
    const known = errors.get(code);
    errors.set(code, known === undefined ? error.reason : `${known} / ${error.reason}`);
  }
  return [...errors].sort((a, b) => a[0] - b[0]);
}

function analyzeOperation(resource: string, path: string, spec: SwaggerOperation): Operation {
  const where = `${resource}.${spec.nickname}`;
  if (!IDENTIFIER.test(spec.nickname)) fail(`${resource}: nickname ${JSON.stringify(spec.nickname)}`);
  const method = spec.httpMethod.toUpperCase();
  if (!HTTP_METHODS.includes(method)) fail(`${where}: HTTP method ${spec.httpMethod}`);
  const params = spec.parameters ?? [];
  const names = new Set<string>();
  for (const param of params) {
    if (names.has(param.name)) fail(`${where}: parameter ${param.name} is declared twice`);
    names.add(param.name);
    if (!['path', 'query', 'body'].includes(param.paramType)) {
      fail(`${where}: parameter ${param.name} has paramType ${param.paramType}`);
    }
  }
  const pathParams = params.filter((p) => p.paramType === 'path').map((p) => p.name);
  const inPath = placeholders(path);
  if ([...pathParams].sort(byName).join() !== [...inPath].sort(byName).join()) {
    fail(`${where}: path ${path} does not match its path parameters (${pathParams.join(', ') || 'none'})`);
  }
  return {
    resource,
    nickname: spec.nickname,
    method: method as HttpMethod,
    path,
    spec,
    params,
    ...(params.length > 0 ? { paramsType: `${pascal(resource)}${pascal(spec.nickname)}Params` } : {}),
    paramsRequired: params.some(isRequired),
    errors: errorsOf(where, spec),
  };
}

function analyze(docs: AriDescription): Analysis {
  const models = collectModels(docs);
  const messageModel = models.get('Message') ?? fail('no Message model (events.json missing?)');
  const eventModel = models.get('Event') ?? fail('no Event model (events.json missing?)');
  const discriminator = messageModel.discriminator ?? 'type';
  const eventModels = [...(eventModel.subTypes ?? [])].sort(byName);
  const otherMessageModels = (messageModel.subTypes ?? []).filter((id) => id !== 'Event').sort(byName);
  for (const id of [...eventModels, ...otherMessageModels]) {
    if (!models.has(id)) fail(`subtype ${id} has no model`);
  }
  const special = new Set(['Message', 'Event', ...eventModels, ...otherMessageModels]);
  const regularModels = [...models.keys()].filter((id) => !special.has(id)).sort(byName);

  const resources: Resource[] = [];
  const websocketOperations: string[] = [];
  const resourceNames = new Set<string>();
  for (const resource of docs.resources) {
    if (!IDENTIFIER.test(resource.name)) fail(`resource name ${JSON.stringify(resource.name)}`);
    if (resourceNames.has(resource.name)) fail(`resource ${resource.name} is listed twice`);
    resourceNames.add(resource.name);
    const operations: Operation[] = [];
    const nicknames = new Set<string>();
    for (const api of resource.declaration.apis) {
      for (const spec of api.operations) {
        if (nicknames.has(spec.nickname)) fail(`${resource.name}: nickname ${spec.nickname} is used twice`);
        nicknames.add(spec.nickname);
        if (spec.upgrade !== undefined) {
          websocketOperations.push(`${resource.name}.${spec.nickname}`);
          continue;
        }
        operations.push(analyzeOperation(resource.name, api.path, spec));
      }
    }
    if (operations.length === 0) continue;
    resources.push({
      name: resource.name,
      typeName: `${pascal(resource.name)}Api`,
      ...(resource.description === undefined ? {} : { description: resource.description }),
      operations,
    });
  }

  const analysis: Analysis = {
    apiVersion: docs.apiVersion,
    resourceCount: docs.resources.length,
    resources,
    websocketOperations,
    models,
    regularModels,
    eventModels,
    otherMessageModels,
    messageModel,
    eventModel,
    discriminator,
  };
  checkNames(analysis);
  return analysis;
}

/** Every exported name must be unique: a model called `ChannelsApi` would silently clash. */
function checkNames(a: Analysis): void {
  const names = new Map<string, string>();
  const claim = (name: string, what: string) => {
    const other = names.get(name);
    if (other !== undefined) fail(`the name ${name} is used by ${other} and by ${what}`);
    names.set(name, what);
  };
  for (const name of ['AriRequestOptions', 'AriOperationSpec']) claim(name, 'an import');
  for (const name of ['AriEventBase', 'AriEvent', 'AriEventType', 'AriEventOf', 'AriMessage', 'AriApi']) {
    claim(name, 'the generator');
  }
  for (const name of ['ARI_EVENT_TYPES', 'ARI_OPERATIONS', 'ARI_DESCRIPTION_VERSION'])
    claim(name, 'the generator');
  for (const id of [...a.regularModels, ...a.eventModels, ...a.otherMessageModels]) claim(id, `model ${id}`);
  for (const resource of a.resources) {
    claim(resource.typeName, `resource ${resource.name}`);
    for (const op of resource.operations) {
      if (op.paramsType) claim(op.paramsType, `${resource.name}.${op.nickname}`);
    }
  }
}

export function summarizeAriDescription(docs: AriDescription): AriApiSummary {
  const a = analyze(docs);
  return {
    resources: a.resourceCount,
    restResources: a.resources.length,
    operations: a.resources.reduce((n, r) => n + r.operations.length, 0),
    websocketOperations: a.websocketOperations,
    models: a.regularModels.length,
    events: a.eventModels.length,
    otherMessages: a.otherMessageModels,
  };
}

// ---------------------------------------------------------------------------------------------
// Types.

function isRequired(param: SwaggerParameter): boolean {
  return param.required === true || param.paramType === 'path';
}

/** Literal union for a LIST of allowable values, or undefined when there is none. */
function literalUnion(kind: 'string' | 'number', allowable?: SwaggerAllowableValues): string | undefined {
  if (allowable?.valueType !== 'LIST' || !allowable.values || allowable.values.length === 0) return undefined;
  if (kind === 'string') return allowable.values.map((v) => quote(String(v))).join(' | ');
  const numbers = allowable.values.map((v) => Number(v));
  if (numbers.some((n) => !Number.isFinite(n))) return undefined;
  return numbers.map(String).join(' | ');
}

/** TypeScript for a Swagger type: a property's `type` or a parameter's `dataType`. */
function typeOf(a: Analysis, type: string, where: string, allowable?: SwaggerAllowableValues): string {
  const list = /^List\[(.+)\]$/.exec(type);
  if (list?.[1]) {
    const element = typeOf(a, list[1], where, allowable);
    return element.includes('|') ? `(${element})[]` : `${element}[]`;
  }
  switch (type) {
    case 'string':
      return literalUnion('string', allowable) ?? 'string';
    case 'int':
    case 'long':
    case 'double':
      return literalUnion('number', allowable) ?? 'number';
    case 'boolean':
      return 'boolean';
    case 'Date':
      return 'string';
    case 'object':
      return 'Record<string, unknown>';
    case 'containers':
      return 'Record<string, string>';
    case 'Message':
      return 'AriMessage';
    case 'Event':
      return 'AriEvent';
  }
  if (a.models.has(type)) return type;
  return fail(`${where}: unknown type ${JSON.stringify(type)}`);
}

function responseType(a: Analysis, op: Operation): string {
  const rc = op.spec.responseClass;
  if (rc === 'void') return 'void';
  if (rc === 'binary') return 'Uint8Array';
  return typeOf(a, rc, `${op.resource}.${op.nickname} responseClass`);
}

// ---------------------------------------------------------------------------------------------
// Text.

/** Description text made safe for a doc comment: no comment end, no accidental TSDoc tag. */
function docSafe(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/@/g, '\\@');
}

/**
 * A doc comment: paragraphs (each may hold line breaks) separated by blank lines, then tags.
 * One short paragraph and no tags give a one-line comment.
 */
function doc(indent: string, paragraphs: (string | undefined)[], tags: string[] = []): string[] {
  const blocks = paragraphs
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) =>
      p
        .trim()
        .split(/\r?\n/)
        .map((line) => line.trimEnd()),
    );
  if (tags.length > 0) blocks.push(tags);
  if (blocks.length === 0) return [];
  const only = blocks.length === 1 && blocks[0]?.length === 1 && tags.length === 0 ? blocks[0][0] : undefined;
  if (only !== undefined) return [`${indent}/** ${only} */`];
  const lines = [`${indent}/**`];
  blocks.forEach((block, i) => {
    if (i > 0) lines.push(`${indent} *`);
    for (const line of block) lines.push(line === '' ? `${indent} *` : `${indent} * ${line}`);
  });
  lines.push(`${indent} */`);
  return lines;
}

function rangeText(allowable?: SwaggerAllowableValues): string | undefined {
  if (allowable?.valueType !== 'RANGE') return undefined;
  const { min, max } = allowable;
  if (min !== undefined && max !== undefined) return `Between ${min} and ${max}.`;
  if (min !== undefined) return `Minimum: ${min}.`;
  if (max !== undefined) return `Maximum: ${max}.`;
  return undefined;
}

function propertyLines(a: Analysis, model: string, name: string, prop: SwaggerProperty): string[] {
  const type = typeOf(a, prop.type, `model ${model} property ${name}`, prop.allowableValues);
  const notes = [
    prop.description === undefined ? undefined : docSafe(prop.description),
    prop.type === 'Date' || prop.type === 'List[Date]'
      ? 'A date and time as ARI sends it (ISO 8601, e.g. `2025-01-31T12:00:00.000+0000`).'
      : undefined,
    rangeText(prop.allowableValues),
  ];
  return [...doc('  ', notes), `  ${key(name)}${prop.required === true ? '' : '?'}: ${type};`];
}

function propertiesOf(a: Analysis, id: string, model: SwaggerModel, skip: ReadonlySet<string>): string[] {
  return Object.entries(model.properties)
    .filter(([name]) => !skip.has(name))
    .flatMap(([name, prop]) => propertyLines(a, id, name, prop));
}

function renderModels(a: Analysis): string[] {
  const out: string[] = [];
  for (const id of a.regularModels) {
    const model = a.models.get(id) as SwaggerModel;
    out.push(
      ...doc('', [model.description === undefined ? undefined : docSafe(model.description)]),
      `export interface ${id} {`,
      ...propertiesOf(a, id, model, new Set()),
      '}',
      '',
    );
  }
  return out;
}

function renderEvents(a: Analysis): string[] {
  const d = a.discriminator;
  const discriminatorProp = a.messageModel.properties[d];
  const out: string[] = [
    `/** What every ARI event carries (Asterisk's \`${a.messageModel.id}\` and \`${a.eventModel.id}\` models). */`,
    'export interface AriEventBase {',
    ...(discriminatorProp ? [] : ['  /** The event type. */', `  ${key(d)}: string;`]),
    ...propertiesOf(a, 'Message', a.messageModel, new Set()),
    ...propertiesOf(a, 'Event', a.eventModel, new Set()),
    '}',
    '',
  ];
  const skip = new Set([d]);
  for (const id of a.eventModels) {
    const model = a.models.get(id) as SwaggerModel;
    out.push(
      ...doc('', [model.description === undefined ? undefined : docSafe(model.description)]),
      `export interface ${id} extends AriEventBase {`,
      `  ${key(d)}: ${quote(id)};`,
      ...propertiesOf(a, id, model, skip),
      '}',
      '',
    );
  }
  for (const id of a.otherMessageModels) {
    const model = a.models.get(id) as SwaggerModel;
    out.push(
      ...doc('', [
        model.description === undefined ? undefined : docSafe(model.description),
        'A message on the events WebSocket that is no event.',
      ]),
      `export interface ${id} {`,
      ...doc('  ', [
        discriminatorProp?.description === undefined ? undefined : docSafe(discriminatorProp.description),
      ]),
      `  ${key(d)}: ${quote(id)};`,
      ...propertiesOf(a, 'Message', a.messageModel, skip),
      ...propertiesOf(a, id, model, skip),
      '}',
      '',
    );
  }
  out.push(
    `/** Every event Asterisk sends an ARI application, told apart by \`${d}\`. */`,
    'export type AriEvent =',
    ...a.eventModels.map((id, i) => `  | ${id}${i === a.eventModels.length - 1 ? ';' : ''}`),
    '',
    '/** The `type` of an ARI event. */',
    "export type AriEventType = AriEvent['type'];",
    '',
    "/** The event whose `type` is `T`, e.g. `AriEventOf<'StasisStart'>`. */",
    'export type AriEventOf<T extends AriEventType> = Extract<AriEvent, { type: T }>;',
    '',
    '/** Anything the events WebSocket sends: an event, or a message that is no event. */',
    `export type AriMessage = ${['AriEvent', ...a.otherMessageModels].join(' | ')};`,
    '',
    '/** The `type` of every ARI event, sorted. */',
    'export const ARI_EVENT_TYPES: readonly AriEventType[] = [',
    ...a.eventModels.map((id) => `  ${quote(id)},`),
    '];',
    '',
  );
  return out;
}

function paramLines(a: Analysis, op: Operation, param: SwaggerParameter): string[] {
  const where = `${op.resource}.${op.nickname} parameter ${param.name}`;
  let type = typeOf(a, param.dataType, where, param.allowableValues);
  if (param.allowMultiple === true) {
    type = `${type} | readonly ${type.includes('|') ? `(${type})` : type}[]`;
  }
  const description = param.description ?? param.descriptioni;
  const notes = [
    description === undefined ? undefined : docSafe(description),
    param.defaultValue === undefined ? undefined : `Default: \`${docSafe(String(param.defaultValue))}\`.`,
    rangeText(param.allowableValues),
    param.allowMultiple === true ? 'Several values are sent comma-separated.' : undefined,
    param.paramType === 'body'
      ? `Sent in the JSON request body, as its \`${docSafe(param.name)}\` key.`
      : undefined,
  ];
  return [...doc('  ', notes), `  ${key(param.name)}${isRequired(param) ? '' : '?'}: ${type};`];
}

function renderParams(a: Analysis): string[] {
  const out: string[] = [];
  for (const resource of a.resources) {
    for (const op of resource.operations) {
      if (!op.paramsType) continue;
      out.push(
        `/** Parameters of {@link ${resource.typeName}.${op.nickname}} (\`${op.method} ${op.path}\`). */`,
        `export interface ${op.paramsType} {`,
        ...op.params.flatMap((param) => paramLines(a, op, param)),
        '}',
        '',
      );
    }
  }
  return out;
}

function methodLines(a: Analysis, op: Operation): string[] {
  const tags: string[] = [];
  if (op.errors.length > 0) {
    tags.push(
      `@throws ${op.errors.map(([code, reason]) => `${code} ${docSafe(reason.replace(/\.$/, ''))}`).join('; ')}`,
    );
  }
  if (op.spec.since && op.spec.since.length > 0) tags.push(`@since ${op.spec.since.join(', ')}`);
  const comment = doc(
    '  ',
    [
      op.spec.summary === undefined ? undefined : docSafe(op.spec.summary),
      op.spec.notes === undefined ? undefined : docSafe(op.spec.notes),
      `\`${op.method} ${op.path}\``,
    ],
    tags,
  );
  const result = `Promise<${responseType(a, op)}>`;
  const name = op.nickname;
  let signature: string;
  if (!op.paramsType) signature = `${name}(options?: AriRequestOptions): ${result};`;
  else if (op.paramsRequired)
    signature = `${name}(params: ${op.paramsType}, options?: AriRequestOptions): ${result};`;
  else signature = `${name}(params?: ${op.paramsType}, options?: AriRequestOptions): ${result};`;
  return [...comment, `  ${signature}`];
}

function renderResources(a: Analysis): string[] {
  const out: string[] = [];
  for (const resource of a.resources) {
    out.push(
      ...doc('', [
        `The \`${resource.name}\` resource${resource.description === undefined ? '' : `: ${docSafe(resource.description)}`}.`,
      ]),
      `export interface ${resource.typeName} {`,
      ...resource.operations.flatMap((op, i) => [...(i > 0 ? [''] : []), ...methodLines(a, op)]),
      '}',
      '',
    );
  }
  const websockets =
    a.websocketOperations.length === 0
      ? undefined
      : `Not here: ${a.websocketOperations.map((w) => `\`${w}\``).join(', ')}, which ${
          a.websocketOperations.length === 1 ? 'is a WebSocket' : 'are WebSockets'
        }, not REST.`;
  out.push(
    ...doc('', ['Every ARI REST resource, by the name of its description file.', websockets]),
    'export interface AriApi {',
    ...a.resources.map((resource) => `  ${resource.name}: ${resource.typeName};`),
    '}',
    '',
  );
  return out;
}

function tableEntry(op: Operation): string[] {
  const head = `method: ${quote(op.method)}, path: ${quote(op.path)}`;
  const errors =
    op.errors.length === 0
      ? undefined
      : `errors: { ${op.errors.map(([code, reason]) => `${code}: ${quote(reason)}`).join(', ')} },`;
  if (op.params.length === 0 && errors === undefined && op.spec.responseClass !== 'binary') {
    return [`    ${op.nickname}: { ${head}, params: [] },`];
  }
  const params = op.params.map((p) => {
    const fields = [`name: ${quote(p.name)}`, `in: ${quote(p.paramType)}`];
    if (isRequired(p)) fields.push('required: true');
    if (p.allowMultiple === true) fields.push('multiple: true');
    return `{ ${fields.join(', ')} }`;
  });
  const paramList =
    params.length <= 1
      ? [`      params: [${params.join('')}],`]
      : ['      params: [', ...params.map((p) => `        ${p},`), '      ],'];
  return [
    `    ${op.nickname}: {`,
    `      ${head},`,
    ...paramList,
    ...(op.spec.responseClass === 'binary' ? ['      binary: true,'] : []),
    ...(errors === undefined ? [] : [`      ${errors}`]),
    '    },',
  ];
}

function renderTable(a: Analysis): string[] {
  return [
    '/**',
    ' * Every ARI REST operation: enough to build its request at run time, with no description download.',
    ' * Keys are those of {@link AriApi}.',
    ' */',
    'export const ARI_OPERATIONS = {',
    ...a.resources.flatMap((resource) => [
      `  ${resource.name}: {`,
      ...resource.operations.flatMap(tableEntry),
      '  },',
    ]),
    '} as const satisfies {',
    '  readonly [R in keyof AriApi]: { readonly [O in keyof AriApi[R]]: AriOperationSpec };',
    '};',
    '',
  ];
}

/**
 * The text of `ari-api.ts` for a description. `meta.asterisk` is the version of the Asterisk it
 * came from (`/ari/asterisk/info` → `system.version`).
 */
export function renderAriApi(docs: AriDescription, meta: { asterisk: string }): string {
  const a = analyze(docs);
  const lines = [
    `// Generated by \`npm run generate:ari\` from the ARI description of Asterisk ${meta.asterisk} (apiVersion ${a.apiVersion}).`,
    '// Do not edit: change scripts/ari-codegen/render-ari-api.ts and run `npm run generate:ari` again.',
    '',
    "import type { AriRequestOptions } from '../../transport/ari-request-options.js';",
    "import type { AriOperationSpec } from '../ari-operation.js';",
    '',
    '// ---- Models ----',
    '',
    ...renderModels(a),
    '// ---- Events ----',
    '',
    ...renderEvents(a),
    '// ---- Parameters ----',
    '',
    ...renderParams(a),
    '// ---- Resources ----',
    '',
    ...renderResources(a),
    '// ---- Runtime table ----',
    '',
    ...renderTable(a),
    '/** The ARI description this file was generated from. */',
    `export const ARI_DESCRIPTION_VERSION = { apiVersion: ${quote(a.apiVersion)}, asterisk: ${quote(meta.asterisk)} } as const;`,
    '',
  ];
  return lines.join('\n');
}
