/**
 * Step 2, route: which service and region a request is for. The SigV4 credential scope names the service
 * (`…/<region>/<service>/aws4_request`, aws-behaviour.md §0.6); SigV2 and unsigned requests that address a
 * bucket are S3's (§5.1); unsigned query requests are routed by their `Version` parameter. The request's
 * parameters (form body and query string) are decoded here once; an S3 request is routed to its operation
 * from the request line and headers, before any body is read.
 */
import { parseSignature } from '../../auth/sigv4/index.js';
import type { ServiceName } from '../../errors/auth-errors.js';
import { AwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';
import { decodeForm } from '../../protocol/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue, splitTarget } from '../raw-http.js';
import type { RequestState } from '../request-state.js';
import { isS3Request } from '../s3/index.js';
import type { RestXmlServiceBinding } from '../service-binding.js';

/** Query-string parameters that carry a presigned signature, not operation input. */
const AUTH_QUERY_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
]);

const SERVICE_BY_VERSION: ReadonlyMap<string, ServiceName> = new Map([
  ['2011-06-15', 'sts'],
  ['2010-05-08', 'iam'],
  ['2016-11-15', 'ec2'],
]);

export function route(state: RequestState, deps: GatewayDeps): void {
  const { raw } = state;
  const signature = parseSignature({ method: raw.method, rawTarget: raw.rawTarget, headers: raw.headers });
  state.signature = signature;
  const s3 = deps.services.get('s3');
  if (s3?.protocol === 'rest-xml' && isS3Request(raw, signature, s3.addressing).kind === 's3') {
    routeS3(state, s3);
    return;
  }

  const params = decodeParams(state);
  const version = params?.find(([name]) => name === 'Version')?.[1];
  const scope = signature.kind === 'sigv4' ? signature.parsed.scope : undefined;
  const serviceName = scope?.service ?? (version === undefined ? undefined : SERVICE_BY_VERSION.get(version));
  state.region = scope?.region ?? 'us-east-1';

  const binding = serviceName === undefined ? undefined : deps.services.get(serviceName as ServiceName);
  // With no recognisable service we still answer in a query envelope, the most common protocol here.
  const envelope = binding ?? deps.services.get(SERVICE_BY_VERSION.get(version ?? '') ?? 'sts');
  if (envelope !== undefined) state.service = envelope;
  if (binding === undefined) {
    state.error = new AwsError({
      code: 'UnrecognizedService',
      status: 400,
      message:
        serviceName === undefined
          ? 'could not tell which service this request is for: sign it with SigV4 or pass a known `Version`'
          : `iamlab does not emulate the service \`${serviceName}\``,
    });
    return;
  }
  if (params === undefined) state.error = queryErrors.malformedQueryString('the request parameters are not valid form encoding');
  else state.params = params;
}

/** Form body (POST) followed by the query string, minus presigning parameters. */
function decodeParams(state: RequestState): (readonly [string, string])[] | undefined {
  const { raw } = state;
  const { query } = splitTarget(raw.rawTarget);
  const out: (readonly [string, string])[] = [];
  const contentType = headerValue(raw.headers, 'content-type') ?? '';
  if (raw.body.length > 0 && !raw.bodyTooLarge && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const body = decodeForm(raw.body.toString('utf8'));
    if (body.kind !== 'ok') return undefined;
    out.push(...body.params);
  }
  if (query !== '') {
    const fromQuery = decodeForm(query);
    if (fromQuery.kind !== 'ok') return undefined;
    for (const pair of fromQuery.params) if (!AUTH_QUERY_PARAMS.has(pair[0].toLowerCase())) out.push(pair);
  }
  return out;
}

function routeS3(state: RequestState, s3: RestXmlServiceBinding): void {
  const { raw, signature } = state;
  state.service = s3;
  state.region = signature?.kind === 'sigv4' ? signature.parsed.scope.region : 'us-east-1';
  const { path, query } = splitTarget(raw.rawTarget);
  const decoded = decodeForm(query);
  if (decoded.kind !== 'ok') {
    state.error = new AwsError({ code: 'InvalidArgument', status: 400, message: 'The query string is not valid percent-encoding.' });
    return;
  }
  const routed = s3.route({ method: raw.method, path, query: decoded.params, headers: raw.headers });
  if (routed.kind === 'error') {
    state.error = routed.error;
    return;
  }
  state.operationName = routed.route.operation;
  state.s3 = { route: routed.route, query: decoded.params };
}
