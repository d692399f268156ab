// What a hostile repository can put where the tool reads: named pipes, links to /dev/zero or
// out of the project, files that grow, globs that backtrack, .gitignore lines that do, and a
// catalog of 20,000 families. Each is refused or bounded, and said so naming the file or setting.
// The command line is run as a user would run it, with a deadline: the old behaviour was a hang.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { CatalogIndex, MAX_FAMILIES } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import type { Catalog } from '../../server/src/catalog/types';
import { compileGlobs, globWork } from '../../server/src/glob';
import { readTextBounded, RefusedRead } from '../../server/src/safeRead';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { CATALOG_DIR } from '../support/root';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const canMakeSpecials = process.platform !== 'win32' && fs.existsSync('/dev/zero');

function project(files: Record<string, string>): string {
  const dir = tempProject(files, 'error-codes-reads-');
  dirs.push(dir);
  return dir;
}

function fifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, `mkfifo ${file}`);
}

function link(target: string, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
}

/** The CLI with a deadline: a read that never ends shows as a timeout, not a hung test. */
function run(args: string[], cwd: string) {
  const r = runCli(args, cwd, { timeout: 30_000, killSignal: 'SIGKILL' });
  assert.equal(r.signal, null, `error-codes ${args.join(' ')} did not finish within 30 s: ${r.err}`);
  return r;
}

const HANDLER = 'if (code === "SVCSTG.SWR.4001048") {}\n';

