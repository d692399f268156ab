// Which bundled catalogs are in force: `errorCodes.services` names the services a project
// uses. Absent or empty, every bundled catalog is on. An id that names none is reported with
// the closest ids, and never turns everything off: a list of only such ids leaves all on.
import { osaDistance } from '../shapes/distance';

export interface ServicesChoice {
  /** The bundled catalogs' ids in force, in bundle order. */
  on: string[];
  /** The bundled catalogs' ids left out, in bundle order. */
  off: string[];
  /** Why these are on, in words (for `error-codes config` and the configuration page). */
  reason: string;
  /** What the setting says that names no bundled catalog: one line each, naming the setting and the id. */
  problems: string[];
}

const SETTING = 'errorCodes.services';
/** How many close ids a problem names. */
const MAX_CLOSEST = 3;
/** An id longer than this is not compared letter by letter (the distance is quadratic). */
const MAX_COMPARED = 64;

/** The ids among `known` that `wanted` most resembles, closest first. */
function closestIds(wanted: string, known: readonly string[]): string[] {
  const w = wanted.toLowerCase().slice(0, MAX_COMPARED);
  const max = Math.max(2, Math.floor(w.length / 3));
  const scored: { id: string; d: number }[] = [];
  for (const id of known) {
    // `ecs` for `ecs-x`, or the service's id inside a longer word (`cloud-ecs`): as close as one edit.
    const d = id.includes(w) || (id.length >= 3 && w.includes(id)) ? 1 : osaDistance(w, id, max);
    if (d <= max) scored.push({ id, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, MAX_CLOSEST).map((s) => s.id);
}

export function chooseServices(bundled: readonly string[], wanted: readonly string[]): ServicesChoice {
  const ids = [...new Set(wanted.map((w) => w.trim().toLowerCase()).filter((w) => w !== ''))];
  if (ids.length === 0) return { on: [...bundled], off: [], reason: `every bundled catalog (${SETTING} is not set)`, problems: [] };
  const known = new Set(bundled);
  const problems: string[] = [];
  for (const id of ids) {
    if (known.has(id)) continue;
    const closest = closestIds(id, bundled);
    problems.push(
      `${SETTING}: ${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)} names no bundled catalog` +
        (closest.length ? ` (closest: ${closest.join(', ')})` : ` (the bundled ones: ${listed(bundled)})`),
    );
  }
  const chosen = new Set(ids.filter((id) => known.has(id)));
  if (chosen.size === 0) {
    problems.push(`${SETTING} names none of the bundled catalogs: every bundled catalog stays on`);
    return { on: [...bundled], off: [], reason: `every bundled catalog (${SETTING} names none of them)`, problems };
  }
  return {
    on: bundled.filter((id) => chosen.has(id)),
    off: bundled.filter((id) => !chosen.has(id)),
    reason: `the ones ${SETTING} names`,
    problems,
  };
}

/** A list of ids short enough for one line. */
function listed(ids: readonly string[]): string {
  return ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
}
