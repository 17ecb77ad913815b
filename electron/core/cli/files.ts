/** Files the CLI reads and writes for the user: size-capped reads, and new files never overwritten. */
import { open, unlink } from 'node:fs/promises';
import { MusterError } from '../errors';

/** Reads a text file, refusing one over `maxBytes` before loading any of it. */
export async function readCappedFile(file: string, maxBytes: number, what: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => {
    throw new MusterError('invalid_params', `cannot read ${what} ${file}`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new MusterError('invalid_params', `cannot read ${what} ${file}: not a file`);
    if (info.size > maxBytes)
      throw new MusterError(
        'invalid_params',
        `${file} is too large (${info.size} bytes; ${what}s are at most ${maxBytes}): is it the right file?`,
      );
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes the text `produce()` returns to a file that must not exist yet, readable by the owner only
 * (it holds the workspace's incidents), and returns the rest of what it returned. The file is
 * claimed first, so a name taken meanwhile is never overwritten; if producing or writing fails, it
 * is removed again.
 */
export async function writeNewFile<T extends { text: string }>(
  out: string,
  produce: () => T,
): Promise<Omit<T, 'text'> & { bytes: number }> {
  const file = await open(out, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new MusterError(
      'precondition',
      `cannot write ${out}: ${error.code === 'EEXIST' ? 'it already exists' : error.code}`,
    );
  });
  try {
    const { text, ...rest } = produce();
    await file.writeFile(text);
    // The stick is pulled as soon as the command returns.
    await file.sync();
    await file.close();
    return { ...rest, bytes: Buffer.byteLength(text, 'utf8') };
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(out).catch(() => undefined);
    throw error;
  }
}
