// Settings arrive from editors and config files as anything at all. This turns them into
// `Settings`, keeping every valid value, replacing each broken one with its default and
// saying which key was wrong and why: a typo in one setting never disables the others.
import { DEFAULT_SETTINGS, LanguageSetting, SECTION, SeverityName, Settings } from './protocol';

const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];
const LANGUAGES: readonly LanguageSetting[] = ['auto', 'en', 'zh-CN'];

export interface NormalisedSettings {
  settings: Settings;
  problems: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function normaliseSettings(raw: unknown, where = SECTION): NormalisedSettings {
  const problems: string[] = [];
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (raw === undefined || raw === null) return { settings: s, problems };
  if (!isRecord(raw)) {
    problems.push(`${where}: expected an object of settings, got ${describe(raw)}`);
    return { settings: s, problems };
  }
  const bad = (key: string, expected: string, got: unknown) => problems.push(`${where}.${key}: expected ${expected}, got ${describe(got)}; using the default`);

  if (raw.language !== undefined) {
    if (LANGUAGES.includes(raw.language as LanguageSetting)) s.language = raw.language as LanguageSetting;
    else bad('language', LANGUAGES.map((l) => `"${l}"`).join(', '), raw.language);
  }
  const diag = raw.diagnostics;
  if (diag !== undefined) {
    if (!isRecord(diag)) bad('diagnostics', 'an object', diag);
    else {
      for (const key of ['misspelled', 'unknown'] as const) {
        const v = diag[key];
        if (v === undefined) continue;
        if (SEVERITIES.includes(v as SeverityName)) s.diagnostics[key] = v as SeverityName;
        else bad(`diagnostics.${key}`, SEVERITIES.map((l) => `"${l}"`).join(', '), v);
      }
      if (diag.comments !== undefined) {
        if (typeof diag.comments === 'boolean') s.diagnostics.comments = diag.comments;
        else bad('diagnostics.comments', 'true or false', diag.comments);
      }
    }
  }
  for (const key of ['ignore', 'catalogs'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) s[key] = v.slice();
    else bad(key, 'a list of strings', v);
  }
  if (raw.maxFileSize !== undefined) {
    const v = raw.maxFileSize;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) s.maxFileSize = v;
    else bad('maxFileSize', 'a number of characters (0 or more)', v);
  }
  const ws = raw.workspace;
  if (ws !== undefined) {
    if (!isRecord(ws)) bad('workspace', 'an object', ws);
    else {
      if (ws.scan !== undefined) {
        if (typeof ws.scan === 'boolean') s.workspace.scan = ws.scan;
        else bad('workspace.scan', 'true or false', ws.scan);
      }
      for (const key of ['include', 'exclude'] as const) {
        const v = ws[key];
        if (v === undefined) continue;
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) s.workspace[key] = v.slice();
        else bad(`workspace.${key}`, 'a list of glob patterns', v);
      }
    }
  }
  return { settings: s, problems };
}

/**
 * Settings written flat, as in `.vscode/settings.json` (`"errorCodes.diagnostics.unknown": "off"`),
 * folded into the nested shape `normaliseSettings` reads. Nested objects under `errorCodes` are merged too.
 */
export function foldFlatSettings(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string[], value: unknown) => {
    let o = out;
    for (const part of path.slice(0, -1)) {
      if (!isRecord(o[part])) o[part] = {};
      o = o[part] as Record<string, unknown>;
    }
    o[path[path.length - 1]] = value;
  };
  for (const [key, value] of Object.entries(flat)) {
    if (key === SECTION && isRecord(value)) {
      for (const [k, v] of Object.entries(value)) set(k.split('.'), v);
    } else if (key.startsWith(`${SECTION}.`)) {
      set(key.slice(SECTION.length + 1).split('.'), value);
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
