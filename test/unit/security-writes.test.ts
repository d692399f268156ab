// Writes made by the tool in a hostile repository: planted links at temporary names, targets
// that are links, hard links, devices, FIFOs or read-only files, edits racing a fix, folders
// that cannot be written, and the exit codes a CI job relies on.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileState, stageWrite, writeFileSafely, WriteRefused } from '../../server/src/safeWrite';
import { writeCatalogs, type BuiltCatalog } from '../../server/src/node/recipeFiles';
import { runCli, type CliOptions } from '../support/cli';
import { tempDir as makeTempDir, tempProject } from '../support/files';
import { FIXED_CODE, HANDLER, TYPO_CODE } from '../support/fixtures';
import { CLI_JS as CLI } from '../support/root';

const ENV = { ...process.env, LANG: 'C', ERROR_CODES_NO_COMPILE_CACHE: '1' };
const FIXED = HANDLER.replace(TYPO_CODE, FIXED_CODE);
// Generous: only the old behaviours (a read of a FIFO or of /dev/zero) come near it.
const TIMEOUT = 30_000;

const run = (args: string[], cwd: string, extra: CliOptions = {}) => runCli(args, cwd, { env: ENV, timeout: TIMEOUT, ...extra });

/** Runs the CLI through a shell that plants `link` (a name that may use $$, the CLI's pid after exec) first. */
function runAfterPlanting(link: string, target: string, args: string[], cwd: string) {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('/bin/sh', ['-c', `ln -s '${target}' "${link}" && exec ${quoted}`], { cwd, encoding: 'utf8', env: ENV, timeout: TIMEOUT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tempDir = (prefix = 'error-codes-writes-') => makeTempDir(prefix);
const project = (files: Record<string, string | Buffer>) => tempProject(files, 'error-codes-writes-');

function leftovers(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => n.endsWith('.tmp'));
}

const NO_STACK = /^\s+at /m;
const posix = process.platform !== 'win32';
const root = process.getuid?.() === 0;

describe('check --fix: planted links and link targets', { skip: !posix && 'symbolic links and FIFOs need a POSIX system' }, () => {
  test('links planted at the old predictable temporary name and at random-looking ones are not written through', () => {
    const dir = project({ 'h.ts': HANDLER });
    const outside = tempDir();
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const guesses = ['0123456789abcdef', 'deadbeefdeadbeef', 'ffffffffffffffff'].map((hex) => `.h.ts.${hex}.error-codes.tmp`);
    for (const g of guesses) fs.symlinkSync(victim, path.join(dir, g));
    const r = runAfterPlanting('.h.ts.error-codes-$$.tmp', victim, ['check', '--fix', 'h.ts'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the file outside the project was overwritten');
    const st = fs.lstatSync(path.join(dir, 'h.ts'));
    assert.ok(st.isFile(), 'the checked file was turned into a link');
    assert.equal(fs.readFileSync(path.join(dir, 'h.ts'), 'utf8'), FIXED);
    for (const g of guesses) assert.ok(fs.lstatSync(path.join(dir, g)).isSymbolicLink());
  });

  test('a link named on the command line is refused with a message, left a link, its target untouched; exit 2', () => {
    const dir = project({ 'real/h.ts': HANDLER });
    fs.symlinkSync(path.join('real', 'h.ts'), path.join(dir, 'link.ts'));
    const r = run(['check', '--fix', 'link.ts'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /link\.ts: is a symbolic link to real[/\\]h\.ts: not written/);
    assert.doesNotMatch(r.err, NO_STACK);
    assert.match(r.out, /link\.ts:2:9: warning/, 'the problems are still reported');
    assert.ok(fs.lstatSync(path.join(dir, 'link.ts')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real', 'h.ts'), 'utf8'), HANDLER);
  });

  test('a hard-linked file is refused, both names keep the same content and inode', () => {
    const dir = project({ 'h.ts': HANDLER });
    fs.linkSync(path.join(dir, 'h.ts'), path.join(dir, 'twin.txt'));
    const r = run(['check', '--fix', 'h.ts'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /h\.ts: has 2 hard links: not written/);
    assert.equal(fs.statSync(path.join(dir, 'h.ts')).ino, fs.statSync(path.join(dir, 'twin.txt')).ino);
    assert.equal(fs.readFileSync(path.join(dir, 'h.ts'), 'utf8'), HANDLER);
  });

  test('a read-only file is refused, not rewritten; its mode stays', () => {
    const dir = project({ 'h.ts': HANDLER });
    fs.chmodSync(path.join(dir, 'h.ts'), 0o444);
    const r = run(['check', '--fix', 'h.ts'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /h\.ts: is read-only: not written/);
    assert.equal(fs.readFileSync(path.join(dir, 'h.ts'), 'utf8'), HANDLER);
    assert.equal(fs.statSync(path.join(dir, 'h.ts')).mode & 0o777, 0o444);
  });

  test('a fixed file keeps its mode, whatever the umask', () => {
    const dir = project({ 'h.ts': HANDLER });
    fs.chmodSync(path.join(dir, 'h.ts'), 0o664);
    const r = run(['check', '--fix', 'h.ts'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(path.join(dir, 'h.ts'), 'utf8'), FIXED);
    assert.equal(fs.statSync(path.join(dir, 'h.ts')).mode & 0o777, 0o664);
  });

  test('one refused file is reported and the run goes on to the next; no stack trace, nothing left behind', () => {
    const dir = project({ 'a.ts': HANDLER, 'b.ts': HANDLER, 'c.ts': HANDLER });
    fs.chmodSync(path.join(dir, 'a.ts'), 0o444);
    fs.linkSync(path.join(dir, 'b.ts'), path.join(dir, 'b-twin.txt'));
    const r = run(['check', '--fix', '.'], dir);
    assert.equal(r.code, 2, 'a failed fix must fail the run');
    assert.doesNotMatch(r.err, NO_STACK);
    assert.match(r.err, /a\.ts: is read-only/);
    assert.match(r.err, /b\.ts: has 2 hard links/);
    assert.equal(fs.readFileSync(path.join(dir, 'c.ts'), 'utf8'), FIXED);
    assert.deepEqual(leftovers(dir), []);
  });

  test('a file in a folder that cannot be written is reported; files after it are still fixed', { skip: !posix && 'needs folder permissions' }, () => {
    const dir = project({ 'a-locked/h.ts': HANDLER, 'b-open/h.ts': HANDLER });
    // As root a folder's mode stops nothing: the CLI then runs as nobody, who owns the files but not the locked folder.
    const as: CliOptions = root ? { uid: 65534, gid: 65534 } : {};
    if (root) {
      fs.chmodSync(dir, 0o755);
      for (const f of ['a-locked', 'a-locked/h.ts', 'b-open', 'b-open/h.ts']) fs.chownSync(path.join(dir, f), 65534, 65534);
      fs.chownSync(path.join(dir, 'a-locked'), 0, 0);
    }
    fs.chmodSync(path.join(dir, 'a-locked'), 0o555);
    const r = run(['check', '--fix', '.'], dir, as);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.err, NO_STACK);
    assert.match(r.err, /a-locked[/\\]h\.ts: cannot write in a-locked: EACCES/);
    assert.equal(fs.readFileSync(path.join(dir, 'a-locked', 'h.ts'), 'utf8'), HANDLER);
    assert.equal(fs.readFileSync(path.join(dir, 'b-open', 'h.ts'), 'utf8'), FIXED);
    assert.deepEqual(leftovers(dir), []);
  });

  test('a folder of the project that is a link out of it is read, but nothing is written through it', () => {
    const dir = project({});
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'h.ts'), HANDLER);
    fs.symlinkSync(outside, path.join(dir, 'src'));
    const r = run(['check', '--fix', 'src'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /src[/\\]h\.ts: the folder .*src is a symbolic link: not written through it/);
    assert.match(r.out, /src[/\\]h\.ts:2:9: warning/);
    assert.equal(fs.readFileSync(path.join(outside, 'h.ts'), 'utf8'), HANDLER);
    assert.deepEqual(leftovers(outside), []);
  });

  test('a file whose name leaves no room for a temporary suffix is still fixed', () => {
    const name = `${'n'.repeat(240)}.ts`;
    const dir = project({ [name]: HANDLER });
    const r = run(['check', '--fix', name], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), FIXED);
  });
});

describe('check and scan: exit codes for what was named', () => {
  test('a named path that does not exist: named, exit 2; the other files are still checked', () => {
    const dir = project({ 'ok.go': 'if code == "SVCSTG.SWR.4040010" {}\n' });
    const r = run(['check', 'nonexistent.ts', 'ok.go'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /nonexistent\.ts: cannot read: ENOENT/);
    assert.match(r.err, /1 file checked/);
  });

  test('a named file that is skipped (UTF-16, too large) is an input error; exit 2', () => {
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('case "SVCSTG.SRW.4040010":\n', 'utf16le')]);
    const dir = project({ 'u16.ts': u16, 'big.ts': HANDLER.repeat(10), '.error-codes.json': '{ "maxFileSize": 100 }' });
    const a = run(['check', 'u16.ts'], dir);
    assert.equal(a.code, 2);
    assert.match(a.err, /skipped u16\.ts: /);
    const b = run(['check', 'big.ts'], dir);
    assert.equal(b.code, 2);
    assert.match(b.err, /skipped big\.ts: larger than 100 bytes/);
  });

  test('files skipped while walking a folder are reported but fail nothing', () => {
    const dir = project({ 'bin.ts': Buffer.from([0x63, 0x00, 0x01]), 'ok.go': 'if code == "SVCSTG.SWR.4040010" {}\n' });
    const r = run(['check', '.'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /skipped bin\.ts: binary file/);
  });

  test('scan of a named log that does not exist exits 2; scan of a folder with a binary file exits 0', () => {
    const dir = project({ 'logs/core.log': Buffer.concat([Buffer.from('IMG.0024'), Buffer.alloc(64)]), 'logs/app.log': 'IMG.0024\n' });
    const missing = run(['scan', 'nonexistent.log'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nonexistent\.log: cannot read: ENOENT/);
    const folder = run(['scan', 'logs'], dir);
    assert.equal(folder.code, 0, folder.err);
    assert.match(folder.err, /skipped .*core\.log: binary file/);
  });

  test('a FIFO or a link to /dev/zero named to check is refused at once, not read; exit 2', { skip: !posix && 'needs FIFOs and /dev/zero' }, () => {
    const dir = project({});
    const mk = spawnSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    assert.equal(mk.status, 0, 'mkfifo is needed for this test');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.ts'));
    for (const name of ['pipe.ts', 'zero.ts']) {
      const r = run(['check', '--fix', name], dir);
      assert.equal(r.signal, null, `${name}: the check did not finish`);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`skipped ${name.replace('.', '\\.')}: .*not a regular file`));
    }
    assert.ok(fs.lstatSync(path.join(dir, 'pipe.ts')).isFIFO());
    assert.ok(fs.lstatSync(path.join(dir, 'zero.ts')).isSymbolicLink());
  });
});

describe('import --out: special and linked targets', { skip: !posix && 'symbolic links and FIFOs need a POSIX system' }, () => {
  const PAGE =
    '| Status Code | Error Code | Error Message | Description | Handling Measure |\n|---|---|---|---|---|\n| 404 | Ecs.0114 | The ECS does not exist. | Not found. | Check the ID. |\n';

  test('a FIFO standing for /dev/null is refused and stays a FIFO', () => {
    const dir = project({ 'p.md': PAGE });
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'null')]).status, 0);
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'null'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /null: is a FIFO, not a regular file: not written/);
    assert.ok(fs.lstatSync(path.join(dir, 'null')).isFIFO(), 'the special file was replaced');
    assert.deepEqual(leftovers(dir), []);
  });

  test('an output that is a folder is refused, with what it is', () => {
    const dir = project({ 'p.md': PAGE, 'out/keep.txt': 'x' });
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'out'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /out: is a folder, not a regular file: not written/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'out')), ['keep.txt']);
  });

  test('an output that is a link to a file elsewhere is refused: the link and its target stay as they were', () => {
    const dir = project({ 'p.md': PAGE });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'keep.json'), '{}\n');
    fs.symlinkSync(path.join(outside, 'keep.json'), path.join(dir, 'ecs.json'));
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'ecs.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /ecs\.json: is a symbolic link/);
    assert.ok(fs.lstatSync(path.join(dir, 'ecs.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(outside, 'keep.json'), 'utf8'), '{}\n');
  });

  test('a link planted at the old predictable temporary name is not written through', () => {
    const dir = project({ 'p.md': PAGE });
    const outside = tempDir();
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const r = runAfterPlanting('ecs.json.error-codes-$$.tmp', victim, ['import', 'p.md', '--service', 'ecs', '--out', 'ecs.json'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(fs.lstatSync(path.join(dir, 'ecs.json')).isFile());
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'ecs.json'), 'utf8')).codes.length, 1);
  });

  test('a folder of the project that is a link out of it is not written through', () => {
    const dir = project({ 'p.md': PAGE });
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(dir, '.vscode'));
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', '.vscode/error-codes/ecs.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /the folder .*\.vscode is a symbolic link: not written through it/);
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  test('an output folder that cannot be written: one line, exit 2, nothing left behind', () => {
    const dir = project({ 'p.md': PAGE, 'locked/keep.txt': 'x' });
    const as: CliOptions = root ? { uid: 65534, gid: 65534 } : {};
    if (root) {
      fs.chmodSync(dir, 0o777);
      fs.chmodSync(path.join(dir, 'p.md'), 0o644);
    }
    fs.chmodSync(path.join(dir, 'locked'), 0o555);
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'locked/ecs.json'], dir, as);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.err, NO_STACK);
    assert.match(r.err, /locked[/\\]ecs\.json: cannot write in locked: EACCES/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'locked')), ['keep.txt']);
  });
});

