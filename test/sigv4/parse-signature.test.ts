/**
 * parseSignature on malformed input: one test (at least) per SignatureProblem kind, pinning AWS's texts,
 * plus the anonymous and SigV2 cases and the Date-header fallback.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSignature, signRequest, type ParsedSigV4, type SignableRequest, type SignatureProblem } from '../../src/auth/sigv4/index.js';

const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0);
const HOST: readonly [string, string] = ['Host', 'sts.amazonaws.com'];

function signed(service = 'sts', extraHeaders: readonly (readonly [string, string])[] = []): SignableRequest {
  return signRequest({
    request: { method: 'POST', rawTarget: '/', headers: [HOST, ...extraHeaders] },
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
    service,
    signedAtMs: SIGNED_AT,
  });
}

function withHeader(req: SignableRequest, name: string, value: string | undefined): SignableRequest {
  const kept = req.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return { ...req, headers: value === undefined ? kept : [...kept, [name, value]] };
}

function problemOf(req: SignableRequest): SignatureProblem {
  const result = parseSignature(req);
  assert.equal(result.kind, 'problem', JSON.stringify(result));
  return (result as { readonly problem: SignatureProblem }).problem;
}

function parsedOf(req: SignableRequest): ParsedSigV4 {
  const result = parseSignature(req);
  assert.equal(result.kind, 'sigv4', JSON.stringify(result));
  return (result as { readonly parsed: ParsedSigV4 }).parsed;
}

const GOOD_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const dated = (auth: string): SignableRequest => ({
  method: 'GET',
  rawTarget: '/',
  headers: [HOST, ['X-Amz-Date', '20150830T123600Z'], ['Authorization', auth]],
});
const presigned = (query: string): SignableRequest => ({ method: 'GET', rawTarget: `/?${query}`, headers: [HOST] });
const PRESIGN_OK =
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';

/** Every kind must appear in some test below; the compiler complains when a kind is added and not listed. */
const _KINDS_TESTED = [
  'both-auth-forms',
  'signature-v2',
  'incomplete-signature',
  'malformed-authorization',
  'unsupported-algorithm',
  'bad-date',
  'host-not-signed',
  'malformed-credential',
  'scope-mismatch',
  'bad-expires',
  'expires-too-large',
  'missing-content-sha256',
] as const satisfies readonly SignatureProblem['kind'][];
type Untested = Exclude<SignatureProblem['kind'], (typeof _KINDS_TESTED)[number]>;
const everyKindListed: [Untested] extends [never] ? true : false = true;

describe('requests without SigV4', () => {
  test('no Authorization header and no X-Amz-* signing parameters is anonymous', () => {
    assert.deepEqual(parseSignature({ method: 'GET', rawTarget: '/b/k?versionId=3&x-id=GetObject', headers: [HOST] }), { kind: 'anonymous' });
    assert.equal(everyKindListed, true);
  });

  test('SigV2 header auth is recognised, with the IncompleteSignature text STS/CloudFront give it (aws/aws-sdk-ruby#317)', () => {
    const problem = problemOf(dated('AWS AKIAI2HBJEUM7LRSTWOQ:qaNdqGsI6bq4Hi+9Gzovwyjbh0E='));
    assert.equal(problem.kind, 'signature-v2');
    assert.deepEqual(problem.aws, {
      code: 'IncompleteSignature',
      status: 400,
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS AKIAI2HBJEUM7LRSTWOQ:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=",
    });
  });

  test('SigV2 query auth (AWSAccessKeyId + Signature) is recognised so S3 can verify it itself', () => {
    const problem = problemOf(presigned('AWSAccessKeyId=AKID&Signature=abc%3D&Expires=1440938160'));
    assert.equal(problem.kind, 'signature-v2');
    assert.equal(problem.kind === 'signature-v2' && problem.form, 'query');
  });
});

