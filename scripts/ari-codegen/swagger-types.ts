/**
 * The shapes of Asterisk's ARI description (Swagger 1.1; `events.json` says 1.2) as Asterisk writes
 * it, limited to what the generator reads. Fields are optional where Asterisk leaves them out on
 * some entries (e.g. `required` on the endpoints' path parameters).
 */

/** `LIST` enumerates the accepted values; `RANGE` bounds a number. */
export interface SwaggerAllowableValues {
  valueType: 'LIST' | 'RANGE' | string;
  values?: (string | number | boolean)[];
  min?: number;
  max?: number;
}

export interface SwaggerParameter {
  name: string;
  paramType: 'path' | 'query' | 'body' | string;
  /** `string`, `int`, `long`, `double`, `boolean`, `containers` (string map) or `object`. */
  dataType: string;
  required?: boolean;
  allowMultiple?: boolean;
  allowableValues?: SwaggerAllowableValues;
  defaultValue?: string | number | boolean;
  description?: string;
  /** Asterisk's own misspelling of `description` on a few parameters (endpoints' `variables`). */
  descriptioni?: string;
}

export interface SwaggerErrorResponse {
  /** A number, though Asterisk writes a string on a few operations (channels' `move`). */
  code: number | string;
  reason: string;
}

export interface SwaggerOperation {
  httpMethod: string;
  nickname: string;
  summary?: string;
  notes?: string;
  since?: string[];
  /** `void`, a model name, `List[Model]`, `binary`, or `Message` for the events WebSocket. */
  responseClass: string;
  parameters?: SwaggerParameter[];
  errorResponses?: SwaggerErrorResponse[];
  /** `websocket` on the events WebSocket, which is no REST call. */
  upgrade?: string;
  websocketProtocol?: string;
}

export interface SwaggerApi {
  path: string;
  description?: string;
  operations: SwaggerOperation[];
}

export interface SwaggerProperty {
  /** `string`, `int`, `long`, `double`, `boolean`, `Date`, `object`, `List[X]` or a model name. */
  type: string;
  required?: boolean;
  description?: string;
  allowableValues?: SwaggerAllowableValues;
}

export interface SwaggerModel {
  id: string;
  description?: string;
  properties: Record<string, SwaggerProperty>;
  subTypes?: string[];
  discriminator?: string;
}

/** One resource file, e.g. `/ari/api-docs/channels.json`. */
export interface SwaggerApiDeclaration {
  apiVersion: string;
  swaggerVersion: string;
  /** Holds the address the description was fetched from: never rendered. */
  basePath?: string;
  resourcePath?: string;
  since?: string[];
  requiresModules?: string[];
  apis: SwaggerApi[];
  models?: Record<string, SwaggerModel>;
}

/** `/ari/api-docs/resources.json`: the index of the resource files. */
export interface SwaggerResourceListing {
  apiVersion: string;
  swaggerVersion: string;
  basePath?: string;
  apis: { path: string; description?: string }[];
}

/** One resource of the description: its name (the file name, e.g. `deviceStates`) and its file. */
export interface AriResourceDescription {
  name: string;
  description?: string;
  declaration: SwaggerApiDeclaration;
}

/** The whole ARI description, resources in the order of `resources.json`. */
export interface AriDescription {
  apiVersion: string;
  resources: AriResourceDescription[];
}
