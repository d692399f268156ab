// What the Error Codes view shows of a code found in the workspace, in the user's language:
// the service it belongs to (or was meant for), its HTTP status and the first line of its
// message. The workspace scan only counts codes; their text is the catalogs', made here.
import { classify } from '../scan/classify';
import { pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import type { ServiceContext } from './context';
import { firstLine } from './explain';

/** What the view shows of a code, the same at every answer while catalogs and language stay. */
export interface WorkspaceCodeMeta {
  service: string;
  serviceName: string;
  httpStatus?: number;
  message?: string;
}

export function workspaceCodeMeta(code: string, ctx: ServiceContext | undefined, locale: Locale): WorkspaceCodeMeta {
  const e = ctx?.index.get(code);
  // Unknown and misspelled codes go with the family they belong to, or were meant for.
  const family = e?.family ?? (ctx ? classify(ctx.index, code, true)?.family : undefined);
  const owner = e?.catalog ?? family?.catalog;
  const id = owner?.catalog.id ?? 'other';
  return {
    service: id,
    serviceName: owner ? (pickText(owner.catalog.service, locale)?.text ?? id) : id,
    httpStatus: e?.entry.httpStatus,
    message: e ? firstLine(pickText(e.entry.message, locale)?.text ?? '') : undefined,
  };
}
