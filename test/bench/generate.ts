// Deterministic inputs for the benchmark: a TypeScript source full of error handlers and a
// service log, both built from the codes of the bundled catalogs. The same seed gives the
// same bytes, so figures from two runs (or two machines) measure the same work.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shapeOf } from '../../server/src/importer/families';

export interface CatalogCode {
  code: string;
  httpStatus: number;
  en?: string;
  zh?: string;
}

/** The codes of every bundled catalog (catalogs/*.json, the schema aside). */
export function readCodes(catalogDir: string): CatalogCode[] {
  const out: CatalogCode[] = [];
  for (const name of fs.readdirSync(catalogDir).sort()) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    const catalog = JSON.parse(fs.readFileSync(path.join(catalogDir, name), 'utf8')) as {
      codes: { code: string; httpStatus: number; message: { en?: string; 'zh-CN'?: string } }[];
    };
    for (const c of catalog.codes) out.push({ code: c.code, httpStatus: c.httpStatus, en: c.message.en, zh: c.message['zh-CN'] });
  }
  if (out.length === 0) throw new Error(`no catalog codes in ${catalogDir}`);
  return out;
}

/** mulberry32: small, fast and good enough to pick words; not for anything secret. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.one(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
  ip(): string {
    return `${this.one([10, 172, 192])}.${this.int(256)}.${this.int(256)}.${this.int(256)}`;
  }
  version(): string {
    return `${this.int(4)}.${this.int(20)}.${this.int(40)}`;
  }
}

/** Text built piece by piece, remembering where the pieces that matter start. */
class Builder {
  private readonly parts: string[] = [];
  length = 0;
  add(s: string): this {
    this.parts.push(s);
    this.length += s.length;
    return this;
  }
  /** Adds `s` and returns the offset it starts at. */
  at(s: string): number {
    const start = this.length;
    this.add(s);
    return start;
  }
  text(): string {
    return this.parts.join('');
  }
}

/** A code occurrence: [start, end) in the text. */
export interface Span {
  start: number;
  end: number;
  code: string;
  /** For a misspelling: the code it was made from. */
  meant?: string;
}

export interface GeneratedSource {
  text: string;
  /** Correct codes in string literals (hover targets; completion happens inside them). */
  literals: Span[];
  /** Correct codes in comments (hover targets). */
  inComments: Span[];
  /** Misspelled codes written where a code is used as a code: each should be diagnosed. */
  typos: Span[];
}

export interface GeneratedLog {
  text: string;
  /** Every catalogued code the log mentions. */
  codes: Span[];
  lines: number;
  /** The last timestamp written (ms since the epoch): where the next piece of a long log goes on. */
  endMs: number;
}

/** How a log departs from the default mix (a third of its lines WARN or ERROR, each with a code). */
export interface LogOptions {
  /** Share of lines that report an error (WARN or ERROR, each naming a code). */
  errorShare?: number;
  /** Also write lines of noise with near misses: too many or too few digits, lower case, image digests. */
  nearMisses?: boolean;
  /** The first timestamp (ms since the epoch), to carry a log on across pieces. */
  startMs?: number;
}

// ---- misspellings, the way people make them ---------------------------------------------

function misspell(p: Picker, code: string): string {
  const dot = code.lastIndexOf('.');
  const head = code.slice(0, dot + 1);
  const num = code.slice(dot + 1);
  switch (p.int(5)) {
    case 0: {
      // a digit dropped
      const i = p.int(num.length);
      return head + num.slice(0, i) + num.slice(i + 1);
    }
    case 1: {
      // a digit doubled
      const i = p.int(num.length);
      return head + num.slice(0, i + 1) + num.slice(i);
    }
    case 2: // the letter O for a zero
      return num.includes('0') ? head + num.replace('0', 'O') : head + num.slice(1);
    case 3: {
      // a typo in the family
      const swapped = head.replace('SWR', 'SRW').replace('IMG', 'IGM').replace('ADDONMGR', 'ADDONMRG').replace('S2I', 'SI2');
      return swapped === head ? `${head.slice(0, -1)}_.${num}` : swapped + num;
    }
    default: {
      // a digit cut off the end
      return head + num.slice(0, -1);
    }
  }
}

