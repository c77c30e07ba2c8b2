// Atomic file replacement: write a temp file in the same folder, fsync it, rename it over the target,
// then fsync the folder (where the platform allows opening one), so a reader or a crash sees the old
// file or the new one, never a mix. Temp files left by a killed writer are swept by sweepTemps.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './fileLock';

const tempPrefix = (file: string) => `${basename(file)}.tmp-`;

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = join(dirname(file), `${tempPrefix(file)}${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await renameRetrying(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dirname(file));
}

/** Removes temp files of `file` whose writer is gone (dead pid) or older than `maxAgeMs`. Call it under the lock. */
export async function sweepTemps(file: string, maxAgeMs: number): Promise<string[]> {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    const path = join(dir, name);
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now());
    if ((pid > 0 && pid !== process.pid && !isProcessAlive(pid)) || age > maxAgeMs) {
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; there rename is already durable enough (NTFS journals it).
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (for example some network mounts) refuse fsync on a folder: best effort.
  } finally {
    await handle.close();
  }
}

/** On Windows a rename over a file another process has open fails briefly with EPERM/EBUSY: retry. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || !['EPERM', 'EBUSY', 'EACCES'].includes(code ?? '') || i >= 20) throw err;
      await new Promise((r) => setTimeout(r, 10 + i * 10));
    }
  }
}
