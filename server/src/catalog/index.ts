// The in-memory index every feature reads: code → entry, family → codes, and the family
// prefixes the scanner compares candidates against. Built once per set of catalogs.
import type { Catalog, Entry, Locale, LocalizedText } from './types';
import { type FamilyKind, type FamilyShape, fitsFamily, parseFamilyPattern, recognisedAnywhere } from './family';

export interface LoadedCatalog {
  catalog: Catalog;
  /** Where the catalog came from, as a user would recognise it: `bundled` or a file path. */
  origin: string;
}

/** The origin of the catalogs shipped with the extension. */
export const BUNDLED = 'bundled';

/** A digit count a catalog declares for a family, as a range (`[0-9]{4}` is 4..4). */
export interface Width {
  min: number;
  max: number;
}

export interface FamilyInfo {
  /** The literal prefix with its trailing separator, `SVCSTG.SWR.`. */
  prefix: string;
  /** The prefix without its trailing separator and upper-cased, for near-miss comparison. */
  stem: string;
  /** The fewest and most digits of every width below. */
  minDigits: number;
  maxDigits: number;
  /**
   * The digit counts the catalogs declare: `DBS.` has 6 digits in one database service's
   * catalog and 8 in another's, which is not a family of 7-digit codes.
   */
  widths: Width[];
  /** `digits` (a prefix, then digits: recognised anywhere), `number` or `name` (recognised only in code fields). */
  kind: FamilyKind;
  name: string;
  /** The first catalog that declares the family. */
  catalog: LoadedCatalog;
  /** Every catalog that declares it, in load order: `VPC.` is the VPC service's and the load balancers'. */
  catalogs: LoadedCatalog[];
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
  /**
   * The same code as other bundled catalogs document it, in load order: two services answer
   * with `VPC.0101`, and neither page overrides the other. Empty for all but such codes; a
   * user's catalog still overrides every bundled text of a code.
   */
  peers: readonly IndexedEntry[];
}

