// Runs the test tiers with node's own test runner. Test files are TypeScript; esbuild
// bundles each one (dependencies stay external) into out/ so node can run them directly.
//   node test/run.mjs            all tiers
//   node test/run.mjs unit       one or more named tiers: unit, protocol, e2e
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allTiers = ['unit', 'protocol', 'e2e'];
const tiers = process.argv.slice(2).length ? process.argv.slice(2) : allTiers;
for (const t of tiers)
  if (!allTiers.includes(t)) {
    console.error(`unknown test tier "${t}" (expected ${allTiers.join(', ')})`);
    process.exit(2);
  }

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

// One folder per run: runs in the same checkout (an editor's, a terminal's) never clear each other's files.
const outDir = path.join(root, 'out', `run-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
const files = tiers.flatMap((t) => testFiles(path.join(root, 'test', t)));
await build({
  entryPoints: files,
  outbase: root,
  outdir: outDir,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const compiled = files.map((f) => path.join(outDir, path.relative(root, f)).replace(/\.ts$/, '.js'));
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=1', ...compiled], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, ERROR_CODES_ROOT: root },
});
rmSync(outDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