describe('safe writes: the re-check before the rename', () => {
  test('an append made after the file was read is never overwritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'h.ts');
    fs.writeFileSync(file, HANDLER);
    const before = fileState(file);
    const content = fs.readFileSync(file);
    // Appended while the fix was being worked out: staging sees it.
    fs.appendFileSync(file, '// added meanwhile\n');
    assert.throws(
      () => stageWrite(file, FIXED, { expected: before, content }),
      (e) => e instanceof WriteRefused && /changed since it was read/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), `${HANDLER}// added meanwhile\n`);
    assert.deepEqual(leftovers(dir), []);
  });

  test('an append made after staging, just before the rename, is never overwritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'h.ts');
    fs.writeFileSync(file, HANDLER);
    const before = fileState(file);
    const content = fs.readFileSync(file);
    const staged = stageWrite(file, FIXED, { expected: before, content });
    fs.appendFileSync(file, '// added meanwhile\n');
    assert.throws(
      () => staged.commit(),
      (e) => e instanceof WriteRefused && /changed since it was read/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), `${HANDLER}// added meanwhile\n`);
    assert.deepEqual(leftovers(dir), []);
  });

  test("a file that appears at a new file's name meanwhile is not replaced", () => {
    const dir = tempDir();
    const file = path.join(dir, 'new.json');
    const staged = stageWrite(file, 'ours\n');
    fs.writeFileSync(file, 'theirs\n');
    assert.throws(
      () => staged.commit(),
      (e) => e instanceof WriteRefused && /created by something else/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'theirs\n');
    assert.deepEqual(leftovers(dir), []);
  });

  test('an unchanged file is replaced, and a new one created with the usual mode', () => {
    const dir = tempDir();
    const file = path.join(dir, 'h.ts');
    fs.writeFileSync(file, HANDLER);
    writeFileSafely(file, FIXED, { expected: fileState(file), content: Buffer.from(HANDLER) });
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    writeFileSafely(path.join(dir, 'sub', 'new.txt'), 'x', { makeFolders: true, root: dir });
    assert.equal(fs.readFileSync(path.join(dir, 'sub', 'new.txt'), 'utf8'), 'x');
    assert.deepEqual(leftovers(dir), []);
  });

  test('build-catalogs writes nothing when one target is a link: the others stay as they were', { skip: !posix && 'needs symbolic links' }, () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), 'old a\n');
    fs.writeFileSync(path.join(outside, 'b.json'), 'old b\n');
    fs.symlinkSync(path.join(outside, 'b.json'), path.join(dir, 'b.json'));
    const built = [
      { id: 'a', path: path.join(dir, 'a.json'), text: 'new a\n' },
      { id: 'b', path: path.join(dir, 'b.json'), text: 'new b\n' },
    ] as BuiltCatalog[];
    assert.throws(() => writeCatalogs(built), /b\.json: is a symbolic link/);
    assert.equal(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'), 'old a\n');
    assert.ok(fs.lstatSync(path.join(dir, 'b.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(outside, 'b.json'), 'utf8'), 'old b\n');
    assert.deepEqual(leftovers(dir), []);
  });
});

describe('start-up cache', { skip: !posix && 'needs symbolic links' }, () => {
  test('a link planted at the old predictable temporary name of the cache is not written through', () => {
    const cache = tempDir('error-codes-cache-');
    const env = { ...process.env, LANG: 'C', XDG_CACHE_HOME: cache, ERROR_CODES_NO_COMPILE_CACHE: '' };
    const first = spawnSync(process.execPath, [CLI, 'explain', 'IMG.0024'], { encoding: 'utf8', env });
    assert.equal(first.status, 0, first.stderr);
    const dir = path.join(cache, 'error-codes');
    const name = fs.readdirSync(dir).find((n) => n.endsWith('.v8'))!;
    fs.rmSync(path.join(dir, name));
    const victim = path.join(tempDir(), 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    const r = spawnSync('/bin/sh', ['-c', `ln -s '${victim}' "${path.join(dir, name)}.$$" && exec '${process.execPath}' '${CLI}' explain IMG.0024`], {
      encoding: 'utf8',
      env,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(fs.lstatSync(path.join(dir, name)).isFile(), 'the cache was not written, or is a link');
  });
});
