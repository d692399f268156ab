// The command line as a user runs it: dist/cli.js in a child process, on files in a temp folder.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { CLI_JS as CLI, ROOT } from '../support/root';

const run = (args: string[], cwd: string, input?: string) => runCli(args, cwd, { input });
const project = (files: Record<string, string | Buffer>) => tempProject(files, 'error-codes-cli-');

const HANDLER = 'switch (code) {\n  case "SVCSTG.SRW.4040010":\n    break;\n  case "SVCSTG.SWR.4000306":\n    break;\n}\n';

describe('explain', () => {
  test('prints status, message and the Chinese text; exit 0', () => {
    const r = run(['explain', 'SVCSTG.SWR.4001048'], ROOT);
    assert.equal(r.code, 0);
    assert.match(r.out, /SVCSTG\.SWR\.4001048 .*HTTP 400 Bad Request/);
    assert.match(r.out, /Failed to obtain the token\./);
    assert.match(r.out, /中文: 获取/);
  });

  test('--lang zh-CN explains in Chinese', () => {
    const r = run(['explain', '--lang', 'zh-CN', 'SVCSTG.SWR.4040010'], ROOT);
    assert.match(r.out, /镜像不存在/);
    assert.match(r.out, /English: The image does not exist\./);
  });

  test('an unknown code exits 1 and names close codes', () => {
    const r = run(['explain', 'SVCSTG.SRW.4040010'], ROOT);
    assert.equal(r.code, 1);
    assert.match(r.out, /SVCSTG\.SWR\.4040010/);
  });

  test('usage errors exit 2 with one line', () => {
    const r = run(['explain'], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.err, /^error-codes: explain needs at least one code/);
    assert.equal(run(['frobnicate'], ROOT).code, 2);
    assert.equal(run(['check', '--format', 'xml', '.'], ROOT).code, 2);
  });
});

describe('check', () => {
  test('text output: file:line:col, severity, message, exit 1', () => {
    const dir = project({ 'src/h.ts': HANDLER });
    const r = run(['check', 'src'], dir);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^src[/\\]h\.ts:2:9: warning: `SVCSTG\.SRW\.4040010` is not a known SWR error code; did you mean `SVCSTG\.SWR\.4040010`/);
    assert.match(lines[1], /^src[/\\]h\.ts:4:9: info: .*\[unknown\]$/);
  });

  test('progress goes to a terminal only: piped, standard error holds just the summary', () => {
    const dir = project({ 'a.ts': HANDLER, 'b.ts': HANDLER });
    const r = run(['check', '.'], dir);
    assert.doesNotMatch(r.err, /\r|\x1b\[/);
    assert.equal(r.err.trim(), '2 files checked, 4 problems');
  });

  test('no problems: exit 0', () => {
    const dir = project({ 'ok.go': 'if code == "SVCSTG.SWR.4040010" {}\n' });
    const r = run(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  test('json output carries candidates and the preferred fix', () => {
    const dir = project({ 'h.ts': HANDLER });
    const r = run(['check', '--format', 'json', 'h.ts'], dir);
    const out = JSON.parse(r.out);
    assert.equal(out.length, 2);
    assert.equal(out[0].code, 'SVCSTG.SRW.4040010');
    assert.equal(out[0].preferred, 'SVCSTG.SWR.4040010');
    assert.equal(out[0].line, 2);
    assert.equal(out[1].kind, 'unknown');
  });

  test('sarif output is SARIF 2.1.0 with rules, levels, regions and fixes', () => {
    const dir = project({ 'h.ts': HANDLER });
    const sarif = JSON.parse(run(['check', '--format', 'sarif', '.'], dir).out);
    assert.equal(sarif.version, '2.1.0');
    const runObj = sarif.runs[0];
    assert.deepEqual(
      runObj.tool.driver.rules.map((r: { id: string }) => r.id),
      ['misspelled', 'unknown'],
    );
    const [first, second] = runObj.results;
    assert.equal(first.ruleId, 'misspelled');
    assert.equal(first.level, 'warning');
    assert.equal(second.level, 'note');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 2, startColumn: 9, endLine: 2, endColumn: 27 });
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'h.ts');
    assert.equal(first.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'SVCSTG.SWR.4040010');
  });

  test('--fix applies preferred fixes only, keeping BOM, CRLF and every other byte', () => {
    const original = '\ufeff// 注释 😀\r\n' + HANDLER.replace(/\n/g, '\r\n');
    const dir = project({ 'h.ts': original });
    const r = run(['check', '--fix', 'h.ts'], dir);
    assert.equal(r.code, 1, 'the unknown code is still reported');
    const after = fs.readFileSync(path.join(dir, 'h.ts'), 'utf8');
    assert.equal(after, original.replace('SVCSTG.SRW.4040010', 'SVCSTG.SWR.4040010'));
    assert.deepEqual(fs.readdirSync(dir), ['h.ts'], 'no temporary file is left behind');
  });

  test('settings come from .vscode/settings.json and .error-codes.json, the latter winning', () => {
    const dir = project({
      '.vscode/settings.json': '{\n  // editor settings\n  "errorCodes.diagnostics.unknown": "off",\n  "errorCodes.diagnostics.misspelled": "error",\n}\n',
      '.error-codes.json': '{ "diagnostics": { "misspelled": "hint" } }',
      'h.ts': HANDLER,
    });
    const lines = run(['check', 'h.ts'], dir).out.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /: hint: /);
  });

  test('a broken config file is named with its line and column; exit 2', () => {
    const dir = project({ '.error-codes.json': '{\n  "ignore": [\n}', 'h.ts': HANDLER });
    const r = run(['check', 'h.ts'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /\.error-codes\.json:3:1: /);
  });

  test('a wrong setting value is reported and the rest still applies', () => {
    const dir = project({ '.error-codes.json': '{ "diagnostics": { "misspelled": "loud", "unknown": "off" } }', 'h.ts': HANDLER });
    const r = run(['check', 'h.ts'], dir);
    assert.match(r.err, /errorCodes\.diagnostics\.misspelled: expected .*got "loud"/);
    assert.equal(r.out.trim().split('\n').length, 1, 'unknown is off; misspelled falls back to its default');
  });

  test('.gitignore is honoured; binary and non-UTF-8 files are skipped and said so', () => {
    const dir = project({
      '.gitignore': 'build/\n',
      'build/gen.ts': HANDLER,
      'bin.ts': Buffer.from([0x63, 0x61, 0x73, 0x65, 0x00, 0x01, 0x02]),
      'latin1.ts': Buffer.from('// caf\xe9\ncase "SVCSTG.SRW.4040010":\n', 'latin1'),
      'src/h.ts': HANDLER,
    });
    const r = run(['check', '.'], dir);
    assert.doesNotMatch(r.out, /build/);
    assert.match(r.out, /src[/\\]h\.ts/);
    assert.match(r.err, /skipped bin\.ts: binary file/);
    assert.match(r.err, /skipped latin1\.ts: not UTF-8 \(byte 0xE9 at line 1, byte 7 of the line\)/);
  });

  test('an unreadable path is reported and the others still checked', () => {
    const dir = project({ 'h.ts': HANDLER });
    const r = run(['check', 'missing-dir', 'h.ts'], dir);
    assert.match(r.err, /skipped missing-dir: cannot read: ENOENT/);
    assert.match(r.out, /h\.ts:2:9/);
  });
});

