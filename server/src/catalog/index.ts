// The in-memory index every feature reads: code → entry, family → codes, and the family
// prefixes the scanner compares candidates against. Built once per set of catalogs.
import type { Catalog, Entry, Locale, LocalizedText } from './types';
import { type FamilyKind, type FamilyShape, fitsFamily, parseFamilyPattern, recognisedAnywhere } from './family';

export interface LoadedCatalog {
  catalog: Catalog;
  /** Where the catalog came from, as a user would recognise it: `bundled` or a file path. */
  origin: string;
}

export interface FamilyInfo {
  /** The literal prefix with its trailing separator, `SVCSTG.SWR.`. */
  prefix: string;
  /** The prefix without its trailing separator and upper-cased, for near-miss comparison. */
  stem: string;
  minDigits: number;
  maxDigits: number;
  /** `digits` (a prefix, then digits: recognised anywhere), `number` or `name` (recognised only in code fields). */
  kind: FamilyKind;
  name: string;
  catalog: LoadedCatalog;
  /** The family's codes, sorted by code. */
  codes: IndexedEntry[];
}

export interface IndexedEntry {
  entry: Entry;
  family: FamilyInfo;
  catalog: LoadedCatalog;
  /** The digits after the prefix. */
  number: string;
  /** Every catalog that defines this code, the one in force first. */
  definedIn: LoadedCatalog[];
}

/**
 * At most this many families are in force, all catalogs together (the bundled ones have four).
 * Each family's prefix is looked for in every byte of a log and compared with every near miss,
 * so the count is what a catalog could make matching slow with: 20,000 families made a scan of
 * a 22 MB log take minutes. Families past it are not used, and the catalog is told so.
 */
export const MAX_FAMILIES = 128;
/** Codes outside every family are named one by one up to this many per catalog, then counted. */
const MAX_NAMED_STRAYS = 5;

export class CatalogIndex {
  /** The families whose codes are recognised anywhere by their shape (a prefix, then digits), longest prefix first. */
  readonly families: FamilyInfo[] = [];
  /**
   * Bare-number and name families, each its catalog's own (two services' bare numbers are not one
   * family): recognised only in a response body's code field or a comparison with one.
   */
  readonly fieldFamilies: FamilyInfo[] = [];
  readonly catalogs: LoadedCatalog[];
  /** Problems met while indexing (a bad family pattern, a code outside every family). */
  readonly problems: string[] = [];
  private readonly byCode = new Map<string, IndexedEntry>();
  private readonly byUpper = new Map<string, IndexedEntry>();
  private readonly familyByPrefixMap = new Map<string, FamilyInfo>();
  private readonly familyByUpperPrefix = new Map<string, FamilyInfo>();
  /** Each family's prefix and codes upper-cased, in the order of `codes` (for withPrefix, without a new string per code per call). */
  private readonly upper = new Map<FamilyInfo, { prefix: string; codes: string[] }>();

  /** Later catalogs override earlier ones code by code; each entry remembers every catalog that defines it. */
  constructor(catalogs: LoadedCatalog[]) {
    this.catalogs = catalogs;
    for (const loaded of catalogs) {
      let over = 0;
      for (const fam of loaded.catalog.families) {
        const shape = parseFamilyPattern(fam.pattern);
        if (typeof shape === 'string') {
          this.problems.push(`${loaded.origin}: ${shape}`);
          continue;
        }
        if (!recognisedAnywhere(shape)) {
          if (this.fieldFamilies.length >= MAX_FAMILIES) over++;
          else this.fieldFamilies.push(this.familyInfo(shape, fam.name, loaded));
          continue;
        }
        const existing = this.familyByPrefixMap.get(shape.prefix);
        if (existing) {
          // A user catalog adding codes to a bundled family: one family, widened if need be.
          existing.minDigits = Math.min(existing.minDigits, shape.minDigits);
          existing.maxDigits = Math.max(existing.maxDigits, shape.maxDigits);
          continue;
        }
        if (this.families.length >= MAX_FAMILIES) {
          over++;
          continue;
        }
        const info = this.familyInfo(shape, fam.name, loaded);
        this.families.push(info);
        this.familyByPrefixMap.set(info.prefix, info);
        // Prefixes that differ only in case (`EndPoint.`, `Endpoint.`): the first keeps the case-blind key.
        if (!this.familyByUpperPrefix.has(info.prefix.toUpperCase())) this.familyByUpperPrefix.set(info.prefix.toUpperCase(), info);
      }
      if (over)
        this.problems.push(
          `${loaded.origin}: ${over} ${over === 1 ? 'family is' : 'families are'} not used, nor their codes: at most ${MAX_FAMILIES} families of each kind are in force, all catalogs together`,
        );
    }
    this.families.sort((a, b) => b.prefix.length - a.prefix.length);
    for (const loaded of catalogs) {
      let strays = 0;
      const own = this.fieldFamilies.filter((f) => f.catalog === loaded);
      for (const entry of loaded.catalog.codes) {
        const family = this.familyOfCode(entry.code) ?? own.find((f) => fitsField(entry.code, f));
        if (!family) {
          // A catalog of 20,000 codes outside its families is a few lines of problems, not 20,000.
          if (++strays <= MAX_NAMED_STRAYS) this.problems.push(`${loaded.origin}: ${entry.code} matches none of the catalog's families`);
          continue;
        }
        const previous = this.byCode.get(entry.code);
        const indexed: IndexedEntry = {
          entry,
          family,
          catalog: loaded,
          number: entry.code.slice(family.prefix.length),
          definedIn: previous ? [loaded, ...previous.definedIn] : [loaded],
        };
        if (previous) family.codes.splice(family.codes.indexOf(previous), 1);
        family.codes.push(indexed);
        this.byCode.set(entry.code, indexed);
        this.byUpper.set(entry.code.toUpperCase(), indexed);
      }
      if (strays > MAX_NAMED_STRAYS) this.problems.push(`${loaded.origin}: ${strays - MAX_NAMED_STRAYS} more codes match none of the families in force`);
    }
    for (const family of [...this.families, ...this.fieldFamilies]) family.codes.sort((a, b) => (a.entry.code < b.entry.code ? -1 : 1));
    for (const family of this.families)
      this.upper.set(family, { prefix: family.prefix.toUpperCase(), codes: family.codes.map((e) => e.entry.code.toUpperCase()) });
  }

