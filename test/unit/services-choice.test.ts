// Choosing services (issue 13): `errorCodes.services` restricts the bundled catalogs in force,
// the command line honours it, and completion, look-up and the Error Codes view stay usable
// with sixty services and about 8,000 codes. The catalogs are generated (test/support/services.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogStore } from '../../server/src/catalogStore';
import { MAX_FAMILIES } from '../../server/src/catalog/index';
import { chooseServices } from '../../server/src/catalog/services';
import { catalogMarkdown } from '../../server/src/features/catalogView';
import { complete } from '../../server/src/features/completion';
import type { ServiceContext } from '../../server/src/features/context';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { lookup } from '../../server/src/features/summary';
import { groupByService, selectWorkspaceCodes, workspaceCodeMeta } from '../../server/src/features/workspaceView';
import { normaliseSettings } from '../../server/src/settings';
import { DEFAULT_SETTINGS, type Settings, type WorkspaceCode } from '../../protocol';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { document, withCaret } from '../support/service';
import { catalogFolder, manyCatalogs } from '../support/services';
import { goodCatalog } from '../support/fixtures';

const CATALOGS = manyCatalogs();
const DIR = catalogFolder(CATALOGS);
const ALL_IDS = CATALOGS.map((c) => c.id).sort();
const TOTAL_CODES = CATALOGS.reduce((n, c) => n + c.codes.length, 0);

function storeWith(services: string[], reported: string[] = []): CatalogStore {
  const store = new CatalogStore((m) => reported.push(m), DIR);
  store.load();
  reported.push(...store.setServices(services));
  return store;
}

function contextOf(store: CatalogStore, overrides: Partial<Settings> = {}): ServiceContext {
  return { index: store.index, settings: { ...structuredClone(DEFAULT_SETTINGS), ...overrides }, displayLanguage: 'en' };
}

const allOn = contextOf(storeWith([]));

const hoverAt = (text: string, ctx: ServiceContext) => {
  const { doc, position } = withCaret(text);
  return hover(doc, position, ctx);
};
const completion = (text: string, ctx: ServiceContext, languageId = 'typescript') => {
  const { doc, position } = withCaret(text, languageId);
  return complete(doc, position, ctx);
};

