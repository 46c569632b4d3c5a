/**
 * "Revoke active sessions", as the IAM console does it (aws-behaviour.md §2.6): put the inline role policy
 * `AWSRevokeOlderSessions`, denying everything to sessions whose token was issued before now. The request
 * goes through the gateway like any other — signed as the account root, authenticated, authorized,
 * validated and audited — so it is exactly a PutRolePolicy call and nothing else.
 */
import { unescapeXml } from '../lib/xml.js';
import { DEFAULT_REGION } from '../arn/arn.js';
import { createHash } from 'node:crypto';
import { signRequest } from '../auth/sigv4/index.js';
import type { Clock } from '../clock/clock.js';
import type { Gateway } from '../server/gateway.js';
import type { StoredAccessKey } from '../store/repos/identity-repo.js';

const REVOCATION_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The document the console writes: Statement array, array values, millisecond ISO timestamp (§2.6). */
function revocationPolicy(cutoffMs: number): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(cutoffMs).toISOString() } },
      },
    ],
  });
}

type RevokeResult =
  | { readonly kind: 'ok'; readonly roleName: string; readonly cutoff: string; readonly requestId: string }
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string };

export async function revokeSessions(gateway: Gateway, clock: Clock, root: StoredAccessKey, roleName: string): Promise<RevokeResult> {
  const cutoffMs = clock.now();
  const body = new URLSearchParams({
    Action: 'PutRolePolicy',
    Version: '2010-05-08',
    RoleName: roleName,
    PolicyName: REVOCATION_POLICY_NAME,
    PolicyDocument: revocationPolicy(cutoffMs),
  })
    .toString()
    .replace(/\+/g, '%20');
  const signed = signRequest({
    request: {
      method: 'POST',
      rawTarget: '/',
      headers: [
        ['Host', 'iamlab.internal'],
        ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
      ],
    },
    accessKeyId: root.accessKeyId,
    secretAccessKey: root.secretAccessKey,
    region: DEFAULT_REGION,
    service: 'iam',
    signedAtMs: clock.wallNow(),
    payloadHash: createHash('sha256').update(body).digest('hex'),
  });
  const response = await gateway.handle({
    method: signed.method,
    rawTarget: signed.rawTarget,
    headers: [...signed.headers, ['User-Agent', 'iamlab revoke-sessions']],
    body: Buffer.from(body),
    bodyTooLarge: false,
    remoteAddress: '127.0.0.1',
    secure: false,
  });
  const text = typeof response.body === 'string' ? response.body : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : '';
  const requestId = /<RequestId>([^<]*)<\/RequestId>/.exec(text)?.[1] ?? '';
  if (response.status === 200) return { kind: 'ok', roleName, cutoff: new Date(cutoffMs).toISOString(), requestId };
  return {
    kind: 'error',
    status: response.status,
    code: unescapeXml(/<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'InternalFailure'),
    message: unescapeXml(/<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? ''),
  };
}
