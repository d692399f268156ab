// `error-codes explain CODE...`: the hover's text, for a terminal.
import { parseArgs } from 'node:util';
import { explainCodePlain, namesOneEntry } from '../features/explainCode';
import { loadContext, UsageError } from './shared';

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { lang: { type: 'string' }, config: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('explain needs at least one code, e.g. `error-codes explain SVCSTG.SWR.4001048`');
  // Only the catalogs that could hold these codes are read when they explain them all (start-up
  // with 61 catalogs); a near miss or a prefix needs every catalog, and gets them.
  const { ctx } = loadContext(values, {
    codes: positionals.map((code) => code.trim()),
    enough: (partial) => positionals.every((code) => namesOneEntry(code, partial)),
  });
  let allFound = true;
  const blocks: string[] = [];
  for (const code of positionals) {
    const r = explainCodePlain(code, ctx);
    allFound &&= r.found;
    blocks.push(r.text);
  }
  process.stdout.write(`${blocks.join('\n\n')}\n`);
  return allFound ? 0 : 1;
}
