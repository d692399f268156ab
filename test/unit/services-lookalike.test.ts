// Families that look alike across services: `VPC.` of the VPC page and of the load balancers',
// `DBS.` of 6 digits and of 8, `EndPoint.` and `Endpoint.`. A code is explained by every
// catalog that documents it, a family names every service that has it, and a typo's fix is
// looked for in the family the literal most resembles. Inline catalogs, so the tests say
// exactly which service documents what.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { CatalogIndex, type LoadedCatalog } from '../../server/src/catalog/index';
import type { Catalog, Entry } from '../../server/src/catalog/types';
import { hover } from '../../server/src/features/hover';
import { diagnose, type DiagnosticData } from '../../server/src/features/diagnostics';
import { explainCode, explainCodePlain } from '../../server/src/features/explainCode';
import { lookup } from '../../server/src/features/summary';
import { addCodeToCatalog } from '../../server/src/features/addToCatalog';
import type { ServiceContext } from '../../server/src/features/context';
import { suggest } from '../../server/src/suggest/rank';
import { DEFAULT_SETTINGS } from '../../protocol';
import { document, withCaret } from '../support/service';

const code = (c: string, httpStatus: number, message: string, more: Partial<Entry> = {}): Entry => ({ code: c, httpStatus, message: { en: message }, ...more });

function catalog(id: string, service: string, patterns: string[], codes: Entry[]): Catalog {
  return {
    id,
    service: { en: service },
    families: patterns.map((pattern) => ({ pattern, name: pattern.slice(0, pattern.indexOf('\\')) })),
    sources: [],
    codes,
  };
}

const VPC = catalog(
  'vpc',
  'Virtual Private Cloud (VPC)',
  ['VPC\\.[0-9]{4}'],
  [
    code('VPC.0101', 400, 'Invalid subnet parameter.', { handling: { en: 'Check the subnet ID.' } }),
    code('VPC.0102', 400, 'The subnet does not exist.'),
    code('VPC.0201', 404, 'The route table does not exist.'),
  ],
);
const ELB = catalog(
  'elb',
  'Elastic Load Balance (ELB)',
  ['ELB\\.[0-9]{4}', 'VPC\\.[0-9]{4}'],
  [
    code('ELB.8902', 400, 'The listener port is in use.'),
    code('VPC.0101', 409, 'The load balancer is being updated.', { handling: { en: 'Retry later.' } }),
    code('VPC.0181', 400, 'Invalid load balancer parameter.'),
  ],
);
/** The elastic IPs' page words `VPC.0102` exactly as the VPC page does. */
const EIP = catalog('eip', 'Elastic IP (EIP)', ['VPC\\.[0-9]{4}'], [code('VPC.0102', 400, 'The subnet does not exist.')]);
/** Another service, one letter from VPC, with the numbers a VPC typo might also come near. */
const VPN = catalog(
  'vpn',
  'Virtual Private Network (VPN)',
  ['VPN\\.[0-9]{4}'],
  [code('VPN.0101', 400, 'Invalid VPN gateway parameter.'), code('VPN.7345', 400, 'The VPN connection is down.')],
);
const RDS = catalog(
  'rds',
  'Relational Database Service (RDS)',
  ['DBS\\.[0-9]{6}'],
  [code('DBS.200001', 400, 'Invalid request.'), code('DBS.280001', 400, 'The instance is busy.'), code('DBS.200004', 400, 'Invalid parameter.')],
);
const GAUSS = catalog(
  'gaussdb',
  'GaussDB (GAUSSDB)',
  ['DBS\\.[0-9]{6}', 'DBS\\.[0-9]{8}'],
  [
    code('DBS.200001', 400, 'Invalid request.'),
    code('DBS.06020003', 400, 'The backup does not exist.'),
    code('DBS.20000200', 400, 'The node is being rebuilt.'),
    code('DBS.20000111', 400, 'The parameter group is in use.'),
  ],
);
const ENDPOINT = catalog(
  'vpcep',
  'VPC Endpoint (VPCEP)',
  ['EndPoint\\.[0-9]{4}', 'Endpoint\\.[0-9]{4}'],
  [
    code('EndPoint.0004', 400, 'The endpoint service does not exist.'),
    code('EndPoint.0007', 400, 'The endpoint is frozen.'),
    code('Endpoint.0005', 403, 'Quota exceeded.'),
  ],
);

