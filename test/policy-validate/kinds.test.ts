import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../src/policy/validate/index.js';
import type { PolicyKind } from '../../src/policy/types.js';

const NO_PRINCIPALS =
  'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';

/** A document around one statement. */
const doc = (statement: Record<string, unknown>, version: string | undefined = '2012-10-17'): string =>
  JSON.stringify({ ...(version === undefined ? {} : { Version: version }), Statement: [statement] });

const trust = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { Service: 'ec2.amazonaws.com' },
  Action: 'sts:AssumeRole',
  ...extra,
});
const bucket = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::bucket/*',
  ...extra,
});
const permission = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

/** [case name, kind, text, expected first message or 'ok'] */
const cases: readonly (readonly [string, PolicyKind, string, string])[] = [
  // trust policies (aws-behaviour.md §2.1)
  ['trust: service principal assuming the role', 'trust', doc(trust()), 'ok'],
  ['trust: no Version is accepted', 'trust', doc(trust(), undefined), 'ok'],
  ['trust: Version 2008-10-17 is accepted', 'trust', doc(trust(), '2008-10-17'), 'ok'],
  ['trust: account root and account id', 'trust', doc(trust({ Principal: { AWS: ['arn:aws:iam::123456789012:root', '123456789012'] } })), 'ok'],
  [
    'trust: role and session ARNs',
    'trust',
    doc(trust({ Principal: { AWS: ['arn:aws:iam::123456789012:role/path/r', 'arn:aws:sts::123456789012:assumed-role/r/s'] } })),
    'ok',
  ],
  ['trust: everyone', 'trust', doc(trust({ Principal: '*' })), 'ok'],
  [
    'trust: web identity with condition',
    'trust',
    doc(
      trust({
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:*' } },
      }),
    ),
    'ok',
  ],
  [
    'trust: session-shaping actions',
    'trust',
    doc(trust({ Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext', 'sts:AssumeRoleWithSAML'] })),
    'ok',
  ],
  ['trust: sts wildcards that cover assume actions', 'trust', doc(trust({ Action: ['sts:AssumeRole*', 'sts:*'] })), 'ok'],
  ['trust: statement without principals', 'trust', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), NO_PRINCIPALS],
  ['trust: empty principal object', 'trust', doc(trust({ Principal: {} })), NO_PRINCIPALS],
  ['trust: empty principal list', 'trust', doc(trust({ Principal: { AWS: [] } })), NO_PRINCIPALS],
  [
    'trust: wildcard inside a principal ARN',
    'trust',
    doc(trust({ Principal: { AWS: 'arn:aws:iam::123456789012:role/*' } })),
    'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/*"',
  ],
  [
    'trust: S3 ARN as principal',
    'trust',
    doc(trust({ Principal: { AWS: 'arn:aws:s3:::bucket' } })),
    'Invalid principal in policy: "AWS":"arn:aws:s3:::bucket"',
  ],
  [
    'trust: canonical user is not a trust principal',
    'trust',
    doc(trust({ Principal: { CanonicalUser: 'a'.repeat(64) } })),
    `Invalid principal in policy: "CanonicalUser":"${'a'.repeat(64)}"`,
  ],
  [
    'trust: non-STS action',
    'trust',
    doc(trust({ Action: ['sts:AssumeRole', 's3:GetObject'] })),
    'AssumeRole policy may only specify STS AssumeRole actions.',
  ],
  ['trust: other STS action', 'trust', doc(trust({ Action: 'sts:GetCallerIdentity' })), 'AssumeRole policy may only specify STS AssumeRole actions.'],
  ['trust: Resource is prohibited', 'trust', doc(trust({ Resource: '*' })), 'Has prohibited field Resource'],
  ['trust: NotResource is prohibited', 'trust', doc(trust({ NotResource: '*' })), 'Has prohibited field NotResource'],
  ['trust: missing action', 'trust', doc({ Effect: 'Allow', Principal: '*' }), 'Policy statement must contain actions.'],
  [
    'trust: malformed action is reported before the STS rule',
    'trust',
    doc(trust({ Action: 'sts:a:b' })),
    'Actions/Condition can contain only one colon.',
  ],
  ['trust: not JSON', 'trust', '{"Version": ', 'This policy contains invalid Json'],
  ['trust: grammar errors stay syntax errors', 'trust', doc(trust({ Effect: 'Maybe' })), 'Syntax errors in policy.'],
  ['trust: legacy Effect spelling', 'trust', doc(trust({ Effect: 'allow' })), 'The policy failed legacy parsing'],
  // bucket (resource) policies
  ['resource: bucket policy', 'resource', doc(bucket()), 'ok'],
  [
    'resource: anonymous with NotPrincipal deny',
    'resource',
    doc(bucket({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: '123456789012' } })),
    'ok',
  ],
  ['resource: 2008 version and no version', 'resource', doc(bucket(), '2008-10-17'), 'ok'],
  ['resource: canonical user', 'resource', doc(bucket({ Principal: { CanonicalUser: 'f'.repeat(64) } })), 'ok'],
  ['resource: principal missing', 'resource', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'Missing required field Principal'],
  ['resource: bad principal', 'resource', doc(bucket({ Principal: { AWS: 'alice' } })), 'Invalid principal in policy'],
  ['resource: bad resource', 'resource', doc(bucket({ Resource: 'bucket' })), 'Policy has invalid resource'],
  ['resource: bad action', 'resource', doc(bucket({ Action: 'GetObject' })), 'Policy has invalid action'],
  ['resource: missing resource', 'resource', doc(bucket({ Resource: undefined })), 'Policy statement must contain resources.'],
  ['resource: not JSON', 'resource', 'nope', 'This policy contains invalid Json'],
  ['resource: Principal and NotPrincipal together', 'resource', doc(bucket({ NotPrincipal: '*' })), 'Syntax errors in policy.'],
  // permission policies: identity, boundary, session
  ...(['identity', 'boundary', 'session'] as const).flatMap((kind) => [
    [`${kind}: plain permission statement`, kind, doc(permission), 'ok'] as const,
    [`${kind}: Principal is refused`, kind, doc({ ...permission, Principal: '*' }), 'Policy document should not specify a principal.'] as const,
    [
      `${kind}: NotPrincipal is refused`,
      kind,
      doc({ ...permission, NotPrincipal: { AWS: '123456789012' } }),
      'Policy document should not specify a principal.',
    ] as const,
    [
      `${kind}: Version 2008-10-17 is refused`,
      kind,
      doc(permission, '2008-10-17'),
      'Policy document must be version 2012-10-17 or greater.',
    ] as const,
    [`${kind}: not JSON`, kind, '{', 'Syntax errors in policy.'] as const,
    [
      `${kind}: wildcard partition and the account root as resources`,
      kind,
      doc({ ...permission, Resource: ['arn:*:logs:*:*:log-group:/x*', 'arn:aws:iam::*:root'] }),
      'ok',
    ] as const,
    [`${kind}: resources are required`, kind, doc({ Effect: 'Deny', Action: '*' }), 'Policy statement must contain resources.'] as const,
  ]),
];

describe('per-kind validation rules', () => {
  for (const [name, kind, text, expected] of cases) {
    it(name, () => {
      const result = parsePolicy(text, kind);
      if (expected === 'ok') assert.deepEqual(result.kind === 'ok' ? 'ok' : result.issues, 'ok');
      else assert.equal(result.kind === 'ok' ? 'ok' : result.issues[0]?.message, expected);
    });
  }

  it('reports every bad principal of a trust policy, in order', () => {
    const result = parsePolicy(doc(trust({ Principal: { AWS: ['bad1', '123456789012', 'bad2'], Service: 'has space' } })), 'trust');
    assert.equal(result.kind === 'ok', false);
    if (result.kind === 'ok') return;
    assert.deepEqual(
      result.issues.map((i) => i.message),
      [
        'Invalid principal in policy: "AWS":"bad1"',
        'Invalid principal in policy: "AWS":"bad2"',
        'Invalid principal in policy: "Service":"has space"',
      ],
    );
  });

  it('orders the document-wide phases: syntax, version, principal, legacy, SID, statements', () => {
    const text = JSON.stringify({
      Version: '2008-10-17',
      Statement: [
        { Sid: 'a', Effect: 'deny', Principal: '*', Action: 'x', Resource: 'arn:aws:s3::b' },
        { Sid: 'a', Effect: 'Allow', Extra: 1, Action: 's3:Get' },
      ],
    });
    const result = parsePolicy(text, 'identity');
    assert.equal(result.kind === 'ok', false);
    if (result.kind === 'ok') return;
    assert.deepEqual(
      result.issues.map((i) => [i.message, i.path]),
      [
        ['Syntax errors in policy.', 'Statement[1].Extra'],
        ['Policy document must be version 2012-10-17 or greater.', 'Version'],
        ['Policy document should not specify a principal.', 'Statement[0].Principal'],
        ['The policy failed legacy parsing', 'Statement[0].Effect'],
        ['The policy failed legacy parsing', 'Statement[0].Resource[0]'],
        ['Statement IDs (SID) in a single policy must be unique.', 'Statement[1].Sid'],
        ['Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.', 'Statement[0].Action[0]'],
        ['Policy statement must contain resources.', 'Statement[1]'],
      ],
    );
  });
});