// ---- the TypeScript source -----------------------------------------------------------------

const NOUNS = ['image', 'repository', 'namespace', 'tag', 'manifest', 'quota', 'token', 'addon', 'cluster', 'member', 'trigger', 'webhook'];
const VERBS = ['push', 'pull', 'create', 'delete', 'update', 'list', 'share', 'sync', 'scan', 'retag'];

function ident(p: Picker, i: number): string {
  const noun = p.one(NOUNS);
  return `${p.one(VERBS)}${noun[0].toUpperCase()}${noun.slice(1)}${i}`;
}

/**
 * Where a generator writes codes, and what it remembers of each: correct literals, planted
 * misspellings (a `typoRate` share of the codes used as codes), and codes named in comments.
 */
function recorder(p: Picker, b: Builder, typoRate: number) {
  const literals: Span[] = [];
  const inComments: Span[] = [];
  const typos: Span[] = [];
  /** A code written where it is used as a code: sometimes misspelled. */
  const used = (code: string): void => {
    if (p.chance(typoRate)) {
      const wrong = misspell(p, code);
      const start = b.at(wrong);
      typos.push({ start, end: start + wrong.length, code: wrong, meant: code });
    } else {
      const start = b.at(code);
      literals.push({ start, end: start + code.length, code });
    }
  };
  /** The same, in double quotes. */
  const q = (code: string): void => {
    b.add('"');
    used(code);
    b.add('"');
  };
  const mentioned = (code: string): void => {
    const start = b.at(code);
    inComments.push({ start, end: start + code.length, code });
  };
  return { literals, inComments, typos, used, q, mentioned };
}

/**
 * A TypeScript file of about `targetBytes`: error handlers (switch/case on codes, comparisons,
 * lists, maps, prefix tests, codes in comments and log templates) with ordinary code between
 * them, and a misspelled code in about `typoRate` of the places a code is used as a code.
 */
