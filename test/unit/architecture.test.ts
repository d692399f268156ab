// The architecture's invariants (ARCHITECTURE.md), checked from the sources: what may import
// what, where the connection, diagnostics and Node may be touched, and that no export is left
// without a user. A stray import fails here with the file's name instead of in a bundle, an
// editor or the web build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ROOT } from '../support/root';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** Every module a file names in `import … from`, `import '…'`, `export … from`, `import(…)` or `require(…)`, relative ones resolved against the repository. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+'([^']+)'|\brequire\('([^']+)'\)|\bimport\(?\s*'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((s) => (s.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), s)) : s));
}

test('protocol/ imports nothing but itself: no vscode, no language-server runtime, no Node built-ins, no server code', () => {
  for (const file of sources('protocol')) {
    for (const spec of importsOf(file)) assert.ok(spec.startsWith('protocol/'), `${file} imports ${spec}`);
  }
});

test('the client imports, from this repository, only its own files and protocol/', () => {
  for (const file of sources('client/src')) {
    for (const spec of importsOf(file)) {
      const local = spec.includes('/') && !spec.startsWith('vscode-') && !spec.startsWith('node:');
      if (local) assert.ok(spec.startsWith('client/src/') || spec === 'protocol' || spec.startsWith('protocol/'), `${file} imports ${spec}`);
    }
  }
});

test('nothing imports the compile-cache loader: it is the start of dist/cli.js, built on its own by server/build.mjs', () => {
  for (const file of [...sources('server/src'), ...sources('client/src'), ...sources('test')]) {
    for (const spec of importsOf(file)) assert.ok(!spec.endsWith('compileCacheLoader'), `${file} imports ${spec}`);
  }
  assert.match(fs.readFileSync(path.join(ROOT, 'server/build.mjs'), 'utf8'), /server\/src\/cli\/compileCacheLoader\.ts/);
});

test('the repository root is found in one place: test/support/root.ts', () => {
  // Spelt in two parts, so this file does not name the variable it looks for.
  const variable = new RegExp(['ERROR_CODES', 'ROOT'].join('_'));
  for (const file of sources('test')) {
    if (file === 'test/support/root.ts') continue;
    assert.doesNotMatch(fs.readFileSync(path.join(ROOT, file), 'utf8'), variable, `${file} works out the repository root itself`);
  }
});

// ---- The core: layers, and no Node ----

/** The core's rooms, bottom to top; each may import only rooms before it (and itself). */
const LAYERS = ['shapes', 'catalog', 'importer', 'scan', 'suggest', 'features'] as const;
/** Rooms a core room may NOT import although they come before it: the importer is a side branch. */
const FORBIDDEN: Record<string, readonly string[]> = { scan: ['importer'], suggest: ['importer'], features: ['importer'] };
/** Packages the core may use: pure JavaScript that runs in a browser as well as in Node. */
const CORE_PACKAGES = ['vscode-languageserver-types', 'vscode-languageserver-textdocument', 'jsonc-parser', 'yaml', 'htmlparser2'];

function roomOf(spec: string): string | undefined {
  const m = /^server\/src\/([^/]+)\//.exec(spec);
  return m ? m[1] : undefined;
}

test("the core's rooms import only rooms below them: shapes → catalog → (importer) → scan → suggest → features", () => {
  for (const [level, room] of LAYERS.entries()) {
    const allowed = new Set<string>(LAYERS.slice(0, level + 1));
    for (const no of FORBIDDEN[room] ?? []) allowed.delete(no);
    for (const file of sources(`server/src/${room}`)) {
      for (const spec of importsOf(file)) {
        if (spec === 'protocol' || spec.startsWith('protocol/')) continue;
        if (!spec.startsWith('server/') && !spec.startsWith('client/') && !spec.startsWith('test/')) continue;
        const to = roomOf(spec);
        assert.ok(to !== undefined && allowed.has(to), `${file} imports ${spec}: ${room} may import only ${[...allowed].join(', ')} and protocol/`);
      }
    }
  }
});

test('the core imports no Node built-in and no package that needs Node (the web build runs it in a worker)', () => {
  for (const room of LAYERS) {
    for (const file of sources(`server/src/${room}`)) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('server/') || spec.startsWith('protocol')) continue;
        assert.ok(CORE_PACKAGES.includes(spec), `${file} imports ${spec}: the core may use only ${CORE_PACKAGES.join(', ')}`);
      }
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, file), 'utf8'), /\bprocess\.(env|platform|cwd|exit)\b|__dirname/, `${file} reads the Node process`);
    }
  }
});

/** Node's globals a browser's web worker lacks. */
const NODE_GLOBALS = new Set(['Buffer', 'process', 'setImmediate', 'require']);

