// One process per PGlite data directory. Two PGlite instances on one directory each see only
// their own writes and overwrite each other's files: acknowledged writes are lost and the audit
// chain breaks. A lock file in the directory names the process holding it; it is created
// atomically and taken over only when that process is provably gone, so a crash (kill -9, power
// loss) never leaves the directory stuck.
//
// Our own small lock rather than proper-lockfile: that one records no holder (the refusal could not
// say who has the directory) and judges a lock stale by an mtime it refreshes on a timer, so a
// server whose event loop is busy longer than that (PGlite runs queries on the main thread; a
// debugger, a suspended VM) loses its lock while still writing. Asking the operating system
// whether the holder still runs is exact and needs no timer.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const lockFileName = 'abastece.lock';

/** Who holds a data directory: enough to tell, later and from another process, whether it still runs. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the lock was taken (ISO 8601). */
  startedAt: string;
  command: string;
  /** Linux: which boot of the machine, which pid namespace (container) and when the process started. */
  bootId?: string | undefined;
  pidNamespace?: string | undefined;
  processStart?: string | undefined;
}

export interface DataDirLock {
  /** Removes the lock file if it is still ours. */
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `(pid ${holder.pid} en «${holder.hostname}», desde el ${new Date(holder.startedAt).toLocaleString('es-PE')}: ${holder.command})`
      : `(no se pudo leer quién: «${lockPath}» está vacío o dañado)`;
    super(
      `El directorio de datos «${dataDir}» ya está abierto por otro proceso de Abastece ${who}. ` +
        'Dos procesos sobre los mismos datos perderían escrituras. ' +
        'Detenga ese proceso antes de iniciar otro, o use otro DATA_DIR. ' +
        `Si está seguro de que ya no se ejecuta, borre «${lockPath}».`,
    );
    this.name = 'DataDirLockedError';
  }
}

function readProc(path: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string | undefined {
  try {
    return read(path).trim();
  } catch {
    return undefined;
  }
}

/** Linux: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
function processStartOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function currentHolder(): LockHolder {
  return {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
    bootId: readProc('/proc/sys/kernel/random/boot_id'),
    pidNamespace: readProc('/proc/self/ns/pid', readlinkSync),
    processStart: processStartOf(process.pid),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return errorCode(error) !== 'ESRCH';
  }
}

/** Whether the holder has certainly stopped; anything this machine cannot check counts as running. */
function holderIsGone(holder: LockHolder, here: LockHolder): boolean {
  if (holder.hostname !== here.hostname) return false;
  if (holder.bootId && here.bootId && holder.bootId !== here.bootId) return true;
  if (holder.pidNamespace !== here.pidNamespace) return false;
  if (!isAlive(holder.pid)) return true;
  // Pids are reused (a container's server often gets the same one after a restart).
  const start = processStartOf(holder.pid);
  return holder.processStart !== undefined && start !== undefined && start !== holder.processStart;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    const complete = Number.isInteger(holder.pid) && [holder.hostname, holder.startedAt, holder.command].every((field) => typeof field === 'string');
    return complete ? (holder as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Takes the data directory for this process, or throws DataDirLockedError naming who has it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = join(dataDir, lockFileName);
  const me = currentHolder();
  const text = JSON.stringify(me);
  // A few rounds: the file may vanish or be taken over between our attempts.
  for (let round = 0; round < 5; round++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, text);
        // On disk before any data: after a power cut, an empty lock could not be judged stale.
        fsyncSync(fd);
      } catch (error) {
        unlinkSync(lockPath);
        throw error;
      } finally {
        closeSync(fd);
      }
      return { release: () => removeIfContains(lockPath, text) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const found = readIfExists(lockPath);
    if (found === undefined) continue;
    // Unreadable content is a lock being written this instant, or a damaged one: never taken over.
    const holder = parseHolder(found);
    if (!holder || !holderIsGone(holder, me)) throw new DataDirLockedError(dataDir, lockPath, holder);
    removeStaleLock(lockPath, found);
  }
  throw new DataDirLockedError(dataDir, lockPath, parseHolder(readIfExists(lockPath) ?? ''));
}

function removeIfContains(path: string, text: string): void {
  if (readIfExists(path) !== text) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Removes the stale lock whose content was `stale`. Moved aside rather than deleted: when two
 * processes take over at once, the slower one would otherwise delete the faster one's new lock.
 */
function removeStaleLock(lockPath: string, stale: string): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') !== stale) {
    // We moved another process's fresh lock: put it back. A link never overwrites: should a third
    // process have locked in these microseconds, the put-back fails and two processes hold the
    // directory (three taking over one stale lock at the same instant, the case this cannot exclude).
    try {
      linkSync(aside, lockPath);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
}
