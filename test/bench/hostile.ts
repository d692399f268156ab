// The hostile section: huge and hostile inputs, each with its size, the time taken, the peak
// memory and what was reported. The command line runs under `measure` (wall clock, peak RSS);
// the server is driven over stdio (time to diagnostics and to hover, VmHWM from /proc). The
// 1 GB log is the logs section's (`error-codes scan, 5× the log`): not generated twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from '../protocol/client';
import { behindRows, measureBehind } from './behind';
import { dropScratch, measure, Measured, scratch } from './external';
import { readCodes } from './generate';
import { memoryOf, SectionResult } from './sections';
import { bytes, ms, Row, timedAsync } from './stats';

const SECTION = 'hostile: huge and hostile inputs';

export interface HostileOptions {
  root: string;
}

/** Writes `total` bytes made by repeating `piece`, a megabyte at a time. */
function writeRepeated(file: string, piece: Buffer, total: number, head = Buffer.alloc(0), tail = Buffer.alloc(0)): number {
  const block = Buffer.concat(Array(Math.max(1, Math.floor((1 << 20) / piece.length))).fill(piece));
  const fd = fs.openSync(file, 'w');
  let n = 0;
  try {
    n += fs.writeSync(fd, head);
    while (n + block.length <= total) n += fs.writeSync(fd, block);
    while (n + piece.length <= total) n += fs.writeSync(fd, piece);
    n += fs.writeSync(fd, tail);
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

function said(m: Measured): string {
  const lines = m.stderr.trim().split('\n').filter(Boolean);
  const text = lines.slice(-2).join(' | ');
  return `exit ${m.code}; ${text.length > 220 ? `${text.slice(0, 217)}...` : text || 'nothing on stderr'}`;
}

function rss(m: Measured): string {
  return m.peakRss === undefined ? 'peak RSS unknown' : `peak RSS ${bytes(m.peakRss)}`;
}

export async function hostileSection(o: HostileOptions, say: (line: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const dir = scratch('hostile');
  const cli = path.join(o.root, 'dist', 'cli.js');
  const cliRow = async (what: string, file: string, args: string[], cwd = dir) => {
    const size = fs.statSync(file).size;
    const m = await measure(process.execPath, [cli, ...args, file], { cwd });
    rows.push({ section: SECTION, what, input: `${path.basename(file)} ${bytes(size)}`, value: ms(m.ms), note: `${rss(m)}; ${said(m)}` });
  };
  try {
    // ---- files through the command line ----------------------------------------------------
    const minified = path.join(dir, 'bundle.min.js');
    say('hostile: writing a 50 MB single-line minified file, a 50 MB binary .log, 100 MB Latin-1 and GBK logs, a file of 100,000 codes …');
    writeRepeated(minified, Buffer.from('function f(a){return a==="SVCSTG.SRW.4040010"?1:a.b+"abcdefghijabcdefghij"};'), 50_000_000);
    await cliRow('check, over maxFileSize (default 5,000,000)', minified, ['check', '--format', 'json']);
    const raised = path.join(dir, 'raised');
    fs.mkdirSync(raised);
    fs.writeFileSync(path.join(raised, '.error-codes.json'), JSON.stringify({ maxFileSize: 100_000_000 }));
    await cliRow('check, maxFileSize raised to 100,000,000', minified, ['check', '--format', 'json'], raised);
    await cliRow('scan of the same file', minified, ['scan']);
    fs.rmSync(minified);

    const binary = path.join(dir, 'renamed.log');
    const noise = Buffer.alloc(1 << 16);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + (i >> 8)) & 0xff;
    writeRepeated(binary, noise, 50_000_000);
    await cliRow('scan, binary file renamed .log', binary, ['scan']);
    await cliRow('check, binary file renamed .log', binary, ['check']);
    fs.rmSync(binary);

    const latin1 = path.join(dir, 'latin1.log');
    writeRepeated(latin1, Buffer.from('2024-05-01 résumé échoué: SVCSTG.SWR.4001048 à côté\n', 'latin1'), 100_000_000);
    await cliRow('scan, Latin-1 log', latin1, ['scan']);
    fs.rmSync(latin1);
    const gbk = path.join(dir, 'gbk.log');
    writeRepeated(
      gbk,
      Buffer.concat([
        Buffer.from([0xbe, 0xb5, 0xcf, 0xf1, 0xb2, 0xbb, 0xb4, 0xe6, 0xd4, 0xda]),
        Buffer.from(' IMG.0024 '),
        Buffer.from([0xb4, 0xed, 0xce, 0xf3]),
        Buffer.from('\n'),
      ]),
      100_000_000,
    );
    await cliRow('scan, GBK log', gbk, ['scan']);
    fs.rmSync(gbk);

    const lines = ['switch (code) {'];
    for (let i = 0; i < 100_000; i++) lines.push(`  case "SVCSTG.SRW.4040010": return ${i};`);
    const many = `${lines.join('\n')}\n}\n`;
    const manyFile = path.join(dir, 'many.ts');
    fs.writeFileSync(manyFile, many);
    await cliRow('check --format json, 100,000 misspellings', manyFile, ['check', '--format', 'json']);
    const codesLog = path.join(dir, 'codes.log');
    writeRepeated(codesLog, Buffer.from('2024-05-01T10:00:00Z ERROR push failed: SVCSTG.SWR.4001048\n'), 100_000 * 60);
    await cliRow('scan, a log of 100,000 codes', codesLog, ['scan']);

    // ---- the server over stdio ---------------------------------------------------------------
    const serverRow = async (what: string, input: string, text: string, settings: object, hoverAt: { line: number; character: number }) => {
      const server = await LspClient.start({ settings, deadlineMs: 300_000 });
      try {
        const uri = 'file:///hostile/doc.ts';
        const opened = await timedAsync(async () => {
          await server.open(uri, 'typescript', text);
          return server.diagnostics(uri, { version: 1 });
        });
        const hovers: number[] = [];
        let answer = '';
        for (let i = 0; i < 20; i++) {
          const h = await timedAsync(() => server.hoverText(uri, hoverAt));
          hovers.push(h.ms);
          answer = h.value ?? '';
        }
        const mem = memoryOf(server.pid);
        const diags = opened.value.diagnostics;
        const last = diags[diags.length - 1];
        rows.push({
          section: SECTION,
          what,
          input,
          value: ms(opened.ms),
          note: `didOpen → ${diags.length} diagnostics (${bytes(JSON.stringify(diags).length)} of JSON)${last ? `, last: ${last.code} "${String(last.message).slice(0, 90)}"` : ''}; 20 hovers: first ${ms(hovers[0])}, max of the rest ${ms(Math.max(...hovers.slice(1)))}, ${answer ? 'answered' : 'no hover'}; server ${mem ? `VmHWM ${bytes(mem.hwm)}` : 'memory unknown'}`,
        });
        await server.shutdown();
      } finally {
        server.kill();
      }
    };
    await serverRow('server: 100,000 misspellings', `many.ts ${bytes(many.length)}`, many, {}, { line: 100_000, character: 12 });
    const literal = `const blob = "${'a.b SVCSTG '.repeat(1_000_000)}";\nif (c === "SVCSTG.SRW.4040010") {}\n`;
    await serverRow('server: 10 MB string literal (default limit)', `blob.ts ${bytes(literal.length)}`, literal, {}, { line: 1, character: 14 });
    await serverRow(
      'server: 10 MB string literal, maxFileSize 20,000,000',
      `blob.ts ${bytes(literal.length)}`,
      literal,
      { maxFileSize: 20_000_000 },
      { line: 1, character: 14 },
    );
    await serverRow('server: hover inside the 10 MB literal', `blob.ts ${bytes(literal.length)}`, literal, {}, { line: 0, character: 5_000_000 });

    // A hover sent right behind the status bar's summary and behind a fix-all (behind.ts).
    say('hostile: a hover behind the summary of an 8.6 MB file and behind a fix-all of a 4 MB one …');
    rows.push(...behindRows(SECTION, await measureBehind(readCodes(path.join(o.root, 'catalogs')), 1)));

    // ---- catalogs --------------------------------------------------------------------------
    const catalogDir = path.join(dir, 'catalogs');
    fs.mkdirSync(path.join(catalogDir, '.vscode', 'error-codes'), { recursive: true });
    const put = (name: string, text: string | Buffer) => fs.writeFileSync(path.join(catalogDir, '.vscode', 'error-codes', name), text);
    const catalogRow = async (what: string, name: string, text: string | (() => void)) => {
      for (const f of fs.readdirSync(path.join(catalogDir, '.vscode', 'error-codes'))) fs.rmSync(path.join(catalogDir, '.vscode', 'error-codes', f));
      if (typeof text === 'string') put(name, text);
      else text();
      const file = path.join(catalogDir, '.vscode', 'error-codes', name);
      const m = await measure(process.execPath, [cli, 'explain', 'IMG.0024'], { cwd: catalogDir });
      rows.push({ section: SECTION, what, input: `${name} ${bytes(fs.statSync(file).size)}`, value: ms(m.ms), note: `${rss(m)}; ${said(m)}` });
    };
    await catalogRow('catalog: 100,000 nested arrays (explain)', 'deep.json', `{"id": "deep", "codes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++)
      bomb += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(', ')}]\n`;
    await catalogRow('catalog: YAML alias bomb (9^10 nodes)', 'bomb.yaml', bomb);
    await catalogRow(
      'catalog: a 5 MB message',
      'long.json',
      JSON.stringify({
        id: 'long',
        service: { en: 'L' },
        families: [{ pattern: 'APIGW\\.[0-9]{4}', name: 'APIGW' }],
        codes: [{ code: 'APIGW.0001', httpStatus: 400, message: { en: 'x'.repeat(5_000_000) } }],
      }),
    );
    await catalogRow('catalog: a 100 MB file', 'huge.json', () => {
      writeRepeated(
        path.join(catalogDir, '.vscode', 'error-codes', 'huge.json'),
        Buffer.from('{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},'),
        100_000_000,
        Buffer.from('['),
        Buffer.from('{}]'),
      );
    });
    notes.push(
      "hostile: the 1 GB log is the logs section's own run (`error-codes scan, 5× the log`): run `--only logs` for it; peak RSS as the logs section measures it",
    );
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}