describe('errorCodes.services: which bundled catalogs are in force', () => {
  test('the generated bundle is the size the issue plans for', () => {
    assert.equal(CATALOGS.length, 60);
    assert.ok(TOTAL_CODES >= 7800, `${TOTAL_CODES} codes`);
    assert.equal(allOn.index.size, TOTAL_CODES);
  });

  test('absent or empty: every bundled catalog is on', () => {
    for (const wanted of [[], [''], ['  ']]) {
      const choice = chooseServices(ALL_IDS, wanted);
      assert.deepEqual(choice.on, ALL_IDS, JSON.stringify(wanted));
      assert.deepEqual(choice.problems, []);
    }
    assert.deepEqual(normaliseSettings(undefined).settings.services, []);
    assert.deepEqual(normaliseSettings({ services: ['vpc', 'ecs'] }).settings.services, ['vpc', 'ecs']);
    const broken = normaliseSettings({ services: 'vpc' });
    assert.deepEqual(broken.settings.services, []);
    assert.match(broken.problems.join('\n'), /errorCodes\.services: expected a list of bundled catalog ids/);
  });

  test('set: only the named bundled catalogs explain, complete and check; others are silent', () => {
    const store = storeWith(['vpc', 'RDS ']);
    assert.deepEqual(store.services.on, ['rds', 'vpc']);
    assert.equal(store.services.off.length, 58);
    const ctx = contextOf(store);
    assert.equal(ctx.index.size, 260);
    // Hover
    assert.match(JSON.stringify(hoverAt('const c = "VPC.10‸00";', ctx)), /VPC\.1000/);
    assert.equal(hoverAt('const c = "Ecs.10‸00";', ctx), null);
    assert.match(JSON.stringify(hoverAt('const c = "Ecs.10‸00";', allOn)), /Ecs\.1000/);
    // Completion
    assert.ok(completion('x = "VPC.10‸', ctx).items.some((i) => i.label === 'VPC.1000'));
    assert.deepEqual(completion('x = "Ecs.10‸', ctx).items, []);
    assert.ok(completion('x = "Ecs.10‸', allOn).items.length > 0);
    // Check: an undocumented code of a chosen service is reported; of another, not.
    const doc = document('a = "VPC.9999";\nb = "Ecs.9999";\nc = "S17.9999";\n');
    assert.deepEqual(
      diagnose(doc, ctx).map((d) => d.range.start.line),
      [0],
    );
    assert.deepEqual(
      diagnose(doc, allOn).map((d) => d.range.start.line),
      [0, 1, 2],
    );
  });

  test("users' catalogs stay on whatever the setting says", () => {
    const store = storeWith(['vpc']);
    const project = tempProject({ 'team.json': goodCatalog('Team message.') });
    store.setFiles([{ file: path.join(project, 'team.json'), kind: 'configured' }]);
    const ctx = contextOf(store);
    assert.match(JSON.stringify(hoverAt('x = "APIGW.03‸01"', ctx)), /Team message/);
    assert.equal(hoverAt('x = "Ecs.10‸00"', ctx), null);
  });

  test('an id that names no bundled catalog is reported with the setting, the id and the closest ids', () => {
    const reported: string[] = [];
    const store = storeWith(['vpc', 'ecss', 'rsd'], reported);
    assert.deepEqual(store.services.on, ['vpc']);
    const text = reported.join('\n');
    assert.match(text, /errorCodes\.services: "ecss" names no bundled catalog \(closest: ecs\b/);
    assert.match(text, /errorCodes\.services: "rsd" names no bundled catalog \(closest: [^)]*\brds\b/);
  });

  test('ids that name no bundled catalog never turn everything off: all stay on, and that is said', () => {
    const reported: string[] = [];
    const store = storeWith(['nosuchservice', 'ecss'], reported);
    assert.equal(store.index.size, TOTAL_CODES);
    assert.match(reported.join('\n'), /"nosuchservice" names no bundled catalog \(the bundled ones: .*\(60 in all\)\)/);
    assert.match(reported.join('\n'), /names none of the bundled catalogs: every bundled catalog stays on/);
  });

  test('changing the setting rebuilds the catalogs in force; the same choice again does not', () => {
    const store = storeWith([]);
    const first = store.generation;
    store.setServices(['ecs']);
    assert.equal(store.generation, first + 1);
    assert.equal(store.index.size, 260);
    store.setServices(['ECS']);
    assert.equal(store.generation, first + 1, 'the same services, written otherwise, are no change');
    store.setServices([]);
    assert.equal(store.index.size, TOTAL_CODES);
  });
});

describe('the command line honours errorCodes.services', () => {
  const env = { ...process.env, LANG: 'C', ERROR_CODES_CATALOGS: DIR };
  const handler = 'a = "VPC.9999";\nb = "Ecs.9999";\n';

  test('from .vscode/settings.json: check reports only the chosen services; config says which are on and why', () => {
    const dir = tempProject({ '.vscode/settings.json': '{ "errorCodes.services": ["vpc"] }', 'handler.ts': handler });
    const check = runCli(['check', '--exit-zero', 'handler.ts'], dir, { env });
    assert.equal(check.code, 0, check.err);
    assert.match(check.out, /VPC\.9999/);
    assert.doesNotMatch(check.out, /Ecs\.9999/);
    const config = runCli(['config'], dir, { env });
    assert.equal(config.code, 0, config.err);
    assert.match(config.out, /Services on: 1 of 60 bundled catalogs, the ones errorCodes\.services names/);
    assert.match(config.out, /off: ecs, rds, svc-03/);
    assert.doesNotMatch(config.out, /^\s+ecs\s+\d+ codes/m, 'ECS is not listed among the catalogs in force');
  });

  test('from .error-codes.json, with an unknown id warned about on standard error', () => {
    const dir = tempProject({ '.error-codes.json': '{ "services": ["ecs", "vpcc"] }', 'handler.ts': handler });
    const check = runCli(['check', '--exit-zero', 'handler.ts'], dir, { env });
    assert.match(check.err, /warning: errorCodes\.services: "vpcc" names no bundled catalog \(closest: vpc\)/);
    assert.match(check.out, /Ecs\.9999/);
    assert.doesNotMatch(check.out, /VPC\.9999/);
  });

  test('without the setting, config says every bundled catalog is on', () => {
    const dir = tempProject({ 'handler.ts': handler });
    const config = runCli(['config'], dir, { env });
    assert.match(config.out, /Services on: 60 of 60 bundled catalogs, every bundled catalog \(errorCodes\.services is not set\)/);
  });
});

describe('completion with sixty services', () => {
  test('each code item says its service (and the family where the service has several)', () => {
    const items = completion('x = "VPC.10‸', allOn).items;
    assert.ok(items.length > 0);
    for (const i of items) assert.equal(i.detail, 'Virtual Private Cloud (VPC)');
    const ecs = completion('x = "Common.10‸', allOn).items;
    assert.ok(ecs.length > 0);
    for (const i of ecs) assert.equal(i.detail, 'Elastic Cloud Server (ECS) · Common');
  });

  test('text several families begin offers those families, each with its service, not the first codes of one', () => {
    const list = completion('x = "S1‸', allOn);
    assert.equal(list.isIncomplete, true);
    const labels = list.items.map((i) => i.label).sort();
    assert.deepEqual(
      labels,
      Array.from({ length: 10 }, (_, k) => `S1${k}.`),
    );
    assert.equal(list.items.find((i) => i.label === 'S17.')?.labelDetails?.description, 'Generated Service 17');
  });

  test('the list stays bounded however many codes match, and says it is incomplete', () => {
    for (const text of ['x = "‸', 'x = "S17.‸', 'x = "Ecs.1‸', 'x = "quota‸', 'x = "the request‸', 'x = "S‸']) {
      const list = completion(text, allOn);
      assert.ok(list.items.length > 0, text);
      assert.ok(list.items.length <= MAX_FAMILIES, `${text}: ${list.items.length} items`);
      assert.equal(list.isIncomplete, true, text);
    }
  });

  test('words typed in a literal narrow by service name too: "vpc quota" finds VPC quota codes only', () => {
    const items = completion('x = "vpc quota‸', allOn).items;
    assert.ok(items.length > 0);
    for (const i of items) assert.match(i.label, /^VPC\./);
    const quota = completion('x = "quota‸', allOn).items;
    assert.ok(new Set(quota.map((i) => i.detail)).size > 1, 'a word alone finds several services');
  });
});

describe('look-up with sixty services', () => {
  const ctx = allOn;

  test('by service name: the id, words of its name, or its Chinese name', () => {
    for (const query of ['vpc', 'Virtual Private', 'Private Cloud']) {
      const items = lookup(query, ctx, 1000);
      assert.equal(items.length, 130, query);
      assert.ok(
        items.every((i) => i.catalog === 'vpc'),
        query,
      );
    }
    const zh = lookup('弹性云服务器', ctx, 1000);
    assert.equal(zh.length, 260);
    assert.ok(zh.every((i) => i.service === 'Elastic Cloud Server (ECS)'));
  });

  test('by service name and words of the message together', () => {
    const items = lookup('rds quota', ctx);
    assert.equal(items.length, 13);
    for (const i of items) {
      assert.equal(i.catalog, 'rds');
      assert.match(i.message, /quota/);
    }
    // The words alone find every service's quota codes.
    assert.equal(new Set(lookup('quota', ctx, 10_000).map((i) => i.catalog)).size, 60);
  });

  test('by code first, and every item says its service', () => {
    const items = lookup('DBS.001000', ctx);
    assert.equal(items[0].code, 'DBS.001000');
    assert.equal(items[0].service, 'Relational Database Service (RDS)');
    assert.equal(lookup('nothing like this anywhere', ctx).length, 0);
  });
});

describe('the Error Codes view groups by service', () => {
  const counted = (pairs: [string, number][]) =>
    pairs.map(([code, count]) => ({
      code: { code, status: 'known', count } as WorkspaceCode,
      meta: workspaceCodeMeta(code, allOn, 'en'),
    }));

  test('service → codes; service → family → codes where the codes span several of its families', () => {
    const services = groupByService(
      counted([
        ['Ecs.1000', 3],
        ['Common.1001', 5],
        ['Ecs.1002', 1],
        ['VPC.1000', 2],
        ['VPC.1001', 2],
        ['XYZ.0001', 1],
      ]),
    );
    assert.deepEqual(
      services.map((s) => [s.id, s.count, s.codeCount]),
      [
        ['ecs', 9, 3],
        ['vpc', 4, 2],
        ['other', 1, 1],
      ],
    );
    const ecs = services[0];
    assert.deepEqual(
      ecs.families?.map((f) => [f.name, f.prefix, f.count, f.codes.map((c) => c.code)]),
      [
        ['Common', 'Common.', 5, ['Common.1001']],
        ['ECS', 'Ecs.', 4, ['Ecs.1000', 'Ecs.1002']],
      ],
    );
    assert.equal(services[1].families, undefined, 'one family: no level of families');
  });

  test("the first answer holds the services without their codes; a service's codes come when asked for", () => {
    const pairs: [string, number][] = [];
    for (const c of CATALOGS) for (const e of c.codes) pairs.push([e.code, 1]);
    const answer = { services: groupByService(counted(pairs)), files: 1, scanning: false };
    const first = selectWorkspaceCodes(answer, { servicesOnly: true });
    assert.equal(first.services.length, 60);
    assert.equal(
      first.services.reduce((n, s) => n + s.codes.length + (s.families ?? []).reduce((m, f) => m + f.codes.length, 0), 0),
      0,
    );
    assert.equal(
      first.services.reduce((n, s) => n + s.codeCount, 0),
      TOTAL_CODES,
    );
    const ecs = selectWorkspaceCodes(answer, { service: 'ecs' });
    assert.deepEqual(
      ecs.services.map((s) => [s.id, s.codes.length, s.families?.length]),
      [['ecs', 260, 2]],
    );
    assert.equal(selectWorkspaceCodes(answer, {}), answer, 'no parameters: the whole answer, as before');
  });

  test('the catalog page of a service of several families has a table for each', () => {
    const store = storeWith(['ecs']);
    const page = catalogMarkdown(store.loaded[0], 'en');
    assert.match(page, /^## ECS · `Ecs\.` · 130 codes$/m);
    assert.match(page, /^## Common · `Common\.` · 130 codes$/m);
    const vpc = catalogMarkdown(storeWith(['vpc']).loaded[0], 'en');
    assert.doesNotMatch(vpc, /^## /m);
  });
});

test('the generated catalogs folder holds one file per service', () => {
  assert.equal(fs.readdirSync(DIR).length, 60);
});
