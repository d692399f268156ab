// The command line: the same service as the language server, for terminals and CI.
import { checkCommand } from './cli/checkCommand';
import { configCommand } from './cli/configCommand';
import { explainCommand } from './cli/explainCommand';
import { scanCommand } from './cli/scanCommand';
import { UsageError } from './cli/shared';

interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
  /**
   * Everything it writes goes out with blocking writes (writeOut): the process may end the
   * moment it returns. Node otherwise first tears its heap down, the catalogs' and the scan's
   * (about 5 ms after a scan of a large log).
   */
  endsAtOnce?: boolean;
}

const commands: Record<string, Command> = {
  check: {
    summary: 'report misspelled and unknown codes in source files (--format text|json|sarif, --fix, --exit-zero)',
    run: checkCommand,
  },
  scan: {
    summary: 'count the codes in logs and folders, with what they mean (--format text|json; - reads stdin)',
    run: scanCommand,
    endsAtOnce: true,
  },
  explain: {
    summary: 'explain codes (--lang en|zh-CN)',
    run: explainCommand,
  },
  import: {
    summary:
      'turn a vendor error-code page into a catalog (--service ID --out FILE), or merge it into one (--into FILE); --report PAGE... reads pages and writes nothing',
    run: async (args) => (await import('./cli/importCommand')).importCommand(args),
  },
  config: {
    summary: 'show the catalogs and settings in force here, and where they come from',
    run: configCommand,
  },
  'build-catalogs': {
    summary: 'maintainers: rebuild catalogs/*.json from catalogs/sources/',
    // The importer (and its HTML parser) loads only for the commands that need it: start-up stays short.
    run: async (args) => (await import('./cli/buildCatalogs')).buildCatalogsCommand(args),
  },
};

function usage(): string {
  const lines = ['usage: error-codes <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(16)} ${c.summary}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`error-codes: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The 'exit' handlers still run (the start-up cache is written there).
    if (commands[process.argv[2]]?.endsAtOnce) process.exit(code);
  },
  (err: unknown) => {
    // Usage and input errors are the user's to fix: one line. Anything else is ours: the stack helps.
    const known = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`error-codes: ${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 2;
  },
);
