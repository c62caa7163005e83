/**
 * The URL of the script tag that is running this bundle, read while it runs (later
 * `document.currentScript` is gone). Chunks load relative to it, so the folder can live anywhere.
 */
export const scriptUrl: string =
  (globalThis.document?.currentScript as HTMLScriptElement | null | undefined)?.src ||
  globalThis.location?.href ||
  '';

/** The `<script>` element itself, for its `data-*` attributes. */
export const scriptElement = globalThis.document?.currentScript as HTMLScriptElement | null | undefined;
