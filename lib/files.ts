import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over it (a rename is atomic on
 * one file system), so a reader or a retried activity never sees half a file. Creates the folder.
 */
export function writeAtomic(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
