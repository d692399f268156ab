// Checks that the manifest, its translations and the client agree with each other and with
// protocol/settings.ts. VS Code shows a raw `%key%` or silently falls back to English when they
// drift, and nothing in the editor tests would notice, so these run without an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, SECTION } from '../../protocol';
import { CODE_LANGUAGES, TEXT_LANGUAGES } from '../../client/src/selector';
import { ROOT } from '../support/root';

const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const json = <T>(rel: string) => JSON.parse(read(rel)) as T;

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  l10n?: string;
  icon?: string;
  main: string;
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    jsonValidation?: Array<{ fileMatch: string | string[]; url: string }>;
    yamlValidation?: Array<{ fileMatch: string | string[]; url: string }>;
    configuration: {
      properties: Record<
        string,
        { default?: unknown; enum?: string[]; enumDescriptions?: string[]; scope?: string; description?: string; markdownDescription?: string }
      >;
    };
  };
  devDependencies: Record<string, string>;
}
const manifest = json<Manifest>('package.json');

function placeholders(text: string): string[] {
  return (text.match(/\{\d+\}/g) ?? []).sort();
}

test('every %key% in package.json has an English and a Chinese text, and no text is unused', () => {
  const keys = new Set([...read('package.json').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!));
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const texts = json<Record<string, string>>(file);
    const missing = [...keys].filter((k) => !(k in texts));
    const unused = Object.keys(texts).filter((k) => !keys.has(k));
    assert.deepEqual(missing, [], `${file} lacks ${missing.join(', ')}`);
    assert.deepEqual(unused, [], `${file} has texts nothing uses: ${unused.join(', ')}`);
  }
});

test('every runtime string (vscode.l10n.t) has a Chinese translation with the same placeholders', () => {
  const used = new Set<string>();
  for (const file of readdirSync(path.join(ROOT, 'client/src'))) {
    const source = read(`client/src/${file}`);
    // Either quote: the formatter writes a text holding an apostrophe in double quotes.
    for (const m of source.matchAll(/l10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) used.add((m[1] ?? m[2]!).replace(/\\(.)/g, '$1'));
  }
  assert.ok(used.size > 10, `found only ${used.size} strings; has the call style changed?`);
  assert.equal(manifest.l10n, './l10n');
  const zh = json<Record<string, string>>('l10n/bundle.l10n.zh-cn.json');
  const missing = [...used].filter((k) => !(k in zh));
  const stale = Object.keys(zh).filter((k) => !used.has(k));
  assert.deepEqual(missing, [], `no Chinese for: ${missing.join(' | ')}`);
  assert.deepEqual(stale, [], `translations of strings no longer used: ${stale.join(' | ')}`);
  for (const [en, text] of Object.entries(zh)) assert.deepEqual(placeholders(text), placeholders(en), `placeholders differ for "${en}"`);
});

test('the extension activates on exactly the languages the client hands to the server', () => {
  const expected = [...CODE_LANGUAGES, ...TEXT_LANGUAGES].map((l) => `onLanguage:${l}`).sort();
  assert.deepEqual([...manifest.activationEvents].sort(), expected);
});

test('setting defaults and choices match DEFAULT_SETTINGS in protocol/settings.ts', () => {
  const props = manifest.contributes.configuration.properties;
  const flat: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    else flat[prefix] = value;
  };
  walk(SECTION, DEFAULT_SETTINGS);
  for (const [key, value] of Object.entries(flat)) {
    assert.ok(props[key], `${key} is not contributed`);
    assert.deepEqual(props[key].default, value, `default of ${key}`);
  }
  const extra = Object.keys(props).filter((k) => !(k in flat) && k !== `${SECTION}.trace.server`);
  assert.deepEqual(extra, [], 'settings the server does not read');
  for (const [key, p] of Object.entries(props)) {
    assert.ok(p.description || p.markdownDescription, `${key} has no description`);
    assert.ok(p.scope, `${key} has no scope`);
    if (p.enum) assert.equal(p.enumDescriptions?.length, p.enum.length, `${key} needs one enumDescription per value`);
  }
  assert.deepEqual(props[`${SECTION}.diagnostics.misspelled`]!.enum, ['error', 'warning', 'information', 'hint', 'off']);
  assert.deepEqual(props[`${SECTION}.language`]!.enum, ['auto', 'en', 'zh-CN']);
});

