// `error-codes config`: the catalogs and settings the command line uses here.
import { parseArgs } from 'node:util';
import { describeConfiguration } from '../features/configuration';
import { loadContext } from './shared';

export async function configCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, lang: { type: 'string' } } });
  const { ctx, config, store } = loadContext(values);
  process.stdout.write(
    `${describeConfiguration({
      catalogs: store.loaded,
      problems: store.problems(),
      settings: ctx.settings,
      settingsFrom: ['defaults', ...config.files],
      workspaceTrusted: true,
      services: store.services,
    })}\n`,
  );
  return 0;
}
