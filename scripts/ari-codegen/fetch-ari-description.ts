/** Downloads Asterisk's ARI description (`/ari/api-docs/*.json`) from a running Asterisk. */
import type {
  AriDescription,
  AriResourceDescription,
  SwaggerApiDeclaration,
  SwaggerResourceListing,
} from './swagger-types.js';

/** The description could not be fetched or is not what Asterisk serves. */
export class AriDescriptionError extends Error {
  override name = 'AriDescriptionError';
}

const TIMEOUT_MS = 10_000;

/** `http://host:8088`, `http://host:8088/` and `http://host:8088/ari` all mean the same ARI. */
function ariBase(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/\/ari$/, '')}/ari`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function getJson(url: string, username: string, password: string): Promise<unknown> {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
    throw new AriDescriptionError(`ARI description: GET ${url} failed: ${cause || String(err)}`);
  }
  const text = await res.text();
  if (!res.ok) {
    const hint =
      res.status === 401
        ? ' (check the ARI user and password)'
        : res.status === 404
          ? ' (is res_ari loaded?)'
          : '';
    throw new AriDescriptionError(
      `ARI description: GET ${url} answered ${res.status} ${res.statusText}${hint}: ${text.slice(0, 200)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AriDescriptionError(`ARI description: GET ${url} did not answer JSON: ${text.slice(0, 200)}`);
  }
}

/** The resource name in a listing path: `/api-docs/deviceStates.{format}` → `deviceStates`. */
function resourceName(path: string): string {
  const match = /^\/api-docs\/([A-Za-z0-9_]+)\.\{format\}$/.exec(path);
  if (!match?.[1]) throw new AriDescriptionError(`ARI description: unexpected resource path ${path}`);
  return match[1];
}

/**
 * Fetches `resources.json`, then every resource file it lists, with Basic auth. `url` is the HTTP
 * address of Asterisk (`http://127.0.0.1:8088`, with or without `/ari`).
 */
export async function fetchAriDescription(
  url: string,
  username: string,
  password: string,
): Promise<AriDescription> {
  const base = ariBase(url);
  const listingUrl = `${base}/api-docs/resources.json`;
  const listing = await getJson(listingUrl, username, password);
  if (!isObject(listing) || !Array.isArray(listing.apis) || typeof listing.apiVersion !== 'string') {
    throw new AriDescriptionError(`ARI description: ${listingUrl} is not a Swagger resource listing`);
  }
  const index = listing as unknown as SwaggerResourceListing;
  const resources = await Promise.all(
    index.apis.map(async (entry): Promise<AriResourceDescription> => {
      const name = resourceName(entry.path);
      const fileUrl = `${base}/api-docs/${name}.json`;
      const declaration = await getJson(fileUrl, username, password);
      if (!isObject(declaration) || !Array.isArray(declaration.apis)) {
        throw new AriDescriptionError(`ARI description: ${fileUrl} is not a Swagger API declaration`);
      }
      return {
        name,
        ...(entry.description === undefined ? {} : { description: entry.description }),
        declaration: declaration as unknown as SwaggerApiDeclaration,
      };
    }),
  );
  return { apiVersion: index.apiVersion, resources };
}

/** Asterisk's version as ARI reports it (`/ari/asterisk/info` → `system.version`, e.g. `22.10.1`). */
export async function fetchAsteriskVersion(url: string, username: string, password: string): Promise<string> {
  const infoUrl = `${ariBase(url)}/asterisk/info?only=system`;
  const info = await getJson(infoUrl, username, password);
  const version = isObject(info) && isObject(info.system) ? info.system.version : undefined;
  if (typeof version !== 'string' || version === '') {
    throw new AriDescriptionError(`ARI description: ${infoUrl} has no system.version`);
  }
  // Upstream version only (`22.10.1+dfsg+~cs6…-1` → `22.10.1`): a distribution rebuild does not
  // change the description.
  return version.replace(/[+~].*$/, '');
}
