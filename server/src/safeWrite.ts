// Every file the tool writes goes through here. A repository is hostile: any name in it may be a
// planted symbolic link, a hard link to a file elsewhere, a FIFO or a device, and a file may be
// edited while the tool works on it. So a write is staged in a temporary file of a random name,
// created exclusively beside its target, and only then renamed over a target that is still the
// regular, writable, singly-linked file it was when read. Anything else is refused with a
// message naming the file, and the user's file is left exactly as it was.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, systemErrorCode } from './safeRead';

/** A write that was not made: nothing of the user's was changed, and `reason` says why in their words. */
export class WriteRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** What a file was when it was read (lstat, to the nanosecond), or null when it did not exist. */
export type FileState = fs.BigIntStats | null;

export function fileState(file: string): FileState {
  try {
    return fs.lstatSync(file, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WriteRefused(file, `cannot read: ${errorCode(err)}`);
  }
}

interface WriteOptions {
  /**
   * The file as it was read (taken BEFORE reading it): the write is refused if it is not the same
   * file, of the same size and times, when the new content is put in place. Without it, the file
   * found when the write is staged is the one expected.
   */
  expected?: FileState;
  /** The bytes that were read: when given, the file must still hold exactly these (times can be coarse). */
  content?: Uint8Array;
  /** Missing folders on the way are created (each one checked as it is reached). */
  makeFolders?: boolean;
  /**
   * Folders between this one (default: the working folder) and the file must not be symbolic
   * links: a repository could otherwise lead a write out of itself. Paths outside it were typed
   * by the user as they are and are taken as they are.
   */
  root?: string;
}

export interface StagedWrite {
  readonly file: string;
  /** Puts the staged content in place, if the target is still what it was; throws WriteRefused if not. */
  commit(): void;
  /** Drops the staged content; the target is not touched. */
  abort(): void;
}

/** Writes `data` to `file` through a staged temporary file (see stageWrite). */
export function writeFileSafely(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  stageWrite(file, data, options).commit();
}

/**
 * Writes `data` to a new temporary file beside `file`, flushed to disk, with the target's mode,
 * ready to be renamed over it by commit(). Several files can be staged and then committed
 * together, so that a failure in staging any of them leaves all of them as they were.
 */
/**
 * `bytes` random bytes as hex, from the global Web Crypto: node:crypto, imported here, was
 * loaded (with the streams it needs) at every start of the command line, 3 to 5 ms of a short
 * scan, though only a command that writes ever asks for a name.
 */
function randomHex(bytes: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}

export function stageWrite(file: string, data: string | Uint8Array, options: WriteOptions = {}): StagedWrite {
  checkFolders(file, options.root ?? process.cwd(), options.makeFolders ? 'make' : 'refuse');
  const found = fileState(file);
  if (found) refuseUnwritable(file, found);
  if (options.expected !== undefined && !sameFile(options.expected, found)) throw changed(file, options.expected, found);

  const dir = path.dirname(file);
  // A random name no one can plant a link at in advance; the target's own name (shortened, so the
  // temporary name stays under the 255-byte limit of a name) says whose it is if one is ever left.
  const tmp = path.join(dir, `.${path.basename(file).slice(0, 64)}.${randomHex(8)}.error-codes.tmp`);
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
  let fd: number;
  try {
    // Private until it has the target's mode; a new file gets the usual mode (less the umask).
    fd = fs.openSync(tmp, flags, found ? 0o600 : 0o666);
  } catch (err) {
    throw new WriteRefused(file, `cannot write in ${dir}: ${errorCode(err)}`);
  }
  try {
    try {
      fs.writeFileSync(fd, data);
      if (found) keepOwnership(fd, found);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    removeQuietly(tmp);
    throw err instanceof WriteRefused ? err : new WriteRefused(file, `cannot write: ${errorCode(err)}`);
  }

  let done = false;
  return {
    file,
    abort() {
      if (done) return;
      done = true;
      removeQuietly(tmp);
    },
    commit() {
      if (done) throw new Error(`${file}: a staged write was already committed or dropped`);
      done = true;
      try {
        // The last look before the rename: an edit made while the tool worked is never overwritten.
        const now = fileState(file);
        if (!sameFile(found, now)) throw changed(file, found, now);
        if (options.content && !holds(file, options.content)) throw changed(file, found, now);
        if (found) fs.renameSync(tmp, file);
        else createNew(tmp, file);
      } catch (err) {
        removeQuietly(tmp);
        throw err instanceof WriteRefused ? err : new WriteRefused(file, `cannot write: ${errorCode(err)}`);
      }
    },
  };
}

/** Why this existing file must not be replaced, as a WriteRefused; returns when it may be. */
function refuseUnwritable(file: string, st: fs.BigIntStats): void {
  if (st.isSymbolicLink()) {
    let target = '';
    try {
      target = ` to ${fs.readlinkSync(file)}`;
    } catch (err) {
      // The link's text only makes the message clearer; a link gone meanwhile leaves it out.
      systemErrorCode(err);
    }
    throw new WriteRefused(file, `is a symbolic link${target}: not written (name the file it points to, if that is the one meant)`);
  }
  if (!st.isFile()) throw new WriteRefused(file, `is ${kindOf(st)}, not a regular file: not written`);
  if (st.nlink > 1n) throw new WriteRefused(file, `has ${st.nlink} hard links: not written, as replacing it would leave the other names with the old content`);
  // Renaming over a file needs only the folder's permission: the file's own is honoured here.
  // The owner's write bit is looked at too, as root may write anything.
  if ((st.mode & 0o200n) === 0n || !canWrite(file)) throw new WriteRefused(file, 'is read-only: not written');
}

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch (err) {
    systemErrorCode(err);
    return false;
  }
}

function kindOf(st: fs.BigIntStats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Why a write to `file` would be refused now, or undefined: for writes another program makes
 * for us (the editor applying a workspace edit), which would follow a link where we would not.
 * Folders on the way that do not exist yet are no reason: the editor makes them.
 */
export function writeRefusal(file: string, root: string): string | undefined {
  try {
    checkFolders(file, root, 'allow');
    const st = fileState(file);
    if (st) refuseUnwritable(file, st);
    return undefined;
  } catch (err) {
    if (err instanceof WriteRefused) return err.reason;
    throw err;
  }
}

/**
 * The folders between `root` and the file, walked one by one: none may be a symbolic link or
 * anything but a folder; missing ones are made when asked (each made folder is then checked again,
 * as a link planted in its place meanwhile would be).
 */
function checkFolders(file: string, root: string, missing: 'make' | 'refuse' | 'allow'): void {
  const make = missing === 'make';
  const base = path.resolve(root);
  const folder = path.dirname(path.resolve(file));
  if (!isInside(folder, base)) {
    if (make) makeFolders(path.dirname(file));
    return;
  }
  let at = base;
  for (const part of path.relative(base, folder).split(path.sep).filter(Boolean)) {
    at = path.join(at, part);
    let st = lstatOrNull(at);
    if (!st && make) {
      try {
        fs.mkdirSync(at);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteRefused(file, `cannot make the folder ${at}: ${errorCode(err)}`);
      }
      st = lstatOrNull(at);
    }
    if (!st && missing === 'allow') return;
    if (!st) throw new WriteRefused(file, `cannot write: the folder ${at} does not exist`);
    if (st.isSymbolicLink()) throw new WriteRefused(file, `the folder ${at} is a symbolic link: not written through it`);
    if (!st.isDirectory()) throw new WriteRefused(file, `cannot write: ${at} is not a folder`);
  }
}

function makeFolders(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new WriteRefused(dir, `cannot make the folder: ${errorCode(err)}`);
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch (err) {
    systemErrorCode(err);
    return null;
  }
}

function sameFile(a: FileState, b: FileState): boolean {
  if (!a || !b) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

function changed(file: string, before: FileState, now: FileState): WriteRefused {
  if (!before) return new WriteRefused(file, 'was created by something else meanwhile: not replaced');
  if (!now) return new WriteRefused(file, 'was removed meanwhile: not written');
  return new WriteRefused(file, 'changed since it was read: not written (run again to work on its new content)');
}

/** Whether the file holds exactly `content`: read without following a link or waiting on a FIFO, and no further than it. */
function holds(file: string, content: Uint8Array): boolean {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) return false;
    const buf = Buffer.alloc(content.length + 1);
    let got = 0;
    for (let n; got < buf.length && (n = fs.readSync(fd, buf, got, buf.length - got, got)) > 0;) got += n;
    return got === content.length && buf.subarray(0, got).equals(content);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file that did not exist is put in place with link(), which fails if a file (or a link) has
 * appeared at its name since: nothing is ever replaced that was not looked at. Where links
 * cannot be made (some network and FAT file systems) it falls back to rename.
 */
function createNew(tmp: string, file: string): void {
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new WriteRefused(file, 'was created by something else meanwhile: not replaced');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    fs.renameSync(tmp, file);
    return;
  }
  removeQuietly(tmp);
}

/** The replaced file's mode (less set-id bits) and, when run as root, its owner. */
function keepOwnership(fd: number, st: fs.BigIntStats): void {
  fs.fchmodSync(fd, Number(st.mode & 0o777n));
  // Only root can give a file away; anyone else's new file is theirs, as any editor's would be.
  if (process.getuid?.() === 0 && (st.uid !== 0n || st.gid !== BigInt(process.getgid?.() ?? 0))) fs.fchownSync(fd, Number(st.uid), Number(st.gid));
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    // Already gone, or its folder went: nothing to tidy.
    systemErrorCode(err);
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}
