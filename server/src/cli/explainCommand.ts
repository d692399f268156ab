// `error-codes explain CODE...`: the hover's text, for a terminal.
import { parseArgs } from 'node:util';
import { explainCodePlain } from '../features/explainCode';
import { loadContext, UsageError } from './shared';

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { lang: { type: 'string' }, config: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('explain needs at least one code, e.g. `error-codes explain SVCSTG.SWR.4001048`');
  const { ctx } = loadContext(values);
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