export function generateSource(codes: readonly CatalogCode[], targetBytes: number, seed: number, typoRate = 0.02): GeneratedSource {
  const p = new Picker(rng(seed));
  const b = new Builder();
  const { literals, inComments, typos, q } = recorder(p, b, typoRate);
  const pick = () => p.one(codes);

  b.add('// Generated for the Error Codes benchmark: handlers for Huawei Cloud API errors.\n');
  b.add("import { ApiError, Outcome, RequestContext, logger, metrics } from './runtime';\n\n");
  b.add('const RETRYABLE = new Set<string>([\n');
  for (let k = 0; k < 12; k++) {
    b.add('  ');
    q(pick().code);
    b.add(',\n');
  }
  b.add(']);\n\n');
  for (let i = 0; b.length < targetBytes; i++) {
    const name = ident(p, i);
    const a = pick();
    const c2 = pick();
    const c3 = pick();
    // Ordinary code first: what fills most of a real file.
    b.add(
      `export interface ${name[0].toUpperCase()}${name.slice(1)}Options {\n  region: string;\n  timeoutMs: number;\n  retries?: number;\n  endpoint?: string;\n}\n\n`,
    );
    b.add(`const ENDPOINT_${i} = "https://swr-api.cn-north-${1 + p.int(9)}.myhuaweicloud.com/v2/manage/namespaces/ns-${p.int(100)}/repos";\n`);
    b.add(`const SDK_VERSION_${i} = "${p.version()}";\n\n`);
    // A comment that names a code (checked only when comments are, but hovered all the same).
    b.add(`/**\n * ${p.one(VERBS)}s a ${p.one(NOUNS)}. Fails with `);
    const commentCode = pick().code;
    const cs = b.at(commentCode);
    inComments.push({ start: cs, end: cs + commentCode.length, code: commentCode });
    b.add(` when the ${p.one(NOUNS)} is gone; see the SWR API reference (version ${p.version()}).\n */\n`);
    b.add(`export async function ${name}(err: ApiError, ctx: RequestContext): Promise<Outcome> {\n`);
    b.add('  const code: string = err.body?.error_code ?? err.body?.errorCode ?? err.code;\n');
    b.add(`  logger.debug(\`${name}: \${code} for request \${ctx.requestId} (attempt \${ctx.attempt} of ${1 + p.int(5)})\`);\n`);
    b.add('  switch (code) {\n');
    for (let k = 0, n = 2 + p.int(3); k < n; k++) {
      const c = pick();
      b.add('    case ');
      q(c.code);
      b.add(`:\n      return { retry: ${c.httpStatus >= 500}, status: ${c.httpStatus}, reason: ${JSON.stringify(c.en ?? c.code)} };\n`);
    }
    b.add('    default:\n      break;\n  }\n');
    b.add('  if (code === ');
    q(a.code);
    b.add(' || code === ');
    q(c2.code);
    b.add(') {\n');
    b.add(`    metrics.increment("${p.one(NOUNS)}.${p.one(VERBS)}.failed", { handler: "${name}", status: err.status });\n`);
    b.add('    await ctx.refreshToken();\n  }\n');
    if (p.chance(0.5)) {
      b.add('  const retryable = [');
      q(pick().code);
      b.add(', ');
      q(pick().code);
      b.add('].includes(code);\n');
    } else {
      b.add('  const retryable = RETRYABLE.has(code);\n');
    }
    if (p.chance(0.3)) {
      // A family prefix in a substring test: a prefix on purpose, never a problem.
      const prefix = c3.code.slice(0, c3.code.lastIndexOf('.') + 3);
      b.add(`  if (code.startsWith("${prefix}")) {\n    logger.warn("client error family ${prefix}", { code });\n  }\n`);
    }
    b.add(`  const wait = Math.min(${100 + p.int(900)} * 2 ** ctx.attempt, ${10_000 + p.int(50_000)});\n`);
    b.add(`  logger.info(\`${p.one(VERBS)} \${ctx.region}/\${ctx.repository}:\${ctx.tag} failed with \${code}; waiting \${wait} ms\`);\n`);
    b.add('  return { retry: retryable, status: err.status, waitMs: wait };\n}\n\n');
    if (p.chance(0.2)) {
      b.add(`const MESSAGES_${i}: Record<string, string> = {\n`);
      for (let k = 0; k < 3; k++) {
        const c = pick();
        b.add('  ');
        q(c.code);
        b.add(`: ${JSON.stringify(c.zh ?? c.en ?? '')},\n`);
      }
      b.add('};\n\n');
    }
    if (p.chance(0.25)) {
      b.add(
        `export function parse${i}(raw: string): { major: number; minor: number } {\n  const [major, minor] = raw.split(".").map((x) => Number.parseInt(x, 10));\n  return { major: major ?? 0, minor: minor ?? 0 };\n}\n\n`,
      );
    }
  }
  return { text: b.text(), literals, inComments, typos };
}

// ---- handlers in other languages -------------------------------------------------------

export type HandlerLanguage = 'typescript' | 'python' | 'go' | 'java';

/** The file name extension each language is written with. */
export const EXTENSIONS: Record<HandlerLanguage, string> = { typescript: 'ts', python: 'py', go: 'go', java: 'java' };

function snakeCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Error handlers of about `targetBytes` in TypeScript (generateSource), Python, Go or Java:
 * the same uses of codes as generateSource — switched on, compared, listed, mapped to a
 * message, named in a comment, tested as a prefix — each in the language's own idiom, with
 * a misspelled code in about `typoRate` of the places a code is used as a code.
 */
