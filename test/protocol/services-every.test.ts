// Every bundled service through the real server over stdio: one handler that switches on a code
// of each of the 61 services and on a slip of each. The server must explain each code, complete
// it, warn about each slip with a fix that writes the code meant, and find codes by look-up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { LookupRequest, type LookupItem } from '../../protocol';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';
import { realIndex } from '../support/service';

/** One code per service told by its shape, and its slip: a letter O for a zero in its number, or the last digit twice. */
function samples(): { service: string; code: string; slip: string }[] {
  const out: { service: string; code: string; slip: string }[] = [];
  for (const loaded of realIndex().catalogs) {
    const id = loaded.catalog.id;
    // A code two services document is one entry with peers: each service's own wording counts as its code.
    const e = [...realIndex().entries()].flatMap((x) => [x, ...x.peers]).find((x) => x.catalog.catalog.id === id && x.family.kind === 'digits');
    if (!e) continue;
    const code = e.entry.code;
    const zero = code.lastIndexOf('0');
    const slip = zero >= e.family.prefix.length ? `${code.slice(0, zero)}O${code.slice(zero + 1)}` : code + code[code.length - 1];
    out.push({ service: id, code, slip });
  }
  return out;
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown there; this server sends text). */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

const CASES = samples();
const SOURCE = `export function handle(code: string): number {\n  switch (code) {\n${CASES.map((c, i) => `    case "${c.code}": return ${i};\n    case "${c.slip}": return -${i};\n`).join('')}  }\n  return 0;\n}\n`;

let server: LspClient;
let uri: string;

before(async () => {
  const dir = tempProject({ 'README.md': 'handlers\n' });
  server = await LspClient.start({ workspaceFolders: [dir] });
  uri = pathToFileURL(path.join(dir, 'handle.ts')).href;
  await server.open(uri, 'typescript', SOURCE);
});
after(async () => {
  await server.shutdown();
});

describe('every bundled service through the real server', () => {
  test('holds a code told by its shape for every service but OBS', () => {
    // OBS has only names, recognised in code fields (the unit tier covers them): every other service is here.
    assert.equal(CASES.length, realIndex().catalogs.length - 1);
  });

  test('each code is explained, naming it', async () => {
    for (const c of CASES) {
      const text = (await server.hoverText(uri, positionOf(SOURCE, `"${c.code}"`, 2))) ?? '';
      assert.ok(text.replace(/\\(.)/g, '$1').includes(c.code), `${c.service}: no hover naming ${c.code}: ${text.slice(0, 200)}`);
    }
  });

  test("each slip is warned about, and its preferred fix writes the slip's own service's code", async () => {
    const published = await server.eventually('a warning on every slip', async () => {
      const d = (await server.diagnostics(uri)).diagnostics;
      return CASES.every((c) => d.some((x) => messageOf(x).includes(c.slip))) ? d : undefined;
    });
    let meant = 0;
    for (const c of CASES) {
      const diagnostic = published.find((d) => messageOf(d).includes(c.slip))!;
      assert.equal(diagnostic.code, 'misspelled', `${c.slip}: ${messageOf(diagnostic)}`);
      const actions = await server.codeActions(uri, diagnostic.range, [diagnostic]);
      const preferred = actions.find((a) => a.isPreferred);
      const written = (preferred?.edit?.changes?.[uri] as TextEdit[] | undefined)?.[0]?.newText;
      assert.ok(written && realIndex().get(written), `${c.slip}: the preferred fix writes ${written}, no documented code`);
      if (written === c.code) meant++;
    }
    // A slip may be as close to a neighbour as to the code it came from; nearly always it is the code.
    assert.ok(meant >= CASES.length * 0.9, `${meant} of ${CASES.length} slips are fixed to the code meant`);
  });

  test('completion after all but the last digit offers each code', async () => {
    for (const c of CASES) {
      const at = positionOf(SOURCE, `"${c.code}"`, c.code.length);
      const items = await server.completion(uri, at);
      assert.ok(
        items.some((i) => i.label === c.code),
        `${c.service}: completion at ${c.code.slice(0, -1)} lacks ${c.code}`,
      );
    }
  });

  test('look-up finds each code with its service', async () => {
    for (const c of CASES) {
      const items = await server.request<LookupItem[]>(LookupRequest, { query: c.code });
      assert.ok(
        items.some((i) => i.code === c.code && i.catalog === c.service),
        `${c.service}: look-up of ${c.code}`,
      );
    }
  });
});
