/** A random version-4 UUID (RFC 9562 §5.4) from the lab's id source: token `jti`s, outbound issuer ids. */
import type { IdSource } from '../../ids/id-source.js';

export function randomUuid(ids: IdSource): string {
  const hex = ids.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[parseInt(hex[16] ?? '0', 16) & 3] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
