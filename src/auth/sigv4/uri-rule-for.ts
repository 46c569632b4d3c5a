/**
 * Which canonical-URI rule a service uses (§6.2): S3 signs the path exactly as sent; every other service
 * normalises it and URI-encodes it once more ("double encoding", because the path on the wire is already
 * encoded). Decided from the credential scope's service, the signing name clients actually used.
 */
import { S3_SERVICE } from './constants.js';
import type { UriRule } from './types.js';

const AS_SENT: UriRule = { normalize: false, encode: false };
const NORMALIZED: UriRule = { normalize: true, encode: true };

export function uriRuleFor(service: string): UriRule {
  return service === S3_SERVICE ? AS_SENT : NORMALIZED;
}
