/**
 * @packageDocumentation
 * `@aipbx/widget/folder` (Node): writes a site-ready `widget/{id}.js` folder for a widget, so the
 * publishing guide's one-line embed code works as it is.
 */
export {
  type WidgetFolderFile,
  type WidgetFolderOptions,
  type WidgetFolderResult,
  writeWidgetFolder,
} from './write-widget-folder.js';
