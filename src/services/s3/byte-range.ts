/**
 * The `Range` header of GetObject/HeadObject (RFC 7233 §2.1, single range only, as S3 honours): `bytes=a-b`,
 * `bytes=a-`, `bytes=-n`. A header S3 cannot parse is ignored (the whole object is returned); a range that
 * starts past the end is `InvalidRange` 416.
 */
import type { ByteRange } from '../../store/blob/blob-store.js';
import { s3Errors } from './s3-errors.js';

type RangeDecision = { readonly kind: 'whole' } | { readonly kind: 'partial'; readonly range: ByteRange };

export function resolveRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(header, size);
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) throw s3Errors.invalidRange(header, size);
  return { kind: 'partial', range: { start, end } };
}
