/**
 * SigV2's time stamp (aws-behaviour.md §5.4): S3 takes the `x-amz-date` / `Date` header in any RFC 2616 date
 * form, and its own examples write the zone as `+0000` — the form s3cmd sends (`%a, %d %b %Y %H:%M:%S +0000`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSigV2Date } from '../../src/auth/sigv2/index.js';

const AT = Date.UTC(2007, 2, 27, 19, 36, 42);

test('RFC 1123 with GMT and with the numeric zone of S3’s own examples (and s3cmd’s x-amz-date)', () => {
  assert.equal(parseSigV2Date('Tue, 27 Mar 2007 19:36:42 GMT'), AT);
  assert.equal(parseSigV2Date('Tue, 27 Mar 2007 19:36:42 +0000'), AT);
  assert.equal(parseSigV2Date('Tue, 27 Mar 2007 19:36:42 -0000'), AT);
  assert.equal(parseSigV2Date(' Tue, 27 Mar 2007 19:36:42 +0000 '), AT);
});

test('a numeric zone other than zero moves the instant: +0530 is 5½ hours ahead of UTC', () => {
  assert.equal(parseSigV2Date('Wed, 28 Mar 2007 01:06:42 +0530'), AT);
  assert.equal(parseSigV2Date('Tue, 27 Mar 2007 11:36:42 -0800'), AT);
});

test('the obsolete HTTP forms of RFC 2616 §3.3.1: RFC 850 and asctime', () => {
  assert.equal(parseSigV2Date('Tuesday, 27-Mar-07 19:36:42 GMT'), AT);
  assert.equal(parseSigV2Date('Tue Mar 27 19:36:42 2007'), AT);
  assert.equal(parseSigV2Date('Sun Nov  6 08:49:37 1994'), Date.UTC(1994, 10, 6, 8, 49, 37));
  assert.equal(parseSigV2Date('Sunday, 06-Nov-94 08:49:37 GMT'), Date.UTC(1994, 10, 6, 8, 49, 37));
});

test('anything else is refused: other shapes, impossible dates, a weekday that does not fit', () => {
  for (const bad of [
    '',
    '20070327T193642Z',
    '2007-03-27T19:36:42Z',
    'Wed, 27 Mar 2007 19:36:42 GMT',
    'Tue, 27 Mar 2007 19:36:42 PST',
    'Tue, 27 Mar 2007 19:36:42',
    'Tue, 27 Mar 2007 24:00:00 GMT',
    'Sat, 31 Feb 2007 10:00:00 GMT',
    'Tue, 27 Mar 2007 19:36:42 +000',
    'Tuesday, 27-Mar-07 19:36:42 +0000',
    'Tue Mar 27 19:36:42 2007 GMT',
  ])
    assert.equal(parseSigV2Date(bad), undefined, bad);
});