describe('scan', () => {
  const LOG = [
    '2026-11-20 ERROR [{"errorCode": "SVCSTG.SWR.4040010", "errorMessage": "The image does not exist."}]',
    '2026-11-20 ERROR {"error": {"message": "x", "code": "IMG.0024"}} v1.2.3 10.0.0.1',
    '2026-11-20 ERROR [{"errorCode": "SVCSTG.SWR.4040010"}] and SVCSTG.SWR.4000306 and XQZW.0101',
  ].join('\n');

  test('counts codes, most frequent first, known and unknown', () => {
    const dir = project({ 'app.log': LOG });
    const r = run(['scan', 'app.log'], dir);
    assert.equal(r.code, 0);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).slice(0, 2));
    assert.deepEqual(rows, [
      ['2', 'SVCSTG.SWR.4040010'],
      ['1', 'IMG.0024'],
      ['1', 'SVCSTG.SWR.4000306'],
    ]);
  });

  test('json output, from standard input', () => {
    const r = run(['scan', '--format', 'json', '-'], ROOT, LOG);
    const out = JSON.parse(r.out);
    assert.equal(out.codes[0].code, 'SVCSTG.SWR.4040010');
    assert.equal(out.codes[0].count, 2);
    assert.equal(out.codes[0].httpStatus, 404);
    assert.deepEqual(out.codes[0].first, { file: '<stdin>', line: 1 });
    assert.equal(out.codes.find((c: { code: string }) => c.code === 'SVCSTG.SWR.4000306').known, false);
  });

  test('a code split across read chunks is still found once (a 9 MB log)', () => {
    const filler = 'x'.repeat(99) + '\n';
    const lines: string[] = [];
    for (let i = 0; i < 90_000; i++) lines.push(i % 1000 === 0 ? 'got IMG.0024 here\n' : filler);
    const dir = project({ 'big.log': lines.join('') });
    const out = JSON.parse(run(['scan', '--format', 'json', 'big.log'], dir).out);
    assert.equal(out.codes[0].count, 90);
    assert.equal(out.codes[0].first.line, 1);
  });

  test('a binary file renamed .log is skipped and said so', () => {
    const dir = project({ 'core.log': Buffer.concat([Buffer.from('IMG.0024'), Buffer.alloc(64)]) });
    const r = run(['scan', '.'], dir);
    assert.match(r.err, /skipped .*core\.log: binary file/);
  });
});