  private familyInfo(shape: FamilyShape, name: string, catalog: LoadedCatalog): FamilyInfo {
    return {
      prefix: shape.prefix,
      stem: shape.prefix.replace(/[.\-_]$/, '').toUpperCase(),
      minDigits: shape.minDigits,
      maxDigits: shape.maxDigits,
      kind: shape.kind ?? 'digits',
      name,
      catalog,
      codes: [],
    };
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): IndexedEntry | undefined {
    return this.byCode.get(code);
  }

  /** The entry whose code equals this one ignoring case. */
  getIgnoreCase(code: string): IndexedEntry | undefined {
    return this.byUpper.get(code.toUpperCase());
  }

  /** The family whose exact prefix starts this code and is followed by digits only (digit count unchecked). */
  familyOfCode(code: string): FamilyInfo | undefined {
    // Longest prefix first (the list is sorted so), so `A.B.` wins over `A.`.
    for (const family of this.families) {
      if (code.length > family.prefix.length && code.startsWith(family.prefix) && isDigits(code, family.prefix.length)) return family;
    }
    return undefined;
  }

  familyByPrefix(prefix: string): FamilyInfo | undefined {
    return this.familyByPrefixMap.get(prefix);
  }

  familyByPrefixIgnoreCase(prefix: string): FamilyInfo | undefined {
    return this.familyByUpperPrefix.get(prefix.toUpperCase());
  }

  /** Codes that start with `text`, ignoring case, in code order within each family; at most `limit` of them. */
  withPrefix(text: string, limit = Infinity): IndexedEntry[] {
    const upper = text.toUpperCase();
    const out: IndexedEntry[] = [];
    for (const family of this.families) {
      if (out.length >= limit) break;
      const u = this.upper.get(family)!;
      if (u.prefix.startsWith(upper)) out.push(...family.codes.slice(0, limit - out.length));
      else if (upper.startsWith(u.prefix))
        for (let i = 0; i < u.codes.length && out.length < limit; i++) if (u.codes[i].startsWith(upper)) out.push(family.codes[i]);
    }
    return out;
  }

  /** Does any code start with `text`, ignoring case? (`withPrefix(text).length > 0`, without the list.) */
  hasPrefix(text: string): boolean {
    const upper = text.toUpperCase();
    for (const family of this.families) {
      const u = this.upper.get(family)!;
      if (u.prefix.startsWith(upper)) {
        if (family.codes.length > 0) return true;
      } else if (upper.startsWith(u.prefix)) {
        for (const c of u.codes) if (c.startsWith(upper)) return true;
      }
    }
    return false;
  }

  *entries(): Iterable<IndexedEntry> {
    yield* this.byCode.values();
  }
}

/** A code of a bare-number or name family: of its shape, and a number of as many digits as the family's. */
function fitsField(code: string, family: FamilyInfo): boolean {
  if (!fitsFamily(code, family)) return false;
  const digits = code.length - family.prefix.length;
  return family.kind === 'name' || (digits >= family.minDigits && digits <= family.maxDigits);
}

function isDigits(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The text in the wanted locale, else in any locale the catalog has; with the locale used. */
export function pickText(text: LocalizedText | undefined, locale: Locale): { text: string; locale: Locale } | undefined {
  if (!text) return undefined;
  const wanted = text[locale];
  if (wanted !== undefined && wanted !== '') return { text: wanted, locale };
  for (const other of Object.keys(text) as Locale[]) {
    const t = text[other];
    if (t !== undefined && t !== '') return { text: t, locale: other };
  }
  return undefined;
}
