/**
 * Decides that a request is for S3 before it is parsed (aws-behaviour.md §0.6, §5.1, §5.4): SigV4 with the
 * scope service `s3`; SigV2 in either form (only S3 still accepts it); or an anonymous request whose Host
 * names a bucket (virtual-hosted) or whose path names one (path style). An anonymous `GET /` or a root path
 * with an `Action` query parameter belongs to the query-protocol services, not to S3's ListBuckets.
 */
import type { S3AddressingOptions } from '../../protocol/index.js';
import { resolveS3Address } from '../../protocol/index.js';
import { parseQuery, queryParam, S3_SERVICE } from '../../auth/sigv4/index.js';
import { headerValues } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { SignableRequest, SignatureParse } from '../../auth/sigv4/index.js';

type S3RouteReason = 'sigv4-scope' | 'sigv2' | 'virtual-hosted' | 'path-style';

type S3RouteDecision = { readonly kind: 's3'; readonly reason: S3RouteReason } | { readonly kind: 'not-s3' };

export function isS3Request(req: SignableRequest, parse: SignatureParse, addressing: S3AddressingOptions): S3RouteDecision {
  switch (parse.kind) {
    case 'sigv4':
      return parse.parsed.scope.service === S3_SERVICE ? { kind: 's3', reason: 'sigv4-scope' } : { kind: 'not-s3' };
    case 'problem':
      if (parse.problem.kind === 'signature-v2' || headerValues(req.headers, 'authorization')[0]?.startsWith('AWS ') === true) {
        return { kind: 's3', reason: 'sigv2' };
      }
      // A SigV4 signature S3 must refuse in its own words (X-Amz-Expires over a week…): the scope still says s3.
      return namesS3Scope(req) ? { kind: 's3', reason: 'sigv4-scope' } : { kind: 'not-s3' };
    case 'anonymous':
      return anonymousRoute(req, addressing);
  }
}

const S3_SCOPE = /\/s3\/aws4_request/;

function namesS3Scope(req: SignableRequest): boolean {
  const authorization = headerValues(req.headers, 'authorization')[0];
  if (authorization !== undefined) return S3_SCOPE.test(authorization);
  const credential = queryParam(parseQuery(splitTarget(req.rawTarget).query), 'X-Amz-Credential');
  return credential !== undefined && S3_SCOPE.test(credential);
}

function anonymousRoute(req: SignableRequest, addressing: S3AddressingOptions): S3RouteDecision {
  const { path, query } = splitTarget(req.rawTarget);
  const address = resolveS3Address(headerValues(req.headers, 'host')[0], path, addressing);
  if (address.style === 'virtual-hosted') return { kind: 's3', reason: 'virtual-hosted' };
  if (address.bucket === undefined) return { kind: 'not-s3' };
  if (queryParam(parseQuery(query), 'Action') !== undefined) return { kind: 'not-s3' };
  return { kind: 's3', reason: 'path-style' };
}