export function generateHandlers(
  language: HandlerLanguage,
  codes: readonly CatalogCode[],
  targetBytes: number,
  seed: number,
  typoRate = 0.02,
): GeneratedSource {
  if (language === 'typescript') return generateSource(codes, targetBytes, seed, typoRate);
  const p = new Picker(rng(seed));
  const b = new Builder();
  const { literals, inComments, typos, q, mentioned } = recorder(p, b, typoRate);
  const pick = () => p.one(codes);
  const py = language === 'python';
  const go = language === 'go';

  // What opens the file, and its set of retryable codes.
  if (py) {
    b.add(
      '# Handlers for Huawei Cloud API errors, generated for the Error Codes benchmark.\nimport logging\n\nfrom .runtime import ApiError, Outcome, RequestContext, metrics\n\nlog = logging.getLogger(__name__)\n\nRETRYABLE = frozenset({\n',
    );
    for (let k = 0; k < 12; k++) {
      b.add('    ');
      q(pick().code);
      b.add(',\n');
    }
    b.add('})\n\n\n');
  } else if (go) {
    b.add(
      '// Handlers for Huawei Cloud API errors, generated for the Error Codes benchmark.\npackage handlers\n\nimport (\n\t"log"\n\t"strings"\n\t"time"\n)\n\nvar retryable = map[string]bool{\n',
    );
    for (let k = 0; k < 12; k++) {
      b.add('\t');
      q(pick().code);
      b.add(': true,\n');
    }
    b.add('}\n\n');
  } else {
    b.add(
      `// Handlers for Huawei Cloud API errors, generated for the Error Codes benchmark.\npackage com.example.swr.handlers;\n\nimport java.time.Duration;\nimport java.util.List;\nimport java.util.Map;\nimport java.util.Set;\n\npublic final class Handlers${seed} {\n    private static final Set<String> RETRYABLE = Set.of(\n`,
    );
    for (let k = 0; k < 12; k++) {
      b.add('        ');
      q(pick().code);
      b.add(k < 11 ? ',\n' : '\n');
    }
    b.add('    );\n\n');
  }

  for (let i = 0; b.length < targetBytes; i++) {
    const camel = ident(p, i);
    const name = py ? snakeCase(camel) : camel;
    const noun = p.one(NOUNS);
    const verb = p.one(VERBS);
    const endpoint = `"https://swr-api.cn-north-${1 + p.int(9)}.myhuaweicloud.com/v2/manage/namespaces/ns-${p.int(100)}/repos"`;
    const attempts = 1 + p.int(5);
    const cases = Array.from({ length: 2 + p.int(3) }, pick);
    const reason = (c: CatalogCode) => JSON.stringify(c.en ?? c.code);
    const prefixed = p.chance(0.3) ? pick().code : undefined;
    const prefix = prefixed?.slice(0, prefixed.lastIndexOf('.') + 3);
    const listed = p.chance(0.5);
    const base = 100 + p.int(900);
    const cap = 10_000 + p.int(50_000);
    const messages = p.chance(0.2);

    if (py) {
      b.add(`ENDPOINT_${i} = ${endpoint}\n\n\ndef ${name}(err: ApiError, ctx: RequestContext) -> Outcome:\n    # ${verb}s a ${noun}. Fails with `);
      mentioned(pick().code);
      b.add(` when the ${noun} is gone (SDK ${p.version()}).\n`);
      b.add('    code = err.body.get("error_code") or err.body.get("errorCode") or err.code\n');
      b.add(`    log.debug("${name}: %s for request %s (attempt %d of ${attempts})", code, ctx.request_id, ctx.attempt)\n`);
      cases.forEach((c, k) => {
        b.add(`    ${k === 0 ? 'if' : 'elif'} code == `);
        q(c.code);
        b.add(`:\n        return Outcome(retry=${c.httpStatus >= 500 ? 'True' : 'False'}, status=${c.httpStatus}, reason=${reason(c)})\n`);
      });
      b.add('    if code in (');
      q(pick().code);
      b.add(', ');
      q(pick().code);
      b.add(`):\n        metrics.increment("${noun}.${verb}.failed", handler="${name}", status=err.status)\n        ctx.refresh_token()\n`);
      if (prefix) b.add(`    if code.startswith("${prefix}"):\n        log.warning("client error family ${prefix}: %s", code)\n`);
      if (listed) {
        b.add('    retryable = code in [');
        q(pick().code);
        b.add(', ');
        q(pick().code);
        b.add(']\n');
      } else b.add('    retryable = code in RETRYABLE\n');
      b.add(`    wait = min(${base} * 2 ** ctx.attempt, ${cap})\n    return Outcome(retry=retryable, status=err.status, wait_ms=wait)\n\n\n`);
      if (messages) {
        b.add(`MESSAGES_${i} = {\n`);
        for (let k = 0; k < 3; k++) {
          const c = pick();
          b.add('    ');
          q(c.code);
          b.add(`: ${JSON.stringify(c.zh ?? c.en ?? '')},\n`);
        }
        b.add('}\n\n\n');
      }
    } else if (go) {
      b.add(`const endpoint${i} = ${endpoint}\n\n// ${name} ${verb}s a ${noun}. Fails with `);
      mentioned(pick().code);
      b.add(` when the ${noun} is gone (SDK ${p.version()}).\n`);
      b.add(
        `func ${name}(err *ApiError, ctx *RequestContext) Outcome {\n\tcode := err.Code\n\tlog.Printf("${name}: %s for request %s (attempt %d of ${attempts})", code, ctx.RequestID, ctx.Attempt)\n\tswitch code {\n`,
      );
      for (const c of cases) {
        b.add('\tcase ');
        q(c.code);
        b.add(`:\n\t\treturn Outcome{Retry: ${c.httpStatus >= 500}, Status: ${c.httpStatus}, Reason: ${reason(c)}}\n`);
      }
      b.add('\t}\n\tif code == ');
      q(pick().code);
      b.add(' || code == ');
      q(pick().code);
      b.add(` {\n\t\tmetrics.Increment("${noun}.${verb}.failed", err.Status)\n\t\tctx.RefreshToken()\n\t}\n`);
      if (prefix) b.add(`\tif strings.HasPrefix(code, "${prefix}") {\n\t\tlog.Printf("client error family ${prefix}: %s", code)\n\t}\n`);
      if (listed) {
        b.add('\tretry := code == ');
        q(pick().code);
        b.add(' || code == ');
        q(pick().code);
        b.add('\n');
      } else b.add('\tretry := retryable[code]\n');
      b.add(
        `\twait := time.Duration(min(${base}<<ctx.Attempt, ${cap})) * time.Millisecond\n\treturn Outcome{Retry: retry, Status: err.Status, Wait: wait}\n}\n\n`,
      );
      if (messages) {
        b.add(`var messages${i} = map[string]string{\n`);
        for (let k = 0; k < 3; k++) {
          const c = pick();
          b.add('\t');
          q(c.code);
          b.add(`: ${JSON.stringify(c.zh ?? c.en ?? '')},\n`);
        }
        b.add('}\n\n');
      }
    } else {
      b.add(`    private static final String ENDPOINT_${i} = ${endpoint};\n\n    /**\n     * ${verb[0].toUpperCase()}${verb.slice(1)}s a ${noun}. Fails with `);
      mentioned(pick().code);
      b.add(` when the ${noun} is gone (SDK ${p.version()}).\n     */\n`);
      b.add(
        `    public static Outcome ${name}(ApiException err, RequestContext ctx) {\n        String code = err.getErrorCode();\n        LOG.debug("${name}: {} for request {} (attempt {} of ${attempts})", code, ctx.getRequestId(), ctx.getAttempt());\n        switch (code) {\n`,
      );
      for (const c of cases) {
        b.add('            case ');
        q(c.code);
        b.add(`:\n                return new Outcome(${c.httpStatus >= 500}, ${c.httpStatus}, ${reason(c)});\n`);
      }
      b.add('            default:\n                break;\n        }\n        if (');
      q(pick().code);
      b.add('.equals(code) || code.equals(');
      q(pick().code);
      b.add(`)) {\n            METRICS.increment("${noun}.${verb}.failed", err.getStatus());\n            ctx.refreshToken();\n        }\n`);
      if (prefix) b.add(`        if (code.startsWith("${prefix}")) {\n            LOG.warn("client error family ${prefix}: {}", code);\n        }\n`);
      if (listed) {
        b.add('        boolean retry = List.of(');
        q(pick().code);
        b.add(', ');
        q(pick().code);
        b.add(').contains(code);\n');
      } else b.add('        boolean retry = RETRYABLE.contains(code);\n');
      b.add(
        `        long wait = Math.min(${base}L << ctx.getAttempt(), ${cap}L);\n        return new Outcome(retry, err.getStatus(), Duration.ofMillis(wait));\n    }\n\n`,
      );
      if (messages) {
        b.add(`    private static final Map<String, String> MESSAGES_${i} = Map.of(\n`);
        for (let k = 0; k < 3; k++) {
          const c = pick();
          b.add('        ');
          q(c.code);
          b.add(`, ${JSON.stringify(c.zh ?? c.en ?? '')}${k < 2 ? ',' : ''}\n`);
        }
        b.add('    );\n\n');
      }
    }
  }
  if (!py && !go) b.add('}\n');
  return { text: b.text(), literals, inComments, typos };
}

