/**
 * LookupEvents' input, checked (aws-behaviour.md §13.4) [D: CloudTrail API reference, LookupEvents and
 * LookupAttribute]: at most one lookup attribute, with one of the eight keys and a value of 1 to 2000 characters
 * (`_`, space, `,` and a newline counting twice); `MaxResults` 1 to 50 (50 when absent); a start time not after
 * the end time; `EventCategory` only `insight`; a NextToken this lookup returned with these parameters. The
 * window defaults to the 90 days before the virtual now, the trail's own clock (§13.5).
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { LookupEventsRequest } from '../../protocol/models/cloudtrail.js';
import { cloudTrailErrors } from './cloudtrail-errors.js';
import { isoSecond } from './java-date.js';
import type { LookupAttributeFilter, LookupKey } from './lookup-filter.js';
import { LOOKUP_KEYS } from './lookup-filter.js';
import type { TokenBinding } from './next-token.js';
import { decodeNextToken } from './next-token.js';

const MAX_RESULTS = 50;

const DEFAULT_WINDOW_MS = 90 * 24 * 3600 * 1000;

const MAX_VALUE_LENGTH = 2000;

export interface LookupRequest {
  readonly attribute: LookupAttributeFilter | undefined;
  readonly startMs: number;
  readonly endMs: number;
  readonly maxResults: number;
  /** Only Insights events were asked for: the lab has none. */
  readonly insightsOnly: boolean;
  /** Where a NextToken left off: events older (lower seq) than this. */
  readonly beforeSeq: number | undefined;
  readonly binding: TokenBinding;
}

type LookupRead = { readonly kind: 'ok'; readonly request: LookupRequest } | { readonly kind: 'error'; readonly error: AwsError };

const fail = (error: AwsError): LookupRead => ({ kind: 'error', error });

/** The value's length as CloudTrail counts it. */
const countedLength = (value: string): number => value.length + (value.match(/[_ ,\n]/g)?.length ?? 0);

/** The checks that need nothing but the input, made before authorization (aws-behaviour.md §10.2). */
export function checkLookupInput(input: LookupEventsRequest): AwsError | undefined {
  // Any "now" past the given times: only the window's defaults depend on it, and they are not checked here.
  const read = readLookupRequest(input, Math.max(input.StartTime ?? 0, input.EndTime ?? 0, 0) + DEFAULT_WINDOW_MS);
  return read.kind === 'error' ? read.error : undefined;
}

export function readLookupRequest(input: LookupEventsRequest, virtualNowMs: number): LookupRead {
  const category = input.EventCategory as string | undefined;
  if (category !== undefined && category !== 'insight') {
    return fail(cloudTrailErrors.eventCategory(`\`${category}\` is not an event category: the only one is \`insight\``));
  }
  const maxResults = input.MaxResults ?? MAX_RESULTS;
  if (maxResults < 1 || maxResults > MAX_RESULTS)
    return fail(cloudTrailErrors.maxResults(`\`MaxResults\` must be from 1 to 50, got \`${maxResults}\``));
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) return fail(cloudTrailErrors.lookupAttributes(`only one lookup attribute may be given, got ${attributes.length}`));
  const first = attributes[0];
  const key = first?.AttributeKey as string | undefined;
  if (first !== undefined && !(LOOKUP_KEYS as readonly (string | undefined)[]).includes(key)) {
    return fail(cloudTrailErrors.lookupAttributes(`\`${key ?? ''}\` is not a lookup attribute key; use one of ${LOOKUP_KEYS.join(', ')}`));
  }
  const value = first?.AttributeValue;
  if (first !== undefined && (value === undefined || value === '' || countedLength(value) > MAX_VALUE_LENGTH)) {
    return fail(
      cloudTrailErrors.lookupAttributes('a lookup attribute value must have 1 to 2000 characters (`_`, space, `,` and newline count twice)'),
    );
  }
  const { StartTime: start, EndTime: end } = input;
  if (start !== undefined && end !== undefined && start > end) {
    return fail(cloudTrailErrors.timeRange(`the start time ${isoSecond(start)} is after the end time ${isoSecond(end)}`));
  }
  const binding: TokenBinding = [key ?? null, value ?? null, start ?? null, end ?? null, category ?? null];
  const attribute = first === undefined || value === undefined ? undefined : { key: key as LookupKey, value };
  const base = { attribute, maxResults, insightsOnly: category === 'insight', binding };
  if (input.NextToken !== undefined) {
    const token = decodeNextToken(input.NextToken, binding);
    if (token.kind === 'malformed') return fail(cloudTrailErrors.nextToken('the next token is not one LookupEvents returned'));
    if (token.kind === 'other-parameters') {
      return fail(
        cloudTrailErrors.nextToken('the next token was returned for other parameters: repeat the lookup attribute and times it was given with'),
      );
    }
    const { cursor } = token;
    return { kind: 'ok', request: { ...base, startMs: cursor.startMs, endMs: cursor.endMs, beforeSeq: cursor.beforeSeq } };
  }
  const endMs = end ?? virtualNowMs;
  const startMs = start ?? Math.min(endMs, virtualNowMs) - DEFAULT_WINDOW_MS;
  if (startMs > endMs) return fail(cloudTrailErrors.timeRange(`the start time ${isoSecond(startMs)} is after the end time ${isoSecond(endMs)}`));
  return { kind: 'ok', request: { ...base, startMs, endMs, beforeSeq: undefined } };
}
