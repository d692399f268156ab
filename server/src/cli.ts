// The command line: the same service as the language server, for terminals and CI.
import { buildCatalogsCommand } from './cli/buildCatalogs';

interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  'build-catalogs': {
    summary: 'maintainers: rebuild catalogs/*.json from catalogs/sources/',
    run: buildCatalogsCommand,
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
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(`error-codes: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
