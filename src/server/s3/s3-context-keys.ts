/**
 * The S3-specific request keys (aws-behaviour.md §7.6; Service Authorization Reference for S3):
 * `s3:signatureversion` (`AWS` for SigV2, `AWS4-HMAC-SHA256` for SigV4), `s3:authType` (`REST-HEADER`,
 * `REST-QUERY-STRING`, `POST`) and `s3:signatureAge` (milliseconds since signing; AWS documents it for
 * presigned SigV4 URLs only, so it is absent otherwise). Ages are measured on the virtual clock from
 * `toVirtual(signing time)`, like the presigned window (design.md "Time"). Values are strings, as the
 * policy context stores them; feed the record to buildRequestContext's `extra`.
 */
export type S3AuthType = 'REST-HEADER' | 'REST-QUERY-STRING' | 'POST';
export type S3SignatureVersion = 'AWS' | 'AWS4-HMAC-SHA256';

export interface S3SigningFacts {
  readonly signatureVersion: S3SignatureVersion;
  readonly authType: S3AuthType;
  /** Virtual ms since signing, for presigned SigV4 URLs. */
  readonly signatureAgeMs?: number;
}

export function s3ContextKeys(facts: S3SigningFacts | undefined): Readonly<Record<string, string>> {
  // Anonymous requests carry none of these keys.
  if (facts === undefined) return {};
  const keys: Record<string, string> = {
    's3:signatureversion': facts.signatureVersion,
    's3:authType': facts.authType,
  };
  if (facts.signatureAgeMs !== undefined && facts.authType === 'REST-QUERY-STRING' && facts.signatureVersion === 'AWS4-HMAC-SHA256') {
    keys['s3:signatureAge'] = String(Math.max(0, Math.floor(facts.signatureAgeMs)));
  }
  return keys;
}

/**
 * `s3:x-amz-acl` and `s3:x-amz-grant-*` (aws-behaviour.md §9.6; Service Authorization Reference for S3): the
 * ACL headers of a request, as sent, for the operations that take them.
 */
const ACL_HEADERS = [
  'x-amz-acl',
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
];

export function s3AclContextKeys(header: (name: string) => string | undefined): Readonly<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const name of ACL_HEADERS) {
    const value = header(name);
    if (value !== undefined) keys[`s3:${name}`] = value;
  }
  return keys;
}