test('every contributed command is registered by the client, in the Error Codes category', () => {
  const source = readdirSync(path.join(ROOT, 'client/src'))
    .map((f) => read(`client/src/${f}`))
    .join('\n');
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, '%command.category%', `${c.command} has no category`);
    assert.ok(source.includes(`'${c.command}'`), `${c.command} is contributed but never registered`);
  }
});

test('engines.vscode stays within what the tests run (code-server 1.139) and the types describe', () => {
  const min = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
  assert.ok(min, `engines.vscode "${manifest.engines.vscode}" should be a caret range`);
  const minor = Number(min[2]);
  assert.ok(Number(min[1]) === 1 && minor <= 139, 'engines.vscode must not be newer than 1.139');
  const types = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '');
  assert.ok(types && Number(types[2]) <= minor, '@types/vscode must not be newer than engines.vscode (vsce refuses to package)');
  assert.ok(manifest.icon && readFileSync(path.join(ROOT, manifest.icon)).subarray(1, 4).toString() === 'PNG', 'the icon is a PNG');
});

/** Whether the .vscodeignore whitelist (`**` then `!path` lines, `*` within a name) lets `file` into the package. */
function packaged(file: string): boolean {
  const lines = read('.vscodeignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**', '.vscodeignore is expected to start by leaving everything out');
  const glob = (g: string) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return lines
    .slice(1)
    .filter((l) => l.startsWith('!'))
    .some((l) => glob(l.slice(1)).test(file));
}

test('catalog files get the bundled schema (JSON and YAML), and the package carries it', () => {
  const forJson = manifest.contributes.jsonValidation ?? [];
  const forYaml = manifest.contributes.yamlValidation ?? [];
  const matches = (list: typeof forJson) => list.flatMap((v) => (Array.isArray(v.fileMatch) ? v.fileMatch : [v.fileMatch]));
  assert.ok(matches(forJson).includes('.vscode/error-codes/*.json'), `jsonValidation: ${JSON.stringify(forJson)}`);
  assert.ok(
    matches(forYaml).includes('.vscode/error-codes/*.yaml') && matches(forYaml).includes('.vscode/error-codes/*.yml'),
    `yamlValidation: ${JSON.stringify(forYaml)}`,
  );
  for (const v of [...forJson, ...forYaml]) {
    assert.match(v.url, /^\.\//, 'a schema of the extension is named relative to it');
    const file = v.url.slice(2);
    const schema = json<{ title?: string }>(file);
    assert.ok(schema.title, `${file} is not a schema`);
    assert.ok(packaged(file), `${file} is left out of the .vsix by .vscodeignore`);
  }
});

test('the package carries the command line that "Import error-code page" runs, next to the extension', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.ok(packaged('dist/cli.js'), 'dist/cli.js is left out of the .vsix by .vscodeignore');
  assert.ok(packaged('dist/server.js') && packaged('dist/extension.js'));
  const source = read('client/src/extension.ts');
  assert.ok(source.includes("asAbsolutePath('dist/cli.js')"), 'the client should run the cli.js beside its own bundle');
});

test('in untrusted workspaces VS Code ignores workspace values of errorCodes.catalogs', () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.ok(
    untrusted.restrictedConfigurations?.includes(`${SECTION}.catalogs`),
    `restrictedConfigurations: ${JSON.stringify(untrusted.restrictedConfigurations)}`,
  );
  for (const key of untrusted.restrictedConfigurations ?? [])
    assert.ok(manifest.contributes.configuration.properties[key], `${key} is restricted but not contributed`);
});