// ---- the log ---------------------------------------------------------------------------

const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const PATHS = [
  '/v2/manage/namespaces',
  '/v2/manage/repos',
  '/v2/images',
  '/v1/cloudimages/action',
  '/api/v3/projects/addons',
  '/v2/manage/shared-repositories',
];
const ZH = ['镜像推送失败', '拉取镜像超时', '鉴权失败，请重新获取Token', '组织不存在', '请求参数不合法', '插件安装失败'];

const QUIET_LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG'];
const LOUD_LEVELS = ['WARN', 'ERROR'];
const CLASSES = ['ListReposDetailsResponse', 'CreateImageSyncRepoRequest', 'ShowNamespaceResponse', 'SwrCredentials', 'ImsClient', 'AddonInstanceStatus'];
const USERS = ['devops-bot', 'zhang.wei', 'li.na', 'ci-runner', 'wang.fang'];

/** A line of INFO noise: things a log holds that look a little like codes but are none. */
function noiseLine(p: Picker): string {
  switch (p.int(6)) {
    case 0:
      return `loaded class com.huawei.cloud.sdk.swr.v2.model.${p.one(CLASSES)} from huaweicloud-sdk-swr-${p.version()}.jar`;
    case 1:
      return `pulled swr.cn-north-${1 + p.int(9)}.myhuaweicloud.com/ns-${p.int(100)}/${p.one(NOUNS)}:${p.version()} digest=sha256:${p.hex(64)} size=${p.int(900_000_000)}`;
    case 2:
      return `用户 ${p.one(USERS)} 登录成功，来源 ${p.ip()}，会话 ${p.uuid()}`;
    case 3: // near misses: too many digits, too few, lower case
      return `batch SVCSTG.SWR.${1_000_000_000 + p.int(999_999_999)} done; template IMG.${100 + p.int(900)}-base; alias svcstg.swr.${1_000_000 + p.int(8_999_999)}`;
    case 4:
      return `request_id=${p.hex(32)} node=${p.ip()} build=${p.version()}-${p.hex(7)} heap=${p.int(4096)}MiB gc=${p.int(90)}ms`;
    default:
      return `sync ${p.one(NOUNS)} ${p.one(VERBS)} finished in ${p.int(9000)}ms (${p.int(100)} of ${100 + p.int(900)} items, ${p.int(50)} skipped)`;
  }
}

