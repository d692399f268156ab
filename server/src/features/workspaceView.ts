// What the Error Codes view shows of a code found in the workspace, in the user's language:
// the service it belongs to (or was meant for), its HTTP status and the first line of its
// message. The workspace scan only counts codes; their text is the catalogs', made here.
import { classify } from '../scan/classify';
import { pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import type { WorkspaceCode, WorkspaceCodes, WorkspaceCodesParams, WorkspaceFamily, WorkspaceService } from '../../../protocol';
import type { ServiceContext } from './context';
import { firstLine } from './explain';

/** What the view shows of a code, the same at every answer while catalogs and language stay. */
export interface WorkspaceCodeMeta {
  service: string;
  serviceName: string;
  /** The family the code belongs to (or was meant for); none for a code of no known family. */
  family?: { prefix: string; name: string };
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
    family: family ? { prefix: family.prefix, name: family.name } : undefined,
    httpStatus: e?.entry.httpStatus,
    message: e ? firstLine(pickText(e.entry.message, locale)?.text ?? '') : undefined,
  };
}

/** A code of the workspace with what the view shows of it. */
export interface CountedCode {
  code: WorkspaceCode;
  meta: WorkspaceCodeMeta;
}

const byCount =
  <T extends { count: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || (key(a) < key(b) ? -1 : 1);

/**
 * The view's groups: services, most used first, each with its codes; a service whose codes
 * belong to several of its families (ECS's `Ecs.` and `Common.`) has them by family too.
 */
export function groupByService(codes: Iterable<CountedCode>): WorkspaceService[] {
  const services = new Map<string, WorkspaceService & { byFamily: Map<string, WorkspaceFamily> }>();
  for (const { code, meta } of codes) {
    let service = services.get(meta.service);
    if (!service)
      services.set(meta.service, (service = { id: meta.service, service: meta.serviceName, count: 0, codes: [], codeCount: 0, byFamily: new Map() }));
    service.codes.push(code);
    service.count += code.count;
    if (!meta.family) continue;
    let family = service.byFamily.get(meta.family.prefix);
    if (!family) service.byFamily.set(meta.family.prefix, (family = { ...meta.family, count: 0, codeCount: 0, codes: [] }));
    family.codes.push(code);
    family.count += code.count;
  }
  const list: WorkspaceService[] = [];
  for (const { byFamily, ...service } of services.values()) {
    service.codes.sort(byCount((c) => c.code));
    service.codeCount = service.codes.length;
    if (byFamily.size > 1) {
      service.families = [...byFamily.values()].sort(byCount((f) => f.prefix));
      for (const f of service.families) {
        f.codes.sort(byCount((c) => c.code));
        f.codeCount = f.codes.length;
      }
    }
    list.push(service);
  }
  return list.sort(byCount((s) => s.id));
}

/** What the view asked for of the whole answer: one service, or every service without its codes. */
export function selectWorkspaceCodes(answer: WorkspaceCodes, params: WorkspaceCodesParams | undefined): WorkspaceCodes {
  if (typeof params?.service === 'string') return { ...answer, services: answer.services.filter((s) => s.id === params.service) };
  if (params?.servicesOnly !== true) return answer;
  return {
    ...answer,
    services: answer.services.map((s) => ({ ...s, codes: [], families: s.families?.map((f) => ({ ...f, codes: [] })) })),
  };
}
