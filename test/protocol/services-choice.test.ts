// Choosing services over the wire (issue 13): the real server with sixty generated catalogs,
// `errorCodes.services` asked from the client and changed while it runs, the look-up and the
// Error Codes view's requests as the VS Code client sends them.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageType } from 'vscode-languageserver-protocol/node';
import { ConfigurationRequest, LookupRequest, WorkspaceCodesRequest, type LookupItem, type WorkspaceCodes } from '../../protocol';
import { tempProject } from '../support/files';
import { catalogFolder, manyCatalogs } from '../support/services';
import { LspClient, positionOf } from './client';

const DIR = catalogFolder(manyCatalogs());
const env = { ...process.env, ERROR_CODES_CATALOGS: DIR };
const TEXT = 'a = "VPC.9999";\nb = "Ecs.9999";\nc = "VPC.1000";\nd = "Ecs.1000";\n';

describe('errorCodes.services in the server', { timeout: 120_000 }, () => {
  let server: LspClient | undefined;
  afterEach(() => {
    server?.kill();
    server = undefined;
  });

  /** The lines of the diagnostics last published for `uri`, once they are `lines`. */
  const diagnosedLines = (s: LspClient, uri: string, lines: number[]) =>
    s.waitFor(`diagnostics on lines ${lines.join(', ')} of ${uri}`, () => {
      const last = [...s.published].reverse().find((p) => p.params.uri === uri);
      const got = last?.params.diagnostics.map((d) => d.range.start.line);
      return got && JSON.stringify(got) === JSON.stringify(lines) ? got : undefined;
    });

  test('only the chosen services are checked, explained and completed; a change of the setting takes effect without a restart', async () => {
    server = await LspClient.start({ env, settings: { services: ['vpc'] } });
    const uri = 'file:///ws/handler.ts';
    await server.open(uri, 'typescript', TEXT);
    await diagnosedLines(server, uri, [0]);
    assert.match((await server.hoverText(uri, positionOf(TEXT, 'VPC.1000', 2))) ?? '', /VPC\.1000/);
    assert.equal(await server.hoverText(uri, positionOf(TEXT, 'Ecs.1000', 2)), undefined);
    const items = await server.completion(uri, positionOf(TEXT, 'VPC.1000', 6));
    assert.ok(items.length > 0 && items.every((i) => i.detail === 'Virtual Private Cloud (VPC)'), JSON.stringify(items.slice(0, 2)));
    assert.deepEqual(await server.completion(uri, positionOf(TEXT, 'Ecs.1000', 6)), []);

    server.settings = { services: ['ecs'] };
    await server.configurationChanged();
    await diagnosedLines(server, uri, [1]);
    assert.match((await server.hoverText(uri, positionOf(TEXT, 'Ecs.1000', 2))) ?? '', /Ecs\.1000/);

    server.settings = {};
    await server.configurationChanged();
    await diagnosedLines(server, uri, [0, 1]);
    const config = await server.request<string>(ConfigurationRequest, null);
    assert.match(config, /Services on: 60 of 60 bundled catalogs/);
  });

  test('an id that names no bundled catalog is a warning naming the setting, the id and the closest; nothing is turned off', async () => {
    server = await LspClient.start({ env, settings: { services: ['ecss'] } });
    const uri = 'file:///ws/typo.ts';
    await server.open(uri, 'typescript', TEXT);
    const warning = await server.message('a warning about errorCodes.services', (m) => /errorCodes\.services/.test(m.message));
    assert.equal(warning.type, MessageType.Warning);
    assert.match(warning.message, /"ecss" names no bundled catalog \(closest: ecs\b/);
    await diagnosedLines(server, uri, [0, 1]);
    const config = await server.request<string>(ConfigurationRequest, null);
    assert.match(config, /Services on: 60 of 60 bundled catalogs, every bundled catalog \(errorCodes\.services names none of them\)/);
  });

  test('look-up by service name and words of the message; each item says its service', async () => {
    server = await LspClient.start({ env });
    await server.open('file:///ws/any.ts', 'typescript', TEXT);
    const items = await server.request<LookupItem[]>(LookupRequest, { query: 'Virtual Private quota', limit: 100 });
    assert.equal(items.length, 13);
    for (const i of items) {
      assert.equal(i.service, 'Virtual Private Cloud (VPC)');
      assert.match(i.message, /quota/);
    }
  });

  test("the Error Codes view's first answer is the services; a service's codes, by family, come when it is opened", async () => {
    const folder = tempProject({
      'a.ts': 'x = ["Ecs.1000", "Ecs.1001", "Common.1000", "VPC.1000"];\n',
      'b.ts': 'y = ["Common.1000", "VPC.1000", "VPC.1002"];\n',
    });
    server = await LspClient.start({ env, workspaceFolders: [folder] });
    const all = await server.scannedCodes();
    assert.deepEqual(
      all.services.map((s) => [s.id, s.count, s.codeCount]),
      [
        ['ecs', 4, 3],
        ['vpc', 3, 2],
      ],
    );
    const first = await server.request<WorkspaceCodes>(WorkspaceCodesRequest, { servicesOnly: true });
    assert.deepEqual(
      first.services.map((s) => [s.id, s.codeCount, s.codes.length, s.families?.map((f) => [f.name, f.codes.length])]),
      [
        [
          'ecs',
          3,
          0,
          [
            ['Common', 0],
            ['ECS', 0],
          ],
        ],
        ['vpc', 2, 0, undefined],
      ],
    );
    const ecs = await server.request<WorkspaceCodes>(WorkspaceCodesRequest, { service: 'ecs' });
    assert.deepEqual(
      ecs.services[0].families?.map((f) => [f.prefix, f.count, f.codes.map((c) => c.code)]),
      [
        ['Common.', 2, ['Common.1000']],
        ['Ecs.', 2, ['Ecs.1000', 'Ecs.1001']],
      ],
    );
  });
});
