// Log files read into a LogScan (scan/stream.ts), which holds the rules and works on bytes
// alone. Files are opened through safeRead: a pipe or a device is refused, and a file is read
// only as far as it went when it was opened (a log being written to is not chased).
import { closeSync, readSync } from 'node:fs';
import type { CatalogIndex } from '../catalog/index';
import { LinkRule, openChecked, openCheckedAsync } from '../safeRead';
import { LogScan, type LogScanOptions, type OnHit } from '../scan/stream';

/**
 * A file scanned with blocking reads straight into the scan's buffer: no copy, no garbage, no
 * round trip through the thread pool per read. For the command line; a server, which must keep
 * answering, reads with `scanFile`.
 */
export function scanFileSync(file: string, index: CatalogIndex, onHit: OnHit, links: LinkRule = 'follow', options: LogScanOptions = {}): number {
  const scan = new LogScan(index, onHit, options);
  // A pipe or a device is refused (a read of /dev/zero never ends); a log that grows while it
  // is read is read as far as it went when opened.
  const { fd, size } = openChecked(file, { maxBytes: Number.MAX_SAFE_INTEGER, links });
  try {
    for (let left = size; left > 0;) {
      const room = scan.room();
      const n = readSync(fd, room, 0, Math.min(room.length, left), null);
      if (n === 0) break;
      left -= n;
      scan.wrote(n);
      if (scan.binary) break;
    }
  } finally {
    closeSync(fd);
  }
  return scan.end();
}

/** The same, reading without blocking (straight into the scan's buffer too). */
export async function scanFile(file: string, index: CatalogIndex, onHit: OnHit, links: LinkRule = 'follow', options: LogScanOptions = {}): Promise<number> {
  const scan = new LogScan(index, onHit, options);
  const { handle, size } = await openCheckedAsync(file, { maxBytes: Number.MAX_SAFE_INTEGER, links });
  try {
    for (let left = size; left > 0;) {
      const room = scan.room();
      const { bytesRead } = await handle.read(room, 0, Math.min(room.length, left), null);
      if (bytesRead === 0) break;
      left -= bytesRead;
      scan.wrote(bytesRead);
      if (scan.binary) break;
    }
  } finally {
    await handle.close();
  }
  return scan.end();
}
