// Temporary folders for tests that need real files: projects for the command line,
// workspaces for the server. Each call makes a new folder under the system's temp folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tempDir(prefix = 'error-codes-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new temp folder holding the given files (relative path → content), folders made as needed. */
export function tempProject(files: Record<string, string | Buffer>, prefix = 'error-codes-project-'): string {
  const dir = tempDir(prefix);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}
