// Checks catalogs. A catalog may come from a user, so nothing in it is trusted: every part
// the features read is checked, each failure names the file and the place, and only the
// known fields are copied into the result (stray keys never reach the features).
// Text in, catalog out: reading the files is node/catalogFiles.ts's.
import { CODE } from './codeRule';
import { parseFamilyPattern } from './family';
import { prototypeKeyOf } from './guards';
import { parseJson } from './json';
import { impliedOrigin } from './origin';
import { pageUrlProblem, quotedUrl, URL_EXPECTED } from './pageUrl';
import {
  type Catalog,
  type Entry,
  type Family,
  type Layout,
  LAYOUTS,
  LOCALES,
  type Locale,
  type LocalizedText,
  type Note,
  type ResponseBody,
  type SourcePage,
} from './types';

export { parseFamilyPattern };
export type { FamilyShape } from './family';

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${file}: ${where ? `${where}: ` : ''}${detail}`);
    this.name = 'CatalogError';
  }
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_TEXT = 4000;
const ORIGIN_KEY = /^(message|description|handling)\.(en|zh-CN)$/;
/** C0 and C1 control characters but tab and line breaks: in a terminal (`explain`, `scan`) they would be commands, not text. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function parseCatalog(text: string, fileName: string): Catalog {
  const json = parseJson(text);
  if (json.problem !== undefined) throw new CatalogError(fileName, '', json.problem);
  return catalogFromData(json.value, fileName);
}

/** Checks already-parsed data (from JSON or YAML) and builds a Catalog from it. */
export function catalogFromData(data: unknown, fileName: string): Catalog {
  return new Reader(fileName).catalog(data);
}

/** Walks the parsed JSON, building a fresh Catalog and failing at the first part that is not of the shape the schema describes. */
class Reader {
  constructor(private readonly file: string) {}

  /** `found` is the offending value when there is one; passing `undefined` says the value is missing. */
  private fail(where: string, expected: string, ...found: unknown[]): never {
    throw new CatalogError(this.file, where, found.length === 0 ? `expected ${expected}` : `expected ${expected}, found ${describe(found[0])}`);
  }

  private record(value: unknown, where: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(where, 'an object', value);
    const key = prototypeKeyOf(value as object);
    if (key !== undefined)
      throw new CatalogError(this.file, where ? `${where}.${key}` : key, `the key "${key}" is not allowed (it names the prototype of every object)`);
    // Without a prototype, a field the file leaves out reads as missing, whatever another part
    // of the process may have done to Object.prototype.
    return Object.assign(Object.create(null) as Record<string, unknown>, value);
  }

  private array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(where, 'an array', value);
    return value as unknown[];
  }

  private string(value: unknown, where: string, max = MAX_TEXT): string {
    if (typeof value !== 'string') this.fail(where, 'a string', value);
    if ((value as string).length > max) this.fail(where, `at most ${max} characters, found ${(value as string).length}`);
    const control = CONTROL.exec(value as string);
    if (control)
      this.fail(
        where,
        `text without control characters, found U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1}`,
      );
    return value as string;
  }

  private text(value: unknown, where: string): LocalizedText {
    const obj = this.record(value, where);
    const out: LocalizedText = {};
    for (const key of Object.keys(obj)) {
      if (!(LOCALES as readonly string[]).includes(key)) this.fail(`${where}.${keyName(key)}`, `a locale (${LOCALES.join(', ')})`);
      out[key as Locale] = this.string(obj[key], `${where}.${key}`);
    }
    if (Object.keys(out).length === 0) this.fail(where, 'a text in at least one locale');
    return out;
  }

  private locale(value: unknown, where: string): Locale {
    if (!(LOCALES as readonly unknown[]).includes(value)) this.fail(where, `a locale (${LOCALES.join(', ')})`, value);
    return value as Locale;
  }

  catalog(data: unknown): Catalog {
    const obj = this.record(data, '');
    const id = this.string(obj.id, 'id', 64);
    if (!ID.test(id)) this.fail('id', 'a lower-case id such as "swr"', id);
    const families = this.array(obj.families, 'families').map((f, i) => this.family(f, `families[${i}]`));
    if (families.length === 0) this.fail('families', 'at least one family');
    const catalog: Catalog = {
      id,
      service: this.text(obj.service, 'service'),
      families,
      sources: this.array(obj.sources ?? [], 'sources').map((s, i) => this.source(s, `sources[${i}]`)),
      codes: [],
    };
    if (typeof obj.$schema === 'string') catalog.$schema = obj.$schema;
    if (obj.responseBody !== undefined) catalog.responseBody = this.responseBody(obj.responseBody, 'responseBody');
    if (obj.notes !== undefined) catalog.notes = this.notes(obj.notes, 'notes');
    const seen = new Set<string>();
    catalog.codes = this.array(obj.codes, 'codes').map((e, i) => {
      const entry = this.entry(e, `codes[${i}]`);
      if (seen.has(entry.code)) this.fail(`codes[${i}].code`, `each code once; ${entry.code} appears twice`);
      seen.add(entry.code);
      return entry;
    });
    // A catalog of one page leaves out what that page implies; what the features and the
    // importer get says it (a trusted bundled catalog is read without this: see originOf).
    if (catalog.sources.length === 1) for (const entry of catalog.codes) entry.origin ??= impliedOrigin(entry, catalog);
    return catalog;
  }

  private family(value: unknown, where: string): Family {
    const obj = this.record(value, where);
    const pattern = this.string(obj.pattern, `${where}.pattern`, 80);
    const shape = parseFamilyPattern(pattern);
    if (typeof shape === 'string') throw new CatalogError(this.file, `${where}.pattern`, shape);
    const name = this.string(obj.name, `${where}.name`, 40);
    if (name === '') this.fail(`${where}.name`, 'a short name such as "SWR"');
    return { pattern, name };
  }

  private source(value: unknown, where: string): SourcePage {
    const obj = this.record(value, where);
    const layout = obj.layout;
    if (!(LAYOUTS as readonly unknown[]).includes(layout)) this.fail(`${where}.layout`, `one of ${LAYOUTS.join(', ')}`, layout);
    const source: SourcePage = {
      id: this.string(obj.id, `${where}.id`, 64),
      file: this.string(obj.file, `${where}.file`, 500),
      locale: this.locale(obj.locale, `${where}.locale`),
      title: this.string(obj.title, `${where}.title`, 500),
      origin: this.string(obj.origin, `${where}.origin`, 2000),
      layout: layout as Layout,
    };
    if (obj.url !== undefined) source.url = this.url(obj.url, `${where} (${source.id}).url`);
    return source;
  }

  /** A page's address becomes a link the editor opens: anything but a plain https: address is refused, with what it was. */
  private url(value: unknown, where: string): string {
    if (typeof value !== 'string') this.fail(where, URL_EXPECTED, value);
    const problem = pageUrlProblem(value as string);
    if (problem !== undefined) throw new CatalogError(this.file, where, `expected ${URL_EXPECTED}, found ${quotedUrl(value as string)}: ${problem}`);
    return value as string;
  }

  private responseBody(value: unknown, where: string): ResponseBody {
    const obj = this.record(value, where);
    const body: ResponseBody = {
      codePath: this.string(obj.codePath, `${where}.codePath`, 200),
      messagePath: this.string(obj.messagePath, `${where}.messagePath`, 200),
      sample: this.string(obj.sample, `${where}.sample`, 20000),
      source: this.string(obj.source, `${where}.source`, 200),
    };
    if (obj.otherPaths !== undefined)
      body.otherPaths = this.array(obj.otherPaths, `${where}.otherPaths`).map((p, i) => this.string(p, `${where}.otherPaths[${i}]`, 200));
    return body;
  }

  private entry(value: unknown, where: string): Entry {
    const obj = this.record(value, where);
    const code = this.string(obj.code, `${where}.code`, 100);
    if (!CODE.test(code)) this.fail(`${where}.code`, 'a code of 3 to 100 letters, digits, ".", "-" or "_"', code);
    const at = `${where} (${code})`;
    const status = obj.httpStatus;
    // Absent when the vendor's page documents no status for the code; when present, an HTTP status.
    if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599))
      this.fail(`${at}.httpStatus`, 'an integer from 100 to 599', status);
    const entry: Entry = { code, message: this.text(obj.message, `${at}.message`) };
    if (status !== undefined) entry.httpStatus = status as number;
    if (obj.description !== undefined) entry.description = this.text(obj.description, `${at}.description`);
    if (obj.handling !== undefined) entry.handling = this.text(obj.handling, `${at}.handling`);
    if (obj.origin !== undefined) entry.origin = this.origin(obj.origin, `${at}.origin`);
    if (obj.notes !== undefined) entry.notes = this.notes(obj.notes, `${at}.notes`);
    return entry;
  }

  private origin(value: unknown, where: string): Record<string, string> {
    const obj = this.record(value, where);
    const out: Record<string, string> = {};
    for (const key of Object.keys(obj)) {
      if (!ORIGIN_KEY.test(key)) this.fail(`${where}.${keyName(key)}`, 'keys such as "message.en" or "handling.zh-CN"');
      out[key] = this.string(obj[key], `${where}.${key}`, 200);
    }
    return out;
  }

  private notes(value: unknown, where: string): Note[] {
    return this.array(value, where).map((n, i) => this.note(n, `${where}[${i}]`));
  }

  private note(value: unknown, where: string): Note {
    const obj = this.record(value, where);
    switch (obj.kind) {
      case 'statusMismatch':
        return { kind: obj.kind, documented: this.integer(obj.documented, `${where}.documented`), embedded: this.integer(obj.embedded, `${where}.embedded`) };
      case 'singleLocale':
        return { kind: obj.kind, locale: this.locale(obj.locale, `${where}.locale`) };
      case 'foreignSample':
        return { kind: obj.kind, code: this.string(obj.code, `${where}.code`, 100) };
      case 'descriptionDiffers':
      case 'editorial':
        return { kind: obj.kind, text: this.text(obj.text, `${where}.text`) };
      default:
        return this.fail(`${where}.kind`, 'one of statusMismatch, singleLocale, descriptionDiffers, foreignSample, editorial', obj.kind);
    }
  }

  private integer(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(where, 'an integer', value);
    return value as number;
  }
}

/** A key from the file as a problem names it: short, and quoted when it is not a plain name. */
function keyName(key: string): string {
  if (/^[A-Za-z0-9_-]{1,40}$/.test(key)) return key;
  const text = JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key);
  return text;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
