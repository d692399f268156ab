// What every feature needs besides the document: the catalogs, the settings in force for
// the document, and the editor's display language (for `errorCodes.language: auto`).
import type { CatalogIndex } from '../catalog/index';
import type { Locale } from '../catalog/types';
import type { Settings } from '../../../protocol';
import { resolveLocale } from './text';

export interface ServiceContext {
  index: CatalogIndex;
  settings: Settings;
  displayLanguage?: string;
}

export function localeOf(ctx: ServiceContext): Locale {
  return resolveLocale(ctx.settings.language, ctx.displayLanguage);
}