describe('header form', () => {
  test('a correctly formed header parses, and the session token comes from X-Amz-Security-Token', () => {
    const parsed = parsedOf(withHeader(dated(GOOD_AUTH), 'X-Amz-Security-Token', 'tok'));
    assert.deepEqual(parsed, {
      form: 'header',
      accessKeyId: 'AKIDEXAMPLE',
      scope: { date: '20150830', region: 'us-east-1', service: 'sts' },
      amzDate: '20150830T123600Z',
      signedAtMs: SIGNED_AT,
      signedHeaders: ['host', 'x-amz-date'],
      signature: '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      sessionToken: 'tok',
    });
  });

  test('components may be separated by commas and any whitespace, in any order', () => {
    const parsed = parsedOf(
      dated('AWS4-HMAC-SHA256   Signature=ab,Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request,\tSignedHeaders=Host;X-Amz-Date'),
    );
    assert.equal(parsed.signature, 'ab');
    assert.deepEqual(parsed.signedHeaders, ['host', 'x-amz-date']);
  });

  test('without X-Amz-Date the Date header (RFC 1123) gives the signing time, in basic format for the string to sign', () => {
    const req = withHeader(
      withHeader(dated(GOOD_AUTH.replace('x-amz-date', 'date')), 'X-Amz-Date', undefined),
      'Date',
      'Sun, 30 Aug 2015 12:36:00 GMT',
    );
    const parsed = parsedOf(req);
    assert.equal(parsed.amzDate, '20150830T123600Z');
    assert.equal(parsed.signedAtMs, SIGNED_AT);
  });

  test('incomplete-signature: every missing component and the missing date are listed, then the header (aws/chalice#828)', () => {
    const auth = 'Basic ZWxhc3RpY3NlYXJjaDo3V3JFVXg4alJXYjRGOGdlWEtHSEJmdkoyQXNzTEJxeXI4RQ==';
    const problem = problemOf({ method: 'GET', rawTarget: '/', headers: [HOST, ['Authorization', auth]] });
    assert.equal(problem.kind, 'incomplete-signature');
    assert.deepEqual(problem.kind === 'incomplete-signature' && problem.missing, ['Credential', 'Signature', 'SignedHeaders', 'Date']);
    assert.deepEqual(problem.aws, {
      code: 'IncompleteSignature',
      status: 400,
      message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth}`,
    });
    assert.deepEqual(problem.s3, {
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    });
  });

  test('incomplete-signature: an empty Signature counts as missing; S3 answers a missing date with AccessDenied', () => {
    const noSignature = problemOf(dated(GOOD_AUTH.replace(/Signature=\w+$/, 'Signature=')));
    assert.equal(
      noSignature.aws.message,
      `Authorization header requires 'Signature' parameter. Authorization=${GOOD_AUTH.replace(/Signature=\w+$/, 'Signature=')}`,
    );
    const noDate = problemOf(withHeader(dated(GOOD_AUTH), 'X-Amz-Date', undefined));
    assert.deepEqual(noDate.s3, { code: 'AccessDenied', status: 403, message: 'AWS authentication requires a valid Date or x-amz-date header' });
  });

  test('malformed-authorization: a piece without "=" is quoted with the whole header (iann0036/cloud9-sync#10)', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential= myaccesskey/20181128/eu-central-1/cloud9/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    const problem = problemOf(dated(auth));
    assert.equal(problem.kind, 'malformed-authorization');
    assert.equal(
      problem.aws.message,
      `'myaccesskey/20181128/eu-central-1/cloud9/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
    );
  });

  test("unsupported-algorithm: the text keeps AWS's trailing space", () => {
    const problem = problemOf(dated(GOOD_AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA25')));
    assert.equal(problem.kind, 'unsupported-algorithm');
    assert.deepEqual(problem.aws, {
      code: 'IncompleteSignature',
      status: 400,
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ",
    });
  });

  test('bad-date: X-Amz-Date not in basic format, or an impossible instant', () => {
    for (const value of ['201', '2015-08-30T12:36:00Z', '20150230T123600Z', '20150830T123600']) {
      const problem = problemOf(withHeader(dated(GOOD_AUTH), 'X-Amz-Date', value));
      assert.equal(problem.kind, 'bad-date');
      assert.deepEqual(problem.aws, {
        code: 'IncompleteSignature',
        status: 400,
        message: `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      });
    }
  });

  test('bad-date: a Date header that is not RFC 1123 (without X-Amz-Date)', () => {
    const req = withHeader(withHeader(dated(GOOD_AUTH), 'X-Amz-Date', undefined), 'Date', 'Sun, 31 Aug 2015 12:36:00 GMT');
    const problem = problemOf(req);
    assert.equal(problem.kind, 'bad-date');
    assert.equal(problem.kind === 'bad-date' && problem.value, 'Sun, 31 Aug 2015 12:36:00 GMT');
  });

  test("host-not-signed: 'Host' must be a 'SignedHeader'", () => {
    const problem = problemOf(dated(GOOD_AUTH.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date')));
    assert.equal(problem.kind, 'host-not-signed');
    assert.deepEqual(problem.aws, {
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  test('malformed-credential: not five elements (trailing slashes are ignored)', () => {
    const problem = problemOf(dated(GOOD_AUTH.replace('Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request', 'Credential=a/b/c/d')));
    assert.equal(problem.kind, 'malformed-credential');
    assert.deepEqual(problem.aws, {
      code: 'IncompleteSignature',
      status: 400,
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    });
    assert.equal(
      problem.s3.message,
      'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
    assert.equal(parsedOf(dated(GOOD_AUTH.replace('aws4_request', 'aws4_request//'))).accessKeyId, 'AKIDEXAMPLE');
  });

  test('scope-mismatch: a wrong terminator and a wrong date are reported in one message, as AWS does', () => {
    const problem = problemOf(dated(GOOD_AUTH.replace('20150830/us-east-1/sts/aws4_request', '20150831/us-east-1/sts/aws5_request')));
    assert.equal(problem.kind, 'scope-mismatch');
    assert.deepEqual(problem.aws, {
      code: 'SignatureDoesNotMatch',
      status: 403,
      message:
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.",
    });
  });

  test('scope-mismatch: the date alone, one second before midnight (S3 wording too)', () => {
    const req = withHeader(dated(GOOD_AUTH), 'X-Amz-Date', '20150829T235959Z');
    const problem = problemOf(req);
    assert.equal(
      problem.aws.message,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150829', from '20150829T235959Z'.",
    );
    assert.deepEqual(problem.s3, {
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
    });
  });

  test('missing-content-sha256: S3 header auth needs x-amz-content-sha256; other services do not', () => {
    const problem = problemOf(signed('s3'));
    assert.equal(problem.kind, 'missing-content-sha256');
    assert.deepEqual(problem.s3, { code: 'InvalidRequest', status: 400, message: 'Missing required header for this request: x-amz-content-sha256' });
    assert.equal(parseSignature(signed('s3', [['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']])).kind, 'sigv4');
    assert.equal(parseSignature(signed('sts')).kind, 'sigv4');
  });

  test('both-auth-forms: an Authorization header and X-Amz-Algorithm in the query', () => {
    const req = { ...signed(), rawTarget: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    const problem = problemOf(req);
    assert.equal(problem.kind, 'both-auth-forms');
    assert.equal(problem.aws.message, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    assert.equal(problem.s3.code, 'InvalidArgument');
  });
});

describe('query form', () => {
  test('a correctly formed presigned URL parses, parameters decoded', () => {
    const parsed = parsedOf(presigned(`${PRESIGN_OK}&X-Amz-Security-Token=a%2Bb%2F%3D`));
    assert.deepEqual(parsed, {
      form: 'query',
      accessKeyId: 'AKIDEXAMPLE',
      scope: { date: '20150830', region: 'us-east-1', service: 's3' },
      amzDate: '20150830T123600Z',
      signedAtMs: SIGNED_AT,
      signedHeaders: ['host'],
      signature: 'abc',
      sessionToken: 'a+b/=',
      expiresSeconds: 3600,
    });
  });

  test("incomplete-signature: the missing parameters, in AWS's order; S3's fixed text", () => {
    const problem = problemOf(presigned('X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date='));
    assert.equal(problem.kind, 'incomplete-signature');
    assert.deepEqual(problem.aws, {
      code: 'IncompleteSignature',
      status: 400,
      message:
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    });
    assert.deepEqual(problem.s3, {
      code: 'AuthorizationQueryParametersError',
      status: 400,
      message:
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    });
  });

  test('incomplete-signature: S3 requires X-Amz-Expires, other services (STS presigned GetCallerIdentity) do not', () => {
    const withoutExpires = PRESIGN_OK.replace('&X-Amz-Expires=3600', '');
    const problem = problemOf(presigned(withoutExpires));
    assert.deepEqual(problem.kind === 'incomplete-signature' && problem.missing, ['X-Amz-Expires']);
    const sts = parsedOf(presigned(withoutExpires.replace('%2Fs3%2F', '%2Fsts%2F')));
    assert.equal(sts.expiresSeconds, undefined);
  });

  test('unsupported-algorithm (S3: X-Amz-Algorithm only supports "AWS4-HMAC-SHA256")', () => {
    const problem = problemOf(presigned(PRESIGN_OK.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')));
    assert.equal(problem.kind, 'unsupported-algorithm');
    assert.deepEqual(problem.s3, {
      code: 'AuthorizationQueryParametersError',
      status: 400,
      message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    });
  });

  test('bad-date (S3: X-Amz-Date must be in the ISO8601 Long Format)', () => {
    const problem = problemOf(presigned(PRESIGN_OK.replace('X-Amz-Date=20150830T123600Z', 'X-Amz-Date=2015-08-30')));
    assert.equal(problem.kind, 'bad-date');
    assert.equal(problem.s3.message, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  });

  test('host-not-signed', () => {
    assert.equal(problemOf(presigned(PRESIGN_OK.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-amz-date'))).kind, 'host-not-signed');
  });

  test('malformed-credential (S3: Error parsing the X-Amz-Credential parameter)', () => {
    const problem = problemOf(presigned(PRESIGN_OK.replace('AKIDEXAMPLE%2F20150830%2F', 'AKIDEXAMPLE%2F')));
    assert.equal(problem.kind, 'malformed-credential');
    assert.equal(
      problem.s3.message,
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  });

  test('scope-mismatch: wrong terminator (S3: incorrect terminal)', () => {
    const problem = problemOf(presigned(PRESIGN_OK.replace('aws4_request', 'aws4_reques')));
    assert.equal(problem.kind, 'scope-mismatch');
    assert.equal(
      problem.s3.message,
      'Error parsing the X-Amz-Credential parameter; incorrect terminal "aws4_reques". This endpoint uses "aws4_request".',
    );
  });

  test('bad-expires: not a whole number, or negative', () => {
    const nan = problemOf(presigned(PRESIGN_OK.replace('X-Amz-Expires=3600', 'X-Amz-Expires=1h')));
    assert.deepEqual(nan.kind === 'bad-expires' && [nan.reason, nan.s3.message], ['not-a-number', 'X-Amz-Expires should be a number']);
    const negative = problemOf(presigned(PRESIGN_OK.replace('X-Amz-Expires=3600', 'X-Amz-Expires=-1')));
    assert.deepEqual(negative.kind === 'bad-expires' && [negative.reason, negative.s3.message], ['negative', 'X-Amz-Expires must be non-negative']);
  });

  test('expires-too-large: above 604800 seconds (§5.4); exactly one week is accepted', () => {
    const problem = problemOf(presigned(PRESIGN_OK.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801')));
    assert.equal(problem.kind, 'expires-too-large');
    assert.deepEqual(problem.s3, {
      code: 'AuthorizationQueryParametersError',
      status: 400,
      message: 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    });
    assert.equal(parsedOf(presigned(PRESIGN_OK.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604800'))).expiresSeconds, 604800);
  });
});