/** The peers of nearly every code: one shared empty list, not thousands. */
const NO_PEERS: readonly IndexedEntry[] = Object.freeze([]);

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
  /**
   * Codes by their upper-cased text; a key two codes share (`EndPoint.0004`, `Endpoint.0004`) holds both.
   * Made at the first look-up that ignores case: upper-casing 8,000 codes is start-up time
   * that `explain CODE` and the first hover of a code written right never need.
   */
  private byUpperMap: Map<string, IndexedEntry | IndexedEntry[]> | undefined;
  private readonly familyByPrefixMap = new Map<string, FamilyInfo>();
  /** The lengths of the digits families' prefixes, longest first: familyOfCode tries each with one map look-up. */
  private readonly prefixLengths: number[] = [];
  /** Families by upper-cased prefix; `EndPoint.` and `Endpoint.` are two families under one key. */
  private readonly familyByUpperPrefix = new Map<string, FamilyInfo[]>();
  /**
   * Each family's codes upper-cased, in the order of `codes` (for withPrefix, without a new
   * string per code per call); made for a family the first time a prefix reaches into it.
   */
  private readonly upperCodes = new Map<FamilyInfo, string[]>();
  private readonly upperPrefix = new Map<FamilyInfo, string>();

  /**
   * Later catalogs override earlier ones code by code, except that a bundled catalog never
   * overrides another (two services documenting one code are both right); each entry
   * remembers every catalog that defines it.
   */
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
          // Another service's codes of the same shape, or a user catalog adding codes to a bundled family: one family, widened if need be.
          existing.minDigits = Math.min(existing.minDigits, shape.minDigits);
          existing.maxDigits = Math.max(existing.maxDigits, shape.maxDigits);
          if (!existing.widths.some((w) => w.min === shape.minDigits && w.max === shape.maxDigits))
            existing.widths.push({ min: shape.minDigits, max: shape.maxDigits });
          if (!existing.catalogs.includes(loaded)) existing.catalogs.push(loaded);
          continue;
        }
        if (this.families.length >= MAX_FAMILIES) {
          over++;
          continue;
        }
        const info = this.familyInfo(shape, fam.name, loaded);
        this.families.push(info);
        this.familyByPrefixMap.set(info.prefix, info);
        const key = info.prefix.toUpperCase();
        const same = this.familyByUpperPrefix.get(key);
        if (same) same.push(info);
        else this.familyByUpperPrefix.set(key, [info]);
      }
      if (over)
        this.problems.push(
          `${loaded.origin}: ${over} ${over === 1 ? 'family is' : 'families are'} not used, nor their codes: at most ${MAX_FAMILIES} families of each kind are in force, all catalogs together`,
        );
    }
    this.families.sort((a, b) => b.prefix.length - a.prefix.length);
    for (const family of this.families) {
      if (!this.prefixLengths.includes(family.prefix.length)) this.prefixLengths.push(family.prefix.length);
      this.upperPrefix.set(family, family.prefix.toUpperCase());
    }
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
          peers: NO_PEERS,
        };
        if (previous && loaded.origin === BUNDLED && previous.catalog.origin === BUNDLED) {
          // The entry first read stays the one `get` gives; this one is shown beside it.
          previous.definedIn.push(loaded);
          indexed.definedIn = previous.definedIn;
          previous.peers = [...previous.peers, indexed];
          // A bare number of two services is in each one's own family (the dotted family is one object).
          if (family !== previous.family) family.codes.push(indexed);
          continue;
        }
        if (previous) {
          const stale = previous.family.codes;
          stale.splice(stale.indexOf(previous), 1);
          for (const peer of previous.peers) if (peer.family !== previous.family) peer.family.codes.splice(peer.family.codes.indexOf(peer), 1);
        }
        family.codes.push(indexed);
        // Set on a code already held keeps its place in the map: the case-blind map, made from this one's order later, lists an overriding entry where the overridden one was.
        this.byCode.set(entry.code, indexed);
      }
      if (strays > MAX_NAMED_STRAYS) this.problems.push(`${loaded.origin}: ${strays - MAX_NAMED_STRAYS} more codes match none of the families in force`);
    }
    for (const family of [...this.families, ...this.fieldFamilies]) family.codes.sort((a, b) => (a.entry.code < b.entry.code ? -1 : 1));
  }

  /** The case-blind map, in the order codes were first defined. */
  private get byUpper(): Map<string, IndexedEntry | IndexedEntry[]> {
    if (this.byUpperMap) return this.byUpperMap;
    const map = new Map<string, IndexedEntry | IndexedEntry[]>();
    for (const [code, entry] of this.byCode) {
      const key = code.toUpperCase();
      const held = map.get(key);
      if (held === undefined) map.set(key, entry);
      else if (Array.isArray(held)) held.push(entry);
      else map.set(key, [held, entry]);
    }
    this.byUpperMap = map;
    return map;
  }

  /**
   * Makes now what the index otherwise makes at its first case-blind look-up (the codes
   * upper-cased): a server calls it when idle after loading, so no keystroke pays for it.
   */
  warm(): void {
    void this.byUpper;
    for (const family of this.families) this.upperCodesOf(family);
  }

  /** A digits family's codes upper-cased, in the order of its `codes`. */
  private upperCodesOf(family: FamilyInfo): string[] {
    let codes = this.upperCodes.get(family);
    if (!codes) this.upperCodes.set(family, (codes = family.codes.map((e) => e.entry.code.toUpperCase())));
    return codes;
  }

  private familyInfo(shape: FamilyShape, name: string, catalog: LoadedCatalog): FamilyInfo {
    return {
      prefix: shape.prefix,
      stem: shape.prefix.replace(/[.\-_]$/, '').toUpperCase(),
      minDigits: shape.minDigits,
      maxDigits: shape.maxDigits,
      widths: [{ min: shape.minDigits, max: shape.maxDigits }],
      kind: shape.kind ?? 'digits',
      name,
      catalog,
      catalogs: [catalog],
      codes: [],
    };
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): IndexedEntry | undefined {
    return this.byCode.get(code);
  }

  /** The entry whose code equals this one ignoring case (the first of several: see `allIgnoreCase`). */
  getIgnoreCase(code: string): IndexedEntry | undefined {
    const held = this.byUpper.get(code.toUpperCase());
    return Array.isArray(held) ? held[0] : held;
  }

  /** Every entry whose code equals this one ignoring case: `EndPoint.0004` and `Endpoint.0004` are two codes. */
  allIgnoreCase(code: string): readonly IndexedEntry[] {
    const held = this.byUpper.get(code.toUpperCase());
    return held === undefined ? [] : Array.isArray(held) ? held : [held];
  }

  /** The family whose exact prefix starts this code and is followed by digits only (digit count unchecked). */
  familyOfCode(code: string): FamilyInfo | undefined {
    // Longest prefix first, so `A.B.` wins over `A.`: one map look-up per prefix length, not a
    // compare with each of 70 families (this runs for every code of every catalog at start-up).
    for (const length of this.prefixLengths) {
      if (code.length <= length || !isDigits(code, length)) continue;
      const family = this.familyByPrefixMap.get(code.slice(0, length));
      if (family) return family;
    }
    return undefined;
  }

  familyByPrefix(prefix: string): FamilyInfo | undefined {
    return this.familyByPrefixMap.get(prefix);
  }

  /** The families whose prefix equals this one ignoring case, in load order (`EndPoint.` and `Endpoint.` are two). */
  familiesByPrefixIgnoreCase(prefix: string): readonly FamilyInfo[] {
    return this.familyByUpperPrefix.get(prefix.toUpperCase()) ?? [];
  }

  /** Codes that start with `text`, ignoring case, in code order within each family; at most `limit` of them. */
  withPrefix(text: string, limit = Infinity): IndexedEntry[] {
    const upper = text.toUpperCase();
    const out: IndexedEntry[] = [];
    for (const family of this.families) {
      if (out.length >= limit) break;
      const prefix = this.upperPrefix.get(family)!;
      if (prefix.startsWith(upper)) out.push(...family.codes.slice(0, limit - out.length));
      else if (upper.startsWith(prefix)) {
        const codes = this.upperCodesOf(family);
        for (let i = 0; i < codes.length && out.length < limit; i++) if (codes[i].startsWith(upper)) out.push(family.codes[i]);
      }
    }
    return out;
  }

  /** Does any code start with `text`, ignoring case? (`withPrefix(text).length > 0`, without the list.) */
  hasPrefix(text: string): boolean {
    const upper = text.toUpperCase();
    for (const family of this.families) {
      const prefix = this.upperPrefix.get(family)!;
      if (prefix.startsWith(upper)) {
        if (family.codes.length > 0) return true;
      } else if (upper.startsWith(prefix)) {
        for (const c of this.upperCodesOf(family)) if (c.startsWith(upper)) return true;
      }
    }
    return false;
  }

  *entries(): Iterable<IndexedEntry> {
    yield* this.byCode.values();
  }
}

/** Does a number of this many digits fit one of the widths the catalogs declare for the family? */
export function fitsWidth(family: FamilyInfo, digits: number): boolean {
  return family.widths.some((w) => digits >= w.min && digits <= w.max);
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
