// The vendor page's link through the real server: a project catalog's page address reaches the
// hover and the diagnostic's code link; a catalog whose address is a command is refused on its line.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';

const EN = 'https://docs.example.com/demo/api-ref/error-codes.html';
const ZH = 'https://support.example.cn/demo/api/errorcode.html';

const catalog = (id: string, prefix: string, url: string) =>
  JSON.stringify(
    {
      id,
      service: { en: `${id} service` },
      families: [{ pattern: `${prefix}\\.[0-9]{4}`, name: prefix }],
      sources: [
        { id: `${id}-en`, file: 'sources/en.rst', locale: 'en', title: 'Error Codes', origin: 'test', layout: 'rst-grid', url },
        { id: `${id}-zh`, file: 'sources/zh.md', locale: 'zh-CN', title: '错误码', origin: 'test', layout: 'pipe-table', url: ZH },
      ],
      codes: [
        {
          code: `${prefix}.0001`,
          httpStatus: 400,
          message: { en: 'The request is invalid.', 'zh-CN': '请求无效。' },
          origin: { 'message.en': `${id}-en`, 'message.zh-CN': `${id}-zh` },
        },
      ],
    },
    null,
    2,
  );

const SOURCE =
  'if (body.error_code === "DEMO.0001") { retry(); }\nif (body.error_code === "EVIL.0001") { retry(); }\nswitch (code) {\n  case "DEMO.9999":\n    break;\n}\n';

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

describe("the vendor's page through the real server", () => {
  test("the hover links to the page, the diagnostic's code links to the family's page, and a command address is refused", async () => {
    const dir = tempProject({
      '.vscode/error-codes/demo.json': catalog('demo', 'DEMO', EN),
      '.vscode/error-codes/evil.json': catalog('evil', 'EVIL', 'command:workbench.action.terminal.new'),
    });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    const hover = await s.eventually('the demo catalog in the hover', async () => {
      const text = (await s.hoverText(uri, positionOf(SOURCE, 'DEMO.0001', 2))) ?? '';
      return text.includes('The request is invalid') ? text : undefined;
    });
    assert.ok(hover.includes(`[Vendor page](${EN})`), hover);
    assert.ok(hover.includes(`[错误码](${ZH})`), hover);

    // The first publication may come before the catalogs are loaded: wait for the one that knows the family.
    const unknown = await s.waitFor('the unknown code reported', () =>
      s.published.flatMap((p) => (p.params.uri === uri ? p.params.diagnostics : [])).find((d) => d.code === 'unknown'),
    );
    assert.equal(unknown.codeDescription?.href, EN);

    const evilFile = path.join(dir, '.vscode/error-codes/evil.json');
    const problem = await s.diagnostics(pathToFileURL(evilFile).href);
    assert.equal(problem.diagnostics.length, 1);
    assert.match(String(problem.diagnostics[0].message), /sources\[0\] \(evil-en\)\.url: expected an https: address/);
    const urlLine = catalog('evil', 'EVIL', 'command:workbench.action.terminal.new')
      .split('\n')
      .findIndex((l) => l.includes('"url": "command:'));
    assert.equal(problem.diagnostics[0].range.start.line, urlLine);
    assert.equal(await s.hoverText(uri, positionOf(SOURCE, 'EVIL.0001', 2)), undefined, 'the refused catalog explains nothing');
  });
});
