/**
 * The ETag of a completed multipart upload: MD5 of the concatenated binary MD5s of its parts, in hex, then
 * `-<number of parts>` (the well-known S3 rule; quoted on the wire).
 */
import { createHash } from 'node:crypto';

export function multipartEtag(partMd5Hex: readonly string[]): string {
  const md5 = createHash('md5');
  for (const hex of partMd5Hex) md5.update(Buffer.from(hex, 'hex'));
  return `"${md5.digest('hex')}-${partMd5Hex.length}"`;
}