/** Where a file names one of NODE_GLOBALS as a value or type of its own (not a property: `host.process`, `{ process?: … }`), outside comments and strings. */
function nodeGlobalsIn(text: string): string[] {
  const source = ts.createSourceFile('core.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const property =
        (ts.isPropertyAccessExpression(parent) || ts.isPropertySignature(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
        parent.name === node;
      if (!property) found.push(`${node.text} (line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('the core uses no Node global either: no Buffer, process, setImmediate or require (a web worker has none)', () => {
  for (const room of LAYERS) {
    for (const file of sources(`server/src/${room}`))
      assert.deepEqual(nodeGlobalsIn(fs.readFileSync(path.join(ROOT, file), 'utf8')), [], `${file} uses Node's globals`);
  }
  // The check sees what it is meant to: not comments, strings or properties.
  const probe =
    "// Buffer\nconst s = 'process';\nconst host = { process: 1 };\nhost.process;\nconst b: Buffer = Buffer.from(s);\nsetImmediate(() => require('x'));\n";
  assert.deepEqual(nodeGlobalsIn(probe), ['Buffer (line 5)', 'Buffer (line 5)', 'setImmediate (line 6)', 'require (line 6)']);
});

test("only the scan knows languages: no room above it reads a language id's spelling", () => {
  const spelt = /languageId\s*===?\s*'|case\s+'(typescript|python|go|java|rust|csharp|kotlin|log|markdown)'/;
  for (const room of ['suggest', 'features']) {
    for (const file of sources(`server/src/${room}`))
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, file), 'utf8'), spelt, `${file} decides by a language's name; ask scan/languages`);
  }
});

test("the log stream and the editor's scanner share one token rule (shapes/tokenChars.ts)", () => {
  for (const file of ['server/src/scan/stream.ts', 'server/src/scan/scanner.ts']) {
    assert.ok(importsOf(file).includes('server/src/shapes/tokenChars'), `${file} does not take its token characters from shapes/tokenChars`);
  }
  for (const file of sources('server/src')) {
    if (file === 'server/src/shapes/tokenChars.ts') continue;
    assert.doesNotMatch(
      fs.readFileSync(path.join(ROOT, file), 'utf8'),
      /function\s+is(Token|Glue|Digit)(Char|Byte)\b/,
      `${file} defines a token rule of its own`,
    );
  }
});

// ---- The wiring ----

test('features never touch the connection: they return LSP values, the server sends them', () => {
  for (const file of sources('server/src/features')) {
    for (const spec of importsOf(file)) {
      assert.ok(!/^vscode-languageserver(\/|$)|^vscode-jsonrpc|^vscode-languageserver-protocol/.test(spec), `${file} imports ${spec}`);
      assert.ok(!spec.startsWith('server/src/lsp'), `${file} imports ${spec}`);
    }
  }
});

/** A file's code without its comments (what a comment mentions is not a call). */
function codeOf(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
}

test('one owner of diagnostics: only lsp/diagnosticsHandler.ts sends them, and only server.ts makes the connection', () => {
  for (const file of [...sources('server/src'), ...sources('client/src')]) {
    const text = codeOf(file);
    if (file !== 'server/src/lsp/diagnosticsHandler.ts') assert.doesNotMatch(text, /\.sendDiagnostics\(/, `${file} sends diagnostics itself`);
    if (file !== 'server/src/server.ts') assert.doesNotMatch(text, /\bcreateConnection\(/, `${file} makes a connection`);
  }
});

test('server.ts is start-up wiring: no state of its own at module level', () => {
  const text = fs.readFileSync(path.join(ROOT, 'server/src/server.ts'), 'utf8');
  assert.doesNotMatch(text, /^let\s/m, 'server.ts keeps a mutable variable');
  assert.doesNotMatch(text, /^const\s+\w+\s*=\s*new\s+(Map|Set)\b/m, 'server.ts keeps a map or set');
});

// ---- Dead code ----

/** Names a file exports (declarations, and `export { a, b as c }` lists). */
function exportsOf(text: string): string[] {
  const names = [
    ...text.matchAll(
      /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm,
    ),
  ].map((m) => m[1]!);
  for (const m of text.matchAll(/^export\s*(?:type\s*)?\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

test('every export has a user somewhere else: no dead code behind an export', () => {
  const files = [...sources('server/src'), ...sources('client/src'), ...sources('protocol'), ...sources('test')];
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
  // Entry points are used by the build, not by an import.
  const entries = new Set(['server/src/server.ts', 'server/src/cli.ts', 'client/src/extension.ts', 'server/src/cli/compileCacheLoader.ts']);
  const unused: string[] = [];
  for (const file of sources('server/src').concat(sources('client/src'), sources('protocol'))) {
    if (entries.has(file)) continue;
    for (const name of exportsOf(texts.get(file)!)) {
      const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
      let used = false;
      for (const [other, text] of texts) {
        if (other !== file && word.test(text)) {
          used = true;
          break;
        }
      }
      if (!used) unused.push(`${file}: ${name}`);
    }
  }
  assert.deepEqual(unused, [], `exported but used nowhere else (remove the export, or the code):\n${unused.join('\n')}`);
});
