// Settings arrive from editors and config files as anything at all. This turns them into
// `Settings`, keeping every valid value, replacing each broken one with its default and
// saying which key was wrong and why: a typo in one setting never disables the others.
import { isPrototypeKey, ownValue } from './catalog/guards';
import { DEFAULT_SETTINGS, LanguageSetting, SECTION, SeverityName, Settings } from '../../protocol';

const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];
const LANGUAGES: readonly LanguageSetting[] = ['auto', 'en', 'zh-CN'];

interface NormalisedSettings {
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
  // Each reader takes a value if it is of the right kind, and otherwise says which key was wrong.
  const oneOf = <T extends string>(key: string, value: unknown, choices: readonly T[], set: (v: T) => void) => {
    if (value === undefined) return;
    if (choices.includes(value as T)) set(value as T);
    else bad(key, choices.map((c) => `"${c}"`).join(', '), value);
  };
  const flag = (key: string, value: unknown, set: (v: boolean) => void) => {
    if (value === undefined) return;
    if (typeof value === 'boolean') set(value);
    else bad(key, 'true or false', value);
  };
  const strings = (key: string, value: unknown, what: string, set: (v: string[]) => void) => {
    if (value === undefined) return;
    if (Array.isArray(value) && value.every((x) => typeof x === 'string')) set(value.slice());
    else bad(key, what, value);
  };
  const section = (key: string, value: unknown): Record<string, unknown> | undefined => {
    if (value === undefined) return undefined;
    if (isRecord(value)) return value;
    bad(key, 'an object', value);
    return undefined;
  };

  oneOf('language', ownValue(raw, 'language'), LANGUAGES, (v) => {
    s.language = v;
  });
  const diag = section('diagnostics', ownValue(raw, 'diagnostics'));
  if (diag) {
    oneOf('diagnostics.misspelled', ownValue(diag, 'misspelled'), SEVERITIES, (v) => {
      s.diagnostics.misspelled = v;
    });
    oneOf('diagnostics.unknown', ownValue(diag, 'unknown'), SEVERITIES, (v) => {
      s.diagnostics.unknown = v;
    });
    flag('diagnostics.comments', ownValue(diag, 'comments'), (v) => {
      s.diagnostics.comments = v;
    });
  }
  strings('ignore', ownValue(raw, 'ignore'), 'a list of strings', (v) => {
    s.ignore = v;
  });
  strings('catalogs', ownValue(raw, 'catalogs'), 'a list of strings', (v) => {
    s.catalogs = v;
  });
  strings('services', ownValue(raw, 'services'), 'a list of bundled catalog ids', (v) => {
    s.services = v;
  });
  const v = ownValue(raw, 'maxFileSize');
  if (v !== undefined) {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) s.maxFileSize = v;
    else bad('maxFileSize', 'a number of characters (0 or more)', v);
  }
  const ws = section('workspace', ownValue(raw, 'workspace'));
  if (ws) {
    flag('workspace.scan', ownValue(ws, 'scan'), (v) => {
      s.workspace.scan = v;
    });
    strings('workspace.include', ownValue(ws, 'include'), 'a list of glob patterns', (v) => {
      s.workspace.include = v;
    });
    strings('workspace.exclude', ownValue(ws, 'exclude'), 'a list of glob patterns', (v) => {
      s.workspace.exclude = v;
    });
  }
  return { settings: s, problems };
}

/**
 * Settings written flat, as in `.vscode/settings.json` (`"errorCodes.diagnostics.unknown": "off"`),
 * folded into the nested shape `normaliseSettings` reads. Nested objects under `errorCodes` are merged too.
 * A key with a part such as `__proto__` is left out and named in `problems` (prefixed with `where`,
 * the file): folded, `errorCodes.__proto__.x` would give every object of the process an `x`.
 */
export function foldFlatSettings(flat: Record<string, unknown>, problems: string[] = [], where = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    const path = key.slice(SECTION.length + 1).split('.');
    const bad = path.find(isPrototypeKey);
    if (bad !== undefined) {
      problems.push(`${where ? `${where}: ` : ''}${JSON.stringify(key)}: "${bad}" is not a setting (it names the prototype of every object); ignored`);
      return;
    }
    let o = out;
    for (const part of path.slice(0, -1)) {
      const next = ownValue(o, part);
      if (!isRecord(next)) o[part] = {};
      o = o[part] as Record<string, unknown>;
    }
    o[path[path.length - 1]] = value;
  };
  for (const [key, value] of Object.entries(flat)) {
    if (key === SECTION && isRecord(value)) {
      for (const [k, v] of Object.entries(value)) set(`${SECTION}.${k}`, v);
    } else if (key.startsWith(`${SECTION}.`)) {
      set(key, value);
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
