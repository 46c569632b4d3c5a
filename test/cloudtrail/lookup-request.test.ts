/**
 * LookupEvents' input (aws-behaviour.md §13.4): AWS's error codes for each kind of bad input, the default window on
 * the virtual clock, and NextTokens bound to the parameters they were returned for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LookupEventsRequest } from '../../src/protocol/models/cloudtrail.js';
import type { LookupView } from '../../src/services/cloudtrail/cloudtrail-record.js';
import { isVisibleTo, matchesAttribute } from '../../src/services/cloudtrail/lookup-filter.js';
import type { LookupRequest } from '../../src/services/cloudtrail/lookup-request.js';
import { checkLookupInput, readLookupRequest } from '../../src/services/cloudtrail/lookup-request.js';
import { decodeNextToken, encodeNextToken } from '../../src/services/cloudtrail/next-token.js';

const NOW = Date.UTC(2030, 5, 1);
const DAY = 86_400_000;

function read(input: LookupEventsRequest): LookupRequest {
  const result = readLookupRequest(input, NOW);
  assert.equal(result.kind, 'ok', result.kind === 'error' ? result.error.message : '');
  return (result as { request: LookupRequest }).request;
}

function errorOf(input: LookupEventsRequest, nowMs = NOW): string {
  const result = readLookupRequest(input, nowMs);
  assert.equal(result.kind, 'error');
  return result.kind === 'error' ? `${result.error.code}: ${result.error.message}` : '';
}

describe('LookupEvents input', () => {
  it('defaults to 50 events of the 90 days before the virtual now, with no attribute', () => {
    const request = read({});
    assert.deepEqual(
      [request.maxResults, request.startMs, request.endMs, request.attribute, request.beforeSeq],
      [50, NOW - 90 * DAY, NOW, undefined, undefined],
    );
    assert.deepEqual(read({ EndTime: NOW - DAY }).startMs, NOW - 91 * DAY);
    assert.deepEqual(read({ StartTime: NOW - DAY, MaxResults: 7 }).maxResults, 7);
  });

  it("answers each kind of bad input with AWS's code for it", () => {
    assert.match(errorOf({ MaxResults: 51 }), /^InvalidMaxResultsException: `MaxResults` must be from 1 to 50, got `51`$/);
    assert.match(errorOf({ MaxResults: 0 }), /^InvalidMaxResultsException/);
    const two = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRole' },
      { AttributeKey: 'Username' as const, AttributeValue: 'alice' },
    ];
    assert.match(errorOf({ LookupAttributes: two }), /^InvalidLookupAttributesException: only one lookup attribute may be given, got 2$/);
    assert.match(
      errorOf({ LookupAttributes: [{ AttributeKey: 'Color' as 'EventName', AttributeValue: 'x' }] }),
      /^InvalidLookupAttributesException: `Color` is not a lookup attribute key/,
    );
    assert.match(errorOf({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }), /^InvalidLookupAttributesException/);
    // `_`, space, `,` and newline count twice towards the 2000 characters.
    assert.equal(readLookupRequest({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a'.repeat(2000) }] }, NOW).kind, 'ok');
    assert.match(
      errorOf({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '_'.repeat(1001) }] }),
      /^InvalidLookupAttributesException/,
    );
    assert.match(
      errorOf({ StartTime: NOW, EndTime: NOW - 1000 }),
      /^InvalidTimeRangeException: the start time 2030-06-01T00:00:00Z is after the end time/,
    );
    assert.match(errorOf({ StartTime: NOW + DAY }), /^InvalidTimeRangeException/);
    assert.match(errorOf({ EventCategory: 'data' as 'insight' }), /^InvalidEventCategoryException: `data` is not an event category/);
    assert.equal(read({ EventCategory: 'insight' }).insightsOnly, true);
    assert.match(errorOf({ NextToken: 'not a token' }), /^InvalidNextTokenException/);
  });

  it('checks before authorization what needs no clock, and leaves the defaults to the handler', () => {
    assert.equal(checkLookupInput({ StartTime: NOW + 10 * DAY }), undefined, 'a future start is judged against the virtual now, later');
    assert.equal(checkLookupInput({ MaxResults: 99 })?.code, 'InvalidMaxResultsException');
    assert.equal(checkLookupInput({ StartTime: 2, EndTime: 1 })?.code, 'InvalidTimeRangeException');
  });

  it('takes back a NextToken only with the parameters it was returned for, and keeps its window', () => {
    const first = read({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }], MaxResults: 1 });
    const token = encodeNextToken({ beforeSeq: 42, startMs: first.startMs, endMs: first.endMs }, first.binding);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    const next = readLookupRequest(
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }], MaxResults: 5, NextToken: token },
      NOW + DAY,
    );
    assert.equal(next.kind, 'ok');
    if (next.kind === 'ok') assert.deepEqual([next.request.beforeSeq, next.request.startMs, next.request.endMs], [42, first.startMs, first.endMs]);
    assert.match(
      errorOf({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }], NextToken: token }),
      /^InvalidNextTokenException: the next token was returned for other parameters/,
    );
    assert.match(errorOf({ NextToken: token }), /^InvalidNextTokenException/);
    assert.deepEqual(decodeNextToken(`${token}x`, first.binding).kind, 'malformed');
    assert.deepEqual(decodeNextToken(Buffer.from('[1,-1,0,0,"h"]').toString('base64url'), first.binding).kind, 'malformed');
  });
});

describe('LookupEvents filters', () => {
  const view: LookupView = {
    eventId: 'e-1',
    eventName: 'AssumeRole',
    readOnly: true,
    accessKeyId: 'AKIAKEY',
    eventTimeMs: NOW,
    eventSource: 'sts.amazonaws.com',
    username: 'alice',
    resources: [
      { type: 'AWS::IAM::Role', name: 'arn:aws:iam::123456789012:role/r', arn: 'arn:aws:iam::123456789012:role/r', accountId: '123456789012' },
    ],
    region: 'us-east-1',
    recipients: ['123456789012', '111122223333'],
    record: () => null,
  };

  it('matches each of the eight keys exactly', () => {
    const cases: [Parameters<typeof matchesAttribute>[1], boolean][] = [
      [{ key: 'EventId', value: 'e-1' }, true],
      [{ key: 'EventName', value: 'AssumeRole' }, true],
      [{ key: 'EventName', value: 'assumerole' }, false],
      [{ key: 'ReadOnly', value: 'true' }, true],
      [{ key: 'ReadOnly', value: 'false' }, false],
      [{ key: 'Username', value: 'alice' }, true],
      [{ key: 'ResourceType', value: 'AWS::IAM::Role' }, true],
      [{ key: 'ResourceName', value: 'arn:aws:iam::123456789012:role/r' }, true],
      [{ key: 'ResourceName', value: 'r' }, false],
      [{ key: 'EventSource', value: 'sts.amazonaws.com' }, true],
      [{ key: 'AccessKeyId', value: 'AKIAKEY' }, true],
      [{ key: 'AccessKeyId', value: 'AKIA' }, false],
    ];
    for (const [filter, expected] of cases) assert.equal(matchesAttribute(view, filter), expected, JSON.stringify(filter));
  });

  it('shows an event to the accounts it was delivered to, in the Region it was recorded in', () => {
    assert.equal(isVisibleTo(view, '111122223333', 'us-east-1'), true);
    assert.equal(isVisibleTo(view, '999999999999', 'us-east-1'), false);
    assert.equal(isVisibleTo(view, '123456789012', 'eu-west-1'), false);
  });
});
