// Every read of a file a repository controls goes through here. A repository can hold a
// named pipe (an open blocks until someone writes), a link to /dev/zero or /dev/random (a read
// never ends), a link out of the workspace (to a secret, or a huge file), or a file that grows
// while it is read. So a file is opened without blocking and without following a last link
// unless asked, checked by its descriptor (what was opened is what is checked: no window to
// swap it), refused unless it is a regular file within the size allowed, and read no further
// than that size even if it grows meanwhile.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What a symbolic link at the path may do:
 * - 'refuse': never followed (files the workspace scan finds, which skips links, and .gitignore, which git reads only as a file);
 * - 'within': followed only when its target lies inside `root` (files a workspace holds by convention: its catalogs and settings);
 * - 'follow': followed anywhere (a path the user named: on the command line, in a setting).
 */
export type LinkRule = 'refuse' | 'within' | 'follow';

interface ReadLimits {
  /** Larger files are refused before a byte is read; a file that grows is not read past it. */
  maxBytes: number;
  links: LinkRule;
  /** For 'within': the folder a link's target must stay in. */
  root?: string;
  /** The message for a file over the limit (what the limit is called where it is set); a plain one by default. */
  tooLarge?: (size: number) => string;
}

/** A read refused for what the file is (not a regular file, too large, a link leading away), with a message that says so. */
export class RefusedRead extends Error {
  readonly code = 'EREFUSED';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'RefusedRead';
  }
}

/**
 * For a catch that expects the file system to say no (a missing file, a permission, a link
 * that leads nowhere): returns that error's code, and rethrows anything else, such as a
 * programmer's TypeError, which must never pass for "the file is not there".
 */
export function systemErrorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  throw err;
}

/** Why a read failed, for a message after the file's name: the refusal's reason, or `cannot read: ENOENT`. */
export function readFailure(err: unknown): string {
  if (err instanceof RefusedRead) return err.reason;
  return `cannot read: ${(err as NodeJS.ErrnoException)?.code ?? String(err)}`;
}

// Not on every platform (Windows has neither): there the lstat checks below still hold.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** What a file that is not a regular one is, in words. */
export function kindOf(st: fs.Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Is `child` the folder `parent` or below it (as paths; links are the caller's to resolve)? */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path to open, once the link rule allows it; opened with O_NOFOLLOW unless the rule follows links. */
function target(file: string, limits: ReadLimits): { open: string; flags: number } {
  const flags = fs.constants.O_RDONLY | NONBLOCK;
  if (limits.links === 'follow') return { open: file, flags };
  const st = fs.lstatSync(file);
  if (limits.links === 'refuse') {
    if (st.isSymbolicLink()) throw new RefusedRead(file, 'a symbolic link: not followed (links are skipped here, as the workspace scan skips them)');
    return { open: file, flags: flags | NOFOLLOW };
  }
  // 'within': the file itself and every folder on the way to it are resolved, so neither a link at the
  // end nor a linked folder (`.vscode` → elsewhere) nor a path written outside can lead the read away.
  const real = fs.realpathSync(file);
  const root = fs.realpathSync(limits.root ?? path.dirname(file));
  if (!isInside(real, root)) {
    throw new RefusedRead(
      file,
      st.isSymbolicLink()
        ? `a symbolic link to ${real}, outside ${root}: not followed`
        : `${real} lies outside ${root}: not read (a project may name only its own files)`,
    );
  }
  // Every link resolved: the path opened can no longer be turned into one without O_NOFOLLOW noticing.
  return { open: real, flags: flags | NOFOLLOW };
}

function tooLarge(size: number, limits: ReadLimits): string {
  return limits.tooLarge?.(size) ?? `${size} bytes, larger than the ${limits.maxBytes} allowed: not read`;
}

/** Checks what the descriptor is; returns its size. Closes nothing: the caller owns fd. */
function check(file: string, st: fs.Stats, limits: ReadLimits): number {
  if (!st.isFile()) throw new RefusedRead(file, `${kindOf(st)}, not a regular file: not read`);
  if (st.size > limits.maxBytes) throw new RefusedRead(file, tooLarge(st.size, limits));
  return st.size;
}

function openFailed(file: string, err: unknown, limits: ReadLimits): never {
  // O_NOFOLLOW meeting a link (swapped in after the lstat): the link rule answers it.
  if ((err as NodeJS.ErrnoException).code === 'ELOOP' && limits.links !== 'follow') throw new RefusedRead(file, 'a symbolic link: not followed');
  throw err;
}

/**
 * Opens a regular file for reading, checked as described above; returns the descriptor and the
 * file's size when opened. Throws RefusedRead or the system's error.
 */
export function openChecked(file: string, limits: ReadLimits): { fd: number; size: number } {
  const { open, flags } = target(file, limits);
  let fd: number;
  try {
    fd = fs.openSync(open, flags);
  } catch (err) {
    openFailed(file, err, limits);
  }
  try {
    return { fd, size: check(file, fs.fstatSync(fd), limits) };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** The same, for a server that must keep answering while it reads. */
export async function openCheckedAsync(file: string, limits: ReadLimits): Promise<{ handle: fs.promises.FileHandle; size: number }> {
  const { open, flags } = target(file, limits);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(open, flags);
  } catch (err) {
    openFailed(file, err, limits);
  }
  try {
    return { handle, size: check(file, await handle.stat(), limits) };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** A whole file's bytes, read as described above: never more than `maxBytes`, whatever happens to the file meanwhile. */
export function readBounded(file: string, limits: ReadLimits): Buffer {
  const { fd, size } = openChecked(file, limits);
  try {
    // One byte more than allowed is asked for: getting it means the file grew past the limit.
    const buf = Buffer.allocUnsafe(Math.min(limits.maxBytes, Math.max(size, 64 * 1024)) + 1);
    let have = 0;
    let out = buf;
    for (;;) {
      if (have === out.length) {
        if (have > limits.maxBytes) throw new RefusedRead(file, `grew past ${limits.maxBytes} bytes while it was read: not read`);
        const bigger = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, out.length * 2));
        out.copy(bigger, 0, 0, have);
        out = bigger;
      }
      const n = fs.readSync(fd, out, have, out.length - have, null);
      if (n === 0) break;
      have += n;
    }
    if (have > limits.maxBytes) throw new RefusedRead(file, `grew past ${limits.maxBytes} bytes while it was read: not read`);
    return out.subarray(0, have);
  } finally {
    fs.closeSync(fd);
  }
}

/** A whole file as UTF-8 text (see readBounded). */
export function readTextBounded(file: string, limits: ReadLimits): string {
  return readBounded(file, limits).toString('utf8');
}

/** Does a regular file (not a link, not a pipe) stand at this path? Never opens it. */
export function isPlainFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch (err) {
    systemErrorCode(err);
    return false;
  }
}
