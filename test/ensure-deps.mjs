// `npm test` must work on a fresh clone: install the locked dependencies when they are missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync('node_modules/.package-lock.json')) {
  console.error('[error-codes] node_modules is missing: running npm ci');
  execSync('npm ci', { stdio: 'inherit' });
}
