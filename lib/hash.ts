import { createHash } from 'node:crypto';

/**
 * SHA-256 as lowercase hex, of a string's UTF-8 bytes or of a buffer. The one hash helper outside workflow code;
 * workflows use domain/review/sha256.ts, which computes the same value without node:crypto (not in the sandbox).
 */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
