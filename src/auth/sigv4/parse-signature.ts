/**
 * Finds and reads the SigV4 fields of a request (§6.1, §5.4): header form when there is an Authorization
 * header, query form when X-Amz-Algorithm, X-Amz-Credential or X-Amz-Signature is in the query, anonymous
 * when neither. SigV2 is recognised so that S3 can hand it to its own verifier (§5.4). Nothing here looks up
 * keys or checks the time against a clock: those need state, and this module is pure.
 */
import {
  ALGORITHM_PARAM,
  AUTHORIZATION_HEADER,
  CREDENTIAL_PARAM,
  SIGNATURE_PARAM,
  SIGV2_ACCESS_KEY_PARAM,
  SIGV2_SIGNATURE_PARAM,
} from './constants.js';
import { headerValues } from '../../lib/headers.js';
import { parseHeaderForm } from './parse-header-form.js';
import { parseQuery } from './parse-query.js';
import { parseQueryForm } from './parse-query-form.js';
import { queryParam } from './query-param.js';
import { signatureProblem } from './signature-problem.js';
import { splitTarget } from '../../lib/split-target.js';
import type { SignableRequest, SignatureParse } from './types.js';

export function parseSignature(req: SignableRequest): SignatureParse {
  const authorization = headerValues(req.headers, AUTHORIZATION_HEADER)[0];
  const params = parseQuery(splitTarget(req.rawTarget).query);
  const queryForm = [ALGORITHM_PARAM, CREDENTIAL_PARAM, SIGNATURE_PARAM].some((name) => queryParam(params, name) !== undefined);
  if (authorization !== undefined && queryForm) return { kind: 'problem', problem: signatureProblem.bothAuthForms() };
  if (authorization !== undefined) return parseHeaderForm(req, authorization);
  if (queryForm) return parseQueryForm(params);
  if (queryParam(params, SIGV2_ACCESS_KEY_PARAM) !== undefined && queryParam(params, SIGV2_SIGNATURE_PARAM) !== undefined) {
    return { kind: 'problem', problem: signatureProblem.signatureV2('query', '') };
  }
  return { kind: 'anonymous' };
}
