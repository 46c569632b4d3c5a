/**
 * LookupEvents' NextToken (aws-behaviour.md §13.4): opaque to the client, it holds where the next page starts (the
 * seq of the last event returned, pages going newest first), the time window the first page resolved (so that a
 * default window does not move between pages), and a digest of the parameters that chose the events. AWS
 * requires the parameters of the original call with a token [D: LookupEvents, NextToken]; one that does not
 * match them is refused.
 */
import { createHash } from 'node:crypto';

interface PageCursor {
  readonly beforeSeq: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** What the token is bound to: the lookup attribute, the times as given, the event category. */
export type TokenBinding = readonly unknown[];

const digest = (binding: TokenBinding): string => createHash('sha256').update(JSON.stringify(binding)).digest('base64url').slice(0, 22);

export function encodeNextToken(cursor: PageCursor, binding: TokenBinding): string {
  return Buffer.from(JSON.stringify([1, cursor.beforeSeq, cursor.startMs, cursor.endMs, digest(binding)])).toString('base64url');
}

type TokenRead = { readonly kind: 'ok'; readonly cursor: PageCursor } | { readonly kind: 'malformed' } | { readonly kind: 'other-parameters' };

export function decodeNextToken(token: string, binding: TokenBinding): TokenRead {
  let fields: unknown;
  try {
    fields = /^[A-Za-z0-9_-]+$/.test(token) ? JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) : undefined;
  } catch {
    return { kind: 'malformed' };
  }
  if (!Array.isArray(fields) || fields.length !== 5 || fields[0] !== 1) return { kind: 'malformed' };
  const [, beforeSeq, startMs, endMs, hash] = fields as unknown[];
  if (!isWhole(beforeSeq) || beforeSeq < 0 || !isWhole(startMs) || !isWhole(endMs) || typeof hash !== 'string') return { kind: 'malformed' };
  if (hash !== digest(binding)) return { kind: 'other-parameters' };
  return { kind: 'ok', cursor: { beforeSeq, startMs, endMs } };
}

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