/**
 * A service log of about `targetBytes`: access lines, error lines with JSON bodies in each
 * catalog's shape, Chinese messages, stack frames, and noise that looks a little like codes
 * (versions, IP addresses, host names, UUIDs, Java class names). Without `options` the mix
 * (and so the bytes for a seed) is what it always was.
 */
/** A code told from text only by a code field: a bare number (IAM `1100`) or a name (OBS `NoSuchBucket`), by the importer's own reading of a code. */
function fieldOnly(code: string): boolean {
  return shapeOf(code)?.kind !== undefined;
}

export function generateLog(codes: readonly CatalogCode[], targetBytes: number, seed: number, options: LogOptions = {}): GeneratedLog {
  const p = new Picker(rng(seed));
  const b = new Builder();
  const found: Span[] = [];
  const code = (c: string): void => {
    const start = b.at(c);
    found.push({ start, end: start + c.length, code: c });
  };
  const { errorShare, nearMisses } = options;
  let t = options.startMs ?? Date.UTC(2024, 4, 1, 8, 0, 0);
  let lines = 0;
  while (b.length < targetBytes) {
    t += p.int(250);
    const stamp = new Date(t).toISOString();
    const level = errorShare === undefined ? p.one(LEVELS) : p.chance(errorShare) ? p.one(LOUD_LEVELS) : p.one(QUIET_LEVELS);
    const req = p.uuid();
    b.add(`${stamp} ${level.padEnd(5)} [${p.one(['swr-api', 'ims-worker', 'addon-mgr'])}-${p.int(8)}] req=${req} `);
    const c = p.one(codes);
    let shape = level === 'ERROR' || level === 'WARN' ? p.int(5) : 5;
    // A bare number or a name is a code only as a code field's value: in free text (a Chinese
    // message, an exception line) it is an ordinary number or word, and the scan rightly skips it.
    if ((shape === 2 || shape === 4) && fieldOnly(c.code)) shape = 3;
    switch (shape) {
      case 0:
        b.add('push failed: [{"errorCode": "');
        code(c.code);
        b.add(`", "errorMessage": ${JSON.stringify(c.en ?? '')}, "detail": ""}] status=${c.httpStatus}`);
        break;
      case 1:
        b.add('{"error": {"message": ');
        b.add(JSON.stringify(c.en ?? ''));
        b.add(', "code": "');
        code(c.code);
        b.add(`"}} host=${p.ip()} sdk=huaweicloud-sdk-go-v3/${p.version()}`);
        break;
      case 2:
        b.add(`${p.one(ZH)}，错误码 `);
        code(c.code);
        b.add(`：${c.zh ?? c.en ?? ''} 节点 ${p.ip()}`);
        break;
      case 3:
        b.add('{"error_msg": ');
        b.add(JSON.stringify(c.en ?? ''));
        b.add(', "error_code": "');
        code(c.code);
        b.add(`"} retry=${p.int(4)}/3`);
        break;
      case 4:
        b.add(`com.huawei.cloud.swr.client.ApiException: ${c.httpStatus} `);
        code(c.code);
        b.add(
          `\n\tat com.huawei.cloud.swr.client.SwrClient.invoke(SwrClient.java:${p.int(900)})\n\tat com.huawei.cloud.swr.push.Pusher.run(Pusher.java:${p.int(300)})`,
        );
        lines += 2;
        break;
      default:
        if (nearMisses && p.chance(0.4)) {
          b.add(noiseLine(p));
          break;
        }
        b.add(
          `${p.one(['GET', 'POST', 'PUT', 'DELETE'])} ${p.one(PATHS)}/${p.hex(6)} ${p.one([200, 200, 201, 204, 404])} ${p.int(900)}ms client=${p.ip()} ua=docker/${p.version()} go/go1.${p.int(23)}.${p.int(9)} upstream=swr-api.cn-north-4.myhuaweicloud.com:443 trace=${p.uuid()}`,
        );
    }
    b.add('\n');
    lines++;
  }
  return { text: b.text(), codes: found, lines, endMs: t };
}