describe('special files and links where the command line reads', { skip: !canMakeSpecials && 'no FIFOs or /dev/zero here' }, () => {
  test('a named pipe as a workspace catalog is reported and skipped; the scan goes on', () => {
    const dir = project({ 'app.log': 'failed: SVCSTG.SWR.4001048\n' });
    fifo(path.join(dir, '.vscode/error-codes/x.json'));
    const r = run(['scan', 'app.log'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /x\.json:1:1: a named pipe \(FIFO\), not a regular file: not read \(not loaded\)/);
    assert.match(r.out, /1 +SVCSTG\.SWR\.4001048/);
  });

  test('a link to /dev/zero as a workspace catalog, as .error-codes.json, and as a checked x.ts: each refused by name, quickly', () => {
    const catalog = project({ 'a.ts': HANDLER });
    link('/dev/zero', path.join(catalog, '.vscode/error-codes/evil.json'));
    const c = run(['check', 'a.ts'], catalog);
    assert.equal(c.code, 0);
    assert.match(c.err, /evil\.json:1:1: a symbolic link to \/dev\/zero, outside .*: not followed \(not loaded\)/);

    const config = project({ 'a.ts': HANDLER });
    link('/dev/zero', path.join(config, '.error-codes.json'));
    const s = run(['check', 'a.ts'], config);
    assert.equal(s.code, 2);
    assert.match(s.err, /\.error-codes\.json: a symbolic link to \/dev\/zero, outside .*: not followed/);

    const checked = project({ 'a.ts': HANDLER });
    link('/dev/zero', path.join(checked, 'x.ts'));
    const x = run(['check', 'x.ts', 'a.ts'], checked);
    assert.equal(x.code, 2, 'a file named on the command line that cannot be checked is an input error');
    assert.match(x.err, /skipped x\.ts: a character device, not a regular file: not read/);
    assert.match(x.err, /1 file checked/);
  });

  test('a named pipe named on the command line, and a folder holding one, are skipped with a message', () => {
    const dir = project({ 'logs/ok.log': 'IMG.0024\n' });
    fifo(path.join(dir, 'logs/pipe.log'));
    fifo(path.join(dir, 'named.log'));
    const r = run(['scan', 'named.log', 'logs'], dir);
    assert.equal(r.code, 2, 'a log named on the command line that cannot be read is an input error; the one found in the folder is not');
    assert.match(r.err, /skipped named\.log: a named pipe \(FIFO\), not a regular file: not read/);
    assert.match(r.out, /1 +IMG\.0024/);
  });

  test('a .gitignore that is a pipe, or a link, is not read (git does not follow it either); the walk goes on', () => {
    const dir = project({ 'src/a.log': 'IMG.0024\n', 'other/b.log': 'IMG.0024\n', 'elsewhere/rules': '*.log\n' });
    fifo(path.join(dir, 'src/.gitignore'));
    link(path.join(dir, 'elsewhere/rules'), path.join(dir, 'other/.gitignore'));
    const r = run(['scan', 'src', 'other'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /src\/\.gitignore: a named pipe \(FIFO\), not a regular file: not read/);
    assert.match(r.err, /other\/\.gitignore: a symbolic link: not followed/);
    assert.match(r.out, /2 +IMG\.0024/);
  });

  test('a link out of the project is followed where the user named the path (--config), not where the project names it', () => {
    const outside = project({ 'settings.json': '{ "language": "zh-CN" }' });
    const dir = project({ 'a.ts': HANDLER });
    link(path.join(outside, 'settings.json'), path.join(dir, '.error-codes.json'));
    assert.match(run(['check', 'a.ts'], dir).err, /a symbolic link to .*settings\.json, outside/);
    const named = run(['check', '--config', '.error-codes.json', 'a.ts'], dir);
    assert.equal(named.code, 0);
    assert.doesNotMatch(named.err, /symbolic link/);
  });
});

describe('readTextBounded', () => {
  test('a file larger than it said it was is not read past the limit', { skip: !fs.existsSync('/proc/self/maps') && 'no /proc' }, () => {
    // /proc files report a size of 0 and hold more: what a file growing while it is read looks like.
    assert.equal(fs.statSync('/proc/self/maps').size, 0);
    assert.throws(
      () => readTextBounded('/proc/self/maps', { maxBytes: 16, links: 'follow' }),
      (err: unknown) => err instanceof RefusedRead && /grew past 16 bytes/.test(err.reason),
    );
    assert.ok(readTextBounded('/proc/self/maps', { maxBytes: 16 * 1024 * 1024, links: 'follow' }).length > 16);
  });

  test("a file over the limit is refused by its size, with the caller's words", () => {
    const dir = project({ 'big.json': 'x'.repeat(1000) });
    assert.throws(
      () => readTextBounded(path.join(dir, 'big.json'), { maxBytes: 999, links: 'refuse', tooLarge: (n) => `${n} is too many` }),
      /1000 is too many/,
    );
    assert.equal(readTextBounded(path.join(dir, 'big.json'), { maxBytes: 1000, links: 'refuse' }).length, 1000);
  });

  test('a folder is refused as what it is', () => {
    const dir = project({ 'x/a': '' });
    assert.throws(() => readTextBounded(path.join(dir, 'x'), { maxBytes: 100, links: 'follow' }), /a folder, not a regular file/);
  });
});

describe('globs', () => {
  test('ordinary patterns match as picomatch matches them (property)', () => {
    const segment = fc
      .array(fc.constantFrom('a', 'b', '.', 'ab', 'x.ts', '.git'), { minLength: 1, maxLength: 3 })
      .map((a) => a.join(''))
      .filter((s) => s !== '.' && s !== '..');
    const file = fc.array(segment, { minLength: 1, maxLength: 5 }).map((a) => a.join('/'));
    const atom = fc.constantFrom('a', 'b', '.', 'x', '*', '?', '[ab]', '[a-b]', '[^a]', '{a,b}', '{a,x.ts}', '*.ts', '{a,b/a}', '{*.ts,a*}', '.git', '\\.');
    const patternSegment = fc.oneof(
      { arbitrary: fc.constant('**'), weight: 1 },
      { arbitrary: fc.array(atom, { minLength: 1, maxLength: 3 }).map((a) => a.join('')), weight: 3 },
    );
    // `**` only as a whole segment: picomatch reads `**.ts` at the start as crossing folders and `a**` as `a*`.
    const pattern = fc
      .array(patternSegment, { minLength: 1, maxLength: 4 })
      .map((a) => a.join('/'))
      .filter((p) => !/[^/]\*\*|\*\*[^/]/.test(p));
    fc.assert(
      fc.property(pattern, fc.array(file, { minLength: 1, maxLength: 8 }), (p, files) => {
        const theirs = picomatch(p, { dot: true });
        const ours = compileGlobs([p]);
        // `X/**` matches X itself here always; picomatch does so only when X holds no wildcard.
        const parent = p.endsWith('/**') ? picomatch(p.replace(/(\/\*\*)+$/, ''), { dot: true }) : () => false;
        for (const f of files) if (!parent(f)) assert.equal(ours(f), theirs(f), `${p} against ${f}`);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  test("the settings' default patterns and common excludes", () => {
    const include = compileGlobs([
      '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go,java,cs,rs,kt,kts,c,h,cc,cpp,cxx,hpp,hh,swift,json,jsonc}',
      '**/*.log',
      '**/*.log.[0-9]*',
    ]);
    for (const f of ['a.ts', 'src/x/y.py', 'logs/app.log', 'logs/app.log.1', '.hidden/a.go']) assert.ok(include(f), f);
    for (const f of ['a.txt', 'logs/app.logx', 'logs/app.log.x', 'ts']) assert.ok(!include(f), f);
    const exclude = compileGlobs(['**/node_modules/**', '**/.venv/**', 'build/**', '[!s]*/gen/**']);
    for (const f of ['node_modules/a.ts', 'x/node_modules/y/z.ts', '.venv/lib/a.py', 'build/a.js', 'lib/gen/a.ts']) assert.ok(exclude(f), f);
    for (const f of ['src/a.ts', 'x/node_modulesx/a.ts', 'src/build/a.js', 'src/gen/a.ts']) assert.ok(!exclude(f), f);
  });

  test('a backtracking pattern costs work in proportion to the name: doubling the name at most doubles it', () => {
    const hostile = '**/*a*a*a*a*a*a*a*a*b';
    const work = (n: number) => {
      const m = compileGlobs([hostile]);
      const before = globWork.visits;
      assert.equal(m(`x/${'a'.repeat(n)}`), false);
      return globWork.visits - before;
    };
    const [w60, w120, w240] = [work(60), work(120), work(240)];
    assert.ok(w120 <= 2.2 * w60 && w240 <= 2.2 * w120, `work ${w60}, ${w120}, ${w240}`);
    // picomatch's regular expression on 60 `a`s ran for over 30 s; here a few thousand states at most.
    assert.ok(w240 < 100_000, `work ${w240}`);
  });

  test('patterns VS Code does not have, or too long, are refused with the reason', () => {
    const m = compileGlobs(['!**/*.ts', '**/+(a|b).ts', `**/${'a'.repeat(2000)}`, '**/*.ts']);
    assert.deepEqual(
      m.refused.map((r) => r.reason.split(' ').slice(0, 3).join(' ')),
      ['a leading `!`', 'extended globs (`@(…)`,', 'longer than 1000'],
    );
    assert.ok(m('a/b.ts'));
  });
});

describe('hostile .gitignore lines', () => {
  test('a line with more than three ** is not applied and is reported with its line; the others are', () => {
    const deep = Array.from({ length: 30 }, () => 'a').join('/');
    const dir = project({ '.gitignore': `skip.log\n**/a/**/a/**/a/**/a/**/a/**/a/**/b\n`, [`${deep}/x.log`]: 'IMG.0024\n', 'skip.log': 'IMG.0024\n' });
    const r = run(['scan', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /\.gitignore:2: more than 3 `\*\*`: this line is not applied/);
    assert.match(r.out, /1 +IMG\.0024/, 'skip.log stays ignored, the deep file is scanned');
  });
});

describe('family counts', () => {
  function manyFamilies(n: number): Catalog {
    const families = Array.from({ length: n }, (_, i) => ({ pattern: `F${i}X\\.[0-9]{4}`, name: `F${i}X` }));
    const codes = Array.from({ length: n }, (_, i) => ({ code: `F${i}X.${String(1000 + (i % 9000))}`, httpStatus: 400, message: { en: 'm' } }));
    return { id: 'many', service: { en: 'Many' }, families, codes } as unknown as Catalog;
  }

  test('a catalog of 20,000 families: the families in force stay at the bound, the rest are refused naming the file', () => {
    const bundled = bundledCatalogs(CATALOG_DIR).map((catalog) => ({ catalog, origin: 'bundled' }));
    const index = new CatalogIndex([...bundled, { catalog: manyFamilies(20_000), origin: '/w/.vscode/error-codes/many.json' }]);
    assert.equal(index.families.length, MAX_FAMILIES);
    // The bundled families come first and stay.
    for (const prefix of ['SVCSTG.SWR.', 'IMG.']) assert.ok(index.familyByPrefix(prefix), prefix);
    // Bundled families of the same prefix are one family in force (VPC's and ELB's `VPC.`).
    const over = 20_000 - (MAX_FAMILIES - new CatalogIndex(bundled).families.length);
    assert.ok(
      index.problems.includes(
        `/w/.vscode/error-codes/many.json: ${over} families are not used, nor their codes: at most ${MAX_FAMILIES} families of each kind are in force, all catalogs together`,
      ),
      index.problems[0],
    );
    assert.ok(index.problems.length <= 10, `${index.problems.length} problems`);
  });

  test('scan with such a catalog in the workspace finishes and says why families are missing', () => {
    const dir = project({ 'app.log': 'x SVCSTG.SWR.4001048 F3X.1003 F19999X.1000\n'.repeat(1000) });
    fs.mkdirSync(path.join(dir, '.vscode/error-codes'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.vscode/error-codes/many.json'), JSON.stringify(manyFamilies(20_000)));
    const r = run(['scan', 'app.log'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /many\.json: \d+ families are not used/);
    assert.match(r.out, /1000 +F3X\.1003/);
    assert.doesNotMatch(r.out, /F19999X/);
  });
});

describe('files a checked project names for itself stay inside it', () => {
  // A pull request that names a file of the CI machine as a catalog would otherwise have its
  // first characters printed in the catalog's error message, in a log the pull request's author reads.
  const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY';
  function secretOutside(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-secret-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'credentials'), `${SECRET}\n`);
    fs.writeFileSync(path.join(dir, 'x.json'), `{"note": "${SECRET}"}\n`);
    return dir;
  }

  test("a catalog named by the project's settings outside the project is not read, and nothing of it is printed", () => {
    const outside = secretOutside();
    for (const config of <Record<string, string>[]>[
      { '.vscode/settings.json': JSON.stringify({ 'errorCodes.catalogs': [path.join(outside, 'credentials')] }) },
      { '.error-codes.json': JSON.stringify({ catalogs: ['../' + path.relative(os.tmpdir(), path.join(outside, 'credentials'))] }) },
    ]) {
      const dir = project({ 'a.ts': HANDLER, ...config });
      const r = run(['check', 'a.ts'], dir);
      assert.doesNotMatch(r.out + r.err, /wJalrXUtnFEMI/, 'no part of the file outside is printed');
      assert.match(r.err, /outside .*not read/, r.err);
      assert.equal(r.code, 0, 'the bundled catalogs still check the file');
    }
  });

  test('a project folder of catalogs that links out of the project is not read', () => {
    const outside = secretOutside();
    const dir = project({ 'a.ts': HANDLER });
    link(outside, path.join(dir, '.vscode', 'error-codes'));
    const r = run(['check', 'a.ts'], dir);
    assert.doesNotMatch(r.out + r.err, /wJalrXUtnFEMI/);
    assert.match(r.err, /outside .*not read/, r.err);
  });

  test('a catalog the user names with --config is theirs to place anywhere', () => {
    const outside = secretOutside();
    const catalog = path.join(outside, 'team.json');
    fs.writeFileSync(
      catalog,
      JSON.stringify({
        id: 'team',
        service: { en: 'Team' },
        families: [{ pattern: 'TEAMX\\.[0-9]{4}', name: 'TEAMX' }],
        codes: [{ code: 'TEAMX.0001', httpStatus: 400, message: { en: 'Team error' } }],
      }),
    );
    const config = path.join(outside, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ catalogs: [catalog] }));
    const dir = project({ 'a.ts': 'if (code === "TEAMX.0001") {}\n' });
    const r = run(['explain', 'TEAMX.0001', '--config', config], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Team error/);
  });
});