describe('import', () => {
  const EN = [
    '# ECS error codes',
    '',
    '| Status Code | Error Code | Error Message | Description | Handling Measure |',
    '|---|---|---|---|---|',
    '| 400 | Ecs.0001 | Invalid parameter. | The request has an invalid **flavor**. | Check the request. |',
    '| 404 | Ecs.0114 | The ECS does not exist. | The ECS cannot be found. | Check the ECS ID. |',
  ].join('\n');
  const ZH = ['|状态码|错误码|错误信息|描述|处理措施|', '|--|--|--|--|--|', '|404|Ecs.0114|云服务器不存在。|找不到云服务器。|检查云服务器ID。|'].join('\n');

  test('a page becomes a catalog the editor loads; a second locale merges in', () => {
    const dir = project({ 'ecs-en.md': EN, 'ecs-zh.md': ZH });
    const r = run(['import', 'ecs-en.md', '--service', 'ecs', '--name', 'Elastic Cloud Server', '--out', '.vscode/error-codes/ecs.json'], dir);
    assert.equal(r.code, 0, r.err);
    const merged = run(['import', 'ecs-zh.md', '--into', '.vscode/error-codes/ecs.json'], dir);
    assert.equal(merged.code, 0, merged.err);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, '.vscode/error-codes/ecs.json'), 'utf8'));
    assert.deepEqual(
      catalog.families.map((f: { pattern: string }) => f.pattern),
      ['Ecs\\.[0-9]{4}'],
    );
    const e = catalog.codes.find((c: { code: string }) => c.code === 'Ecs.0114');
    assert.deepEqual(e.message, { en: 'The ECS does not exist.', 'zh-CN': '云服务器不存在。' });
    assert.equal(catalog.codes[0].description.en, 'The request has an invalid `flavor`.');
    // The workspace catalog is picked up without configuration.
    const explained = run(['explain', 'Ecs.0114'], dir);
    assert.equal(explained.code, 0);
    assert.match(explained.out, /404 Not Found/);
    assert.match(explained.out, /云服务器不存在/);
  });

  test('rows that cannot be read are reported with their line; the rest is kept; exit 1', () => {
    const dir = project({ 'p.md': `${EN}\n| 400 | Ecs.0002 |` });
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'ecs.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /p\.md:7: row not read/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'ecs.json'), 'utf8')).codes.length, 2);
  });

  test('a page with no table writes nothing and exits 2', () => {
    const dir = project({ 'p.md': 'just prose\n' });
    const r = run(['import', 'p.md', '--service', 'ecs', '--out', 'ecs.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /p\.md.*expected a table/);
    assert.equal(fs.existsSync(path.join(dir, 'ecs.json')), false);
  });
});

describe('config', () => {
  test('lists the catalogs in force with their origins, and the settings with their files', () => {
    const dir = project({
      '.vscode/settings.json': '{ "errorCodes.diagnostics.unknown": "off" }',
      '.vscode/error-codes/team.yaml':
        'id: team\nservice: { en: Team }\nfamilies: [{ pattern: "APIGW\\\\.[0-9]{4}", name: APIGW }]\ncodes: [{ code: APIGW.0301, httpStatus: 401, message: { en: Bad IAM credentials. } }]\n',
    });
    const r = run(['config'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /swr\s+190 codes\s+SWR, S2I\s+bundled/);
    assert.match(r.out, /team\s+1 codes\s+APIGW\s+.*team\.yaml/);
    assert.match(r.out, /settings\.json/);
    assert.match(r.out, /"unknown": "off"/);
  });
});

describe('start-up cache', () => {
  const explainWith = (cache: string) =>
    spawnSync(process.execPath, [CLI, 'explain', 'IMG.0024'], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C', XDG_CACHE_HOME: cache, ERROR_CODES_NO_COMPILE_CACHE: '' },
    });

  test('the command line keeps its compiled code, survives a damaged copy, and drops copies unused for 30 days', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-cache-'));
    try {
      const first = explainWith(cache);
      assert.equal(first.status, 0, first.stderr);
      const dir = path.join(cache, 'error-codes');
      const ours = fs.readdirSync(dir).filter((n) => n.endsWith('.v8'));
      assert.equal(ours.length, 1, `cache files: ${ours.join(', ')}`);
      const file = path.join(dir, ours[0]!);

      // A damaged cache is only a slower start: the answer is the same, and a good copy replaces it.
      fs.writeFileSync(file, 'not V8 code');
      const damaged = explainWith(cache);
      assert.equal(damaged.status, 0, damaged.stderr);
      assert.equal(damaged.stdout, first.stdout);
      assert.notEqual(fs.readFileSync(file, 'utf8'), 'not V8 code');

      // Another build's copies: an old one goes when a new copy is written, a recent one and other files stay.
      const old = path.join(dir, 'cli-0000000000000000-v0.0.0-x64.v8');
      const recent = path.join(dir, 'cli-1111111111111111-v0.0.0-x64.v8');
      const other = path.join(dir, 'notes.txt');
      for (const f of [old, recent, other]) fs.writeFileSync(f, 'x');
      const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
      fs.utimesSync(old, longAgo, longAgo);
      fs.utimesSync(other, longAgo, longAgo);
      fs.rmSync(file);
      assert.equal(explainWith(cache).status, 0);
      assert.ok(fs.existsSync(file), 'the cache was not written again');
      assert.ok(!fs.existsSync(old), 'a copy unused for 40 days was kept');
      assert.ok(fs.existsSync(recent) && fs.existsSync(other), 'a recent copy or a file that is not a cache was removed');
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
