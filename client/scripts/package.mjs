// Builds the installable .vsix.
//   node client/scripts/package.mjs [--out FILE]
// Works on a copy of the repository's packaging inputs in a temporary folder: the minified
// production bundles are built there, so the working tree's dist/ (the development build
// that tests and the debugger use, possibly by someone else at the same moment) is never
// replaced. The copy holds the same files the .vscodeignore whitelist is written for.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));

// Inputs of the build (sources, build script) and of the package (whitelisted files).
const copies = [
  'package.json',
  'tsconfig.json',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'protocol',
  'client/src',
  'client/images',
  'server/src',
  'server/build.mjs',
  'l10n',
  'docs/images',
  ...readdirSync(root).filter((f) => /^package\.nls(\..+)?\.json$/.test(f)),
  ...readdirSync(path.join(root, 'catalogs'))
    .filter((f) => f.endsWith('.json') || f === 'families.tsv')
    .map((f) => `catalogs/${f}`),
];

const stage = mkdtempSync(path.join(os.tmpdir(), 'error-codes-package-'));
try {
  for (const rel of copies) {
    const from = path.join(root, rel);
    if (!existsSync(from)) continue; // README may not be written yet; vsce says so if it matters.
    cpSync(from, path.join(stage, rel), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

  const step = (what, cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: stage, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`package: ${what} failed`);
      process.exit(r.status ?? 1);
    }
  };
  step('production build', process.execPath, [path.join(stage, 'server/build.mjs'), '--production']);
  const vsce = createRequire(path.join(root, 'package.json')).resolve('@vscode/vsce/vsce');
  // --no-dependencies: everything the extension runs is in the bundles.
  // --allow-missing-repository: the manifest names no public repository yet.
  // --no-rewrite-relative-links: without a repository vsce cannot make the README's image
  //   links absolute; they stay relative and resolve to docs/images inside the package.
  step('vsce package', process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
  console.log(`\nPackaged ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB).`);
  console.log(`Install it in VS Code with:  code --install-extension ${out}`);
  console.log('(or: Extensions view → … menu → Install from VSIX…)');
} finally {
  rmSync(stage, { recursive: true, force: true });
}