const bundled = (...cs: Catalog[]): LoadedCatalog[] => cs.map((c) => ({ catalog: c, origin: 'bundled' }));

function ctxOf(catalogs: LoadedCatalog[]): ServiceContext {
  return { index: new CatalogIndex(catalogs), settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
}

const ALL = ctxOf(bundled(VPC, ELB, EIP, VPN, RDS, GAUSS, ENDPOINT));

function hoverText(text: string, ctx = ALL, languageId = 'typescript'): string | undefined {
  const { doc, position } = withCaret(text, languageId);
  return (hover(doc, position, ctx)?.contents as MarkupContent | undefined)?.value;
}

/** The one diagnostic of a handler comparing with `literal`. */
function diagnosticOf(literal: string, ctx = ALL): { code: Diagnostic['code']; message: string; data: DiagnosticData } {
  const d = diagnose(document(`if (err.code === "${literal}") retry();\n`), ctx);
  assert.equal(d.length, 1, `one diagnostic for ${literal}: ${JSON.stringify(d.map((x) => x.message))}`);
  return { code: d[0].code, message: String(d[0].message), data: d[0].data as DiagnosticData };
}

describe('a code documented by several services', () => {
  test('the hover shows each service its text, the first catalog in force first', () => {
    const md = hoverText('if (c === "VPC.01‸01") {}')!;
    const vpc = md.indexOf('Invalid subnet parameter.');
    const elb = md.indexOf('The load balancer is being updated.');
    assert.ok(vpc >= 0 && elb > vpc, md);
    assert.match(md, /Check the subnet ID\./);
    assert.match(md, /Retry later\./);
    assert.match(md, /Virtual Private Cloud \\\(VPC\\\) · vpc \\\(bundled\\\)/);
    assert.match(md.slice(vpc), /Also documented by:\* Elastic Load Balance \\\(ELB\\\) · elb \\\(bundled\\\) · HTTP 409/);
    assert.doesNotMatch(md, /Also defined in/, 'neither overrides the other');
  });

  test('a service that words a code the same is named once, not repeated', () => {
    const md = hoverText('if (c === "VPC.01‸02") {}')!;
    assert.equal(md.split('The subnet does not exist.').length, 2, md);
    assert.match(md, /Same text in:\* Elastic IP \\\(EIP\\\) · eip \\\(bundled\\\)/);
  });

  test('explain, in the editor and on the command line, shows both services', () => {
    const md = explainCode('VPC.0101', ALL);
    assert.ok(md.found);
    assert.match(md.markdown, /Invalid subnet parameter\.[^]*Elastic Load Balance \\\(ELB\\\)[^]*The load balancer is being updated\./);
    const plain = explainCodePlain('vpc.0101', ALL);
    assert.ok(plain.found);
    assert.match(plain.text, /Catalog: Virtual Private Cloud \(VPC\) · vpc \(bundled\)/);
    assert.match(
      plain.text,
      /Also documented by: Elastic Load Balance \(ELB\) · elb \(bundled\) {2}HTTP 409 Conflict\n {4}The load balancer is being updated\.\n {4}What to do: Retry later\./,
    );
  });

  test('look-up lists the code once per service, each with its service and text', () => {
    const items = lookup('VPC.0101', ALL).filter((i) => i.code === 'VPC.0101');
    assert.deepEqual(
      items.map((i) => [i.catalog, i.service, i.message, i.httpStatus]),
      [
        ['vpc', 'Virtual Private Cloud (VPC)', 'Invalid subnet parameter.', 400],
        ['elb', 'Elastic Load Balance (ELB)', 'The load balancer is being updated.', 409],
      ],
    );
    assert.ok(
      lookup('load balancer being updated', ALL).some((i) => i.code === 'VPC.0101' && i.catalog === 'elb'),
      "words of the second service's text find it",
    );
  });

  test("a logged message of either service's wording is not called different", () => {
    for (const message of ['The load balancer is being updated.', 'Invalid subnet parameter.']) {
      const md = hoverText(`{"error_code": "VPC.01‸01", "error_msg": "${message}"}`, ALL, 'json')!;
      assert.match(md, /Logged message:\*/);
      assert.doesNotMatch(md, /differs from the documented message/, message);
    }
  });

  test('a bare number two services document is explained by both, each in its own family', () => {
    const iam = catalog('iam', 'Identity and Access Management (IAM)', ['[0-9]{4}'], [code('1100', 400, 'The user does not exist.')]);
    const dcs = catalog('dcs', 'Distributed Cache Service (DCS)', ['[0-9]{4}'], [code('1100', 400, 'The cache instance is frozen.')]);
    const ctx = ctxOf(bundled(iam, dcs));
    const plain = explainCodePlain('1100', ctx).text;
    assert.match(
      plain,
      /The user does not exist\.[^]*Also documented by: Distributed Cache Service \(DCS\) · dcs \(bundled\)[^]*The cache instance is frozen\./,
    );
    assert.deepEqual(
      ctx.index.fieldFamilies.map((f) => f.codes.map((e) => `${e.entry.code} ${e.catalog.catalog.id}`)),
      [['1100 iam'], ['1100 dcs']],
    );
  });

  test("a user's catalog still overrides every bundled text, and names the bundled catalogs", () => {
    const team = catalog('team', 'Team', ['VPC\\.[0-9]{4}'], [code('VPC.0101', 400, 'Our gateway rejected the subnet.')]);
    const ctx = ctxOf([...bundled(VPC, ELB), { catalog: team, origin: '/repo/.vscode/error-codes/team.json' }]);
    const md = hoverText('if (c === "VPC.01‸01") {}', ctx)!;
    assert.match(md, /^\*\*VPC\.0101\*\*[^\n]*\n\nOur gateway rejected the subnet\./);
    assert.doesNotMatch(md, /Invalid subnet parameter|load balancer is being updated/);
    assert.match(md, /Also defined in:\* vpc \\\(bundled\\\), elb \\\(bundled\\\)/);
    assert.deepEqual(
      lookup('VPC.0101', ctx).map((i) => i.catalog),
      ['team'],
    );
  });
});

describe('a family several services share', () => {
  test('a diagnostic and a hover name every service of the family', () => {
    const d = diagnosticOf('VPC.0999');
    assert.match(d.message, /not in the VPC \(VPC, ELB, EIP\) catalog/);
    assert.match(hoverText('if (c === "VPC.09‸99") {}')!, /looks like a VPC \\\(VPC, ELB, EIP\\\) code/);
    assert.match(explainCode('VPC.0201', ALL).markdown, /^\*\*VPC\.0201\*\* · VPC \\\(VPC, ELB, EIP\\\) · HTTP 404/);
  });

  test('a family of one service keeps its plain name', () => {
    assert.match(diagnosticOf('ELB.8999').message, /not in the ELB catalog/);
  });
});

describe('a typo is fixed within the family it most resembles', () => {
  test('a VPC typo is offered VPC codes only, of whichever service, not a VPN code with the same number', () => {
    const s = suggest(ALL.index, 'VPC.01O1');
    assert.equal(s.preferred?.entry.entry.code, 'VPC.0101');
    assert.ok(s.candidates.length > 1);
    for (const c of s.candidates) assert.match(c.entry.entry.code, /^VPC\./);
    assert.ok(
      s.candidates.some((c) => c.entry.entry.code === 'VPC.0181'),
      "the load balancers' VPC code is a VPC code too",
    );
  });

  test("a VPC code no catalog documents is not 'fixed' into another service's code", () => {
    const d = diagnosticOf('VPC.7345');
    assert.equal(d.code, 'unknown');
    assert.ok(!d.data.candidates.some((c) => c.code.startsWith('VPN.')), JSON.stringify(d.data.candidates));
    const typo = diagnosticOf('VPC.73455');
    assert.equal(typo.code, 'misspelled');
    assert.equal(typo.data.preferred, undefined, 'no fix applied unasked');
    assert.ok(!typo.data.candidates.some((c) => c.code === 'VPN.7345'), JSON.stringify(typo.data.candidates));
  });

  test('a prefix equally near two families still looks in both', () => {
    const codes = suggest(ALL.index, 'VPX.0101').candidates.map((c) => c.entry.entry.code);
    assert.ok(codes.includes('VPC.0101') && codes.includes('VPN.0101'), codes.join());
  });

  test('DBS. of 6 digits and of 8: a number of 7 digits is a misspelling, fixed to the nearest code', () => {
    const d = diagnosticOf('DBS.2800011');
    assert.equal(d.code, 'misspelled');
    assert.match(d.message, /not a known DBS \(RDS, GAUSSDB\) error code; did you mean `DBS\.280001`/);
    assert.equal(d.data.preferred, 'DBS.280001');
  });

  test('a number of 9 digits is matched against the 8-digit codes, not the 6-digit ones', () => {
    const codes = suggest(ALL.index, 'DBS.200001111').candidates.map((c) => c.entry.entry.code);
    assert.ok(codes.includes('DBS.20000111'), codes.join());
    for (const c of codes) assert.equal(c.length, 'DBS.'.length + 8, c);
  });

  test('an undocumented 6-digit code is offered 6-digit neighbours, not an 8-digit code it would take two more digits to reach', () => {
    const d = diagnosticOf('DBS.200002');
    assert.equal(d.code, 'unknown');
    const codes = d.data.candidates.map((c) => c.code);
    assert.ok(codes.includes('DBS.200001') && codes.includes('DBS.200004'), codes.join());
    assert.ok(!codes.includes('DBS.20000200'), codes.join());
  });

  test('a DBS code cut short is told both widths it could have', () => {
    assert.match(diagnosticOf('DBS.2800').message, /is not a complete DBS \(RDS, GAUSSDB\) code \(6 or 8 digits\)/);
  });

  test('adding an undocumented 8-digit DBS code to the workspace catalog declares the 8-digit width, not 6 to 8', () => {
    const added = addCodeToCatalog(undefined, 'DBS.06020004', ALL.index);
    assert.ok(added && added !== 'present');
    const families = (JSON.parse(added.text) as Catalog).families.map((f) => f.pattern);
    assert.deepEqual(families, ['DBS\\.[0-9]{8}']);
  });

  test('a log line keeps reading a 7-digit DBS number as an undocumented code, as the log scan does', () => {
    const md = hoverText('2024-05-01 ERROR DBS.28000‸11 failed', ALL, 'log');
    assert.match(md ?? '', /looks like a DBS/);
  });
});

describe('prefixes that differ only in case', () => {
  test('an upper-cased code is fixed to the one family that holds its number', () => {
    const four = diagnosticOf('ENDPOINT.0004');
    assert.equal(four.data.preferred, 'EndPoint.0004');
    const five = diagnosticOf('ENDPOINT.0005');
    assert.equal(five.data.preferred, 'Endpoint.0005');
  });

  test("a code written with the other family's prefix is a slip of case, fixed, not an undocumented code", () => {
    const d = diagnosticOf('Endpoint.0004');
    assert.equal(d.code, 'misspelled');
    assert.equal(d.data.preferred, 'EndPoint.0004');
    assert.match(d.message, /differs from `EndPoint\.0004` only in letter case/);
  });

  test('when both families hold the number, both are offered and neither is applied unasked', () => {
    const both = catalog(
      'vpcep',
      'VPC Endpoint (VPCEP)',
      ['EndPoint\\.[0-9]{4}', 'Endpoint\\.[0-9]{4}'],
      [code('EndPoint.0004', 400, 'The endpoint service does not exist.'), code('Endpoint.0004', 403, 'Quota exceeded.')],
    );
    const ctx = ctxOf(bundled(both));
    const d = diagnosticOf('ENDPOINT.0004', ctx);
    assert.equal(d.data.preferred, undefined);
    assert.deepEqual(d.data.candidates.map((c) => c.code).sort(), ['EndPoint.0004', 'Endpoint.0004']);
    const x = explainCode('endpoint.0004', ctx);
    assert.match(x.markdown, /`EndPoint\.0004`[^]*`Endpoint\.0004`/);
    assert.deepEqual(
      suggest(ctx.index, 'endpoint.0004')
        .candidates.map((c) => c.entry.entry.code)
        .sort(),
      ['EndPoint.0004', 'Endpoint.0004'],
    );
  });

  test('a case-blind prefix with a number neither family holds is offered codes of both', () => {
    const codes = suggest(ALL.index, 'ENDPOINT.0006').candidates.map((c) => c.entry.entry.code);
    assert.ok(codes.includes('EndPoint.0007') && codes.includes('Endpoint.0005'), codes.join());
  });
});
