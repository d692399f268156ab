// The check in slices (features/slicedCheck.ts) must find exactly what `diagnose` finds, on
// generated handlers in four languages, with literals and comments broken open anywhere (an
// unterminated string, a comment opened and never closed), and with slices far smaller than
// the server's, so that many cuts fall near literals, comments and the margins.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnose } from '../../server/src/features/diagnostics';
import { diagnoseInSlices } from '../../server/src/features/slicedCheck';
import { generateHandlers, readCodes, rng } from '../bench/generate';
import { CATALOG_DIR } from '../support/root';
import { context } from '../support/service';

const LANGUAGES = ['typescript', 'python', 'go', 'java'] as const;
const now = () => Promise.resolve();
const SMALL = { lexChunk: 300, scanSlice: 500, margin: 450, sliceMs: 0, giveWay: now };

/** `text` with a few openers of literals and comments put in at random places. */
function broken(text: string, seed: number): string {
  const r = rng(seed);
  let out = text;
  for (const opener of ['"', "'", '/*', '`', '"""', '//']) {
    const at = Math.floor(r() * out.length);
    out = out.slice(0, at) + opener + out.slice(at);
  }
  return out;
}

describe('the check in slices', () => {
  const codes = readCodes(CATALOG_DIR);
  const ctx = context({ diagnostics: { ...context().settings.diagnostics, comments: true } });

  for (const language of LANGUAGES) {
    test(`finds what diagnose finds in ${language} handlers, whole and broken open`, async () => {
      for (let seed = 1; seed <= 6; seed++) {
        const generated = generateHandlers(language, codes, 20_000, seed, 0.05).text;
        const text = seed <= 2 ? generated : broken(generated, seed);
        const doc = TextDocument.create(`file:///h.${language}`, language, 1, text);
        const whole = diagnose(doc, ctx);
        assert.ok(seed > 2 || whole.length > 0, 'the generated handlers should have misspellings');
        assert.deepEqual(await diagnoseInSlices(doc, ctx, SMALL), whole, `${language}, seed ${seed}`);
        assert.deepEqual(await diagnoseInSlices(doc, ctx, { giveWay: now }), whole, `${language}, seed ${seed}, the server's sizes`);
      }
    });
  }

  test('a check of a document that changes meanwhile answers nothing', async () => {
    const doc = TextDocument.create('file:///h.ts', 'typescript', 1, generateHandlers('typescript', codes, 20_000, 3).text);
    let turns = 0;
    const result = await diagnoseInSlices(doc, ctx, {
      ...SMALL,
      giveWay: async () => {
        if (++turns === 3) TextDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }], 2);
      },
    });
    assert.equal(result, undefined);
    assert.ok(turns >= 3);
  });
});
