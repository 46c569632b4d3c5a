/** The simulator's pure parts: statement positions, context keys, and the per-resource layout. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../src/policy/validate/index.js';
import type { PolicyDocument } from '../../src/policy/types.js';
import { contextKeysOf, simulate, statementPositions } from '../../src/services/iam/simulate/index.js';
import { simulationContext } from '../../src/services/iam/simulate/simulation-context.js';
import { IDENTITY_POLICY_TYPE } from '../../src/services/iam/simulate/simulation-policies.js';

const parsed = (text: string): PolicyDocument => {
  const result = parsePolicy(text, 'identity');
  if (result.kind !== 'ok') throw new Error(result.issues[0]?.message);
  return result.document;
};

/** The document of the AWS CLI's simulate-custom-policy example (awscli examples/iam/simulate-custom-policy.rst). */
const CLI_EXAMPLE =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

const PRETTY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Sid": "Read",',
  '      "Effect": "Allow",',
  '      "Action": "s3:GetObject",',
  '      "Resource": "*"',
  '    },',
  '    {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}',
  '  ]',
  '}',
].join('\n');

describe('statement positions', () => {
  it('reports the column after each brace, as the AWS CLI example shows (1:38 to 1:167)', () => {
    assert.deepEqual(statementPositions(CLI_EXAMPLE), [{ start: { line: 1, column: 38 }, end: { line: 1, column: 167 } }]);
  });

  it('locates every statement of a multi-line array, 1-based lines', () => {
    assert.deepEqual(statementPositions(PRETTY), [
      { start: { line: 4, column: 6 }, end: { line: 9, column: 6 } },
      { start: { line: 10, column: 6 }, end: { line: 10, column: 69 } },
    ]);
  });

  it('counts CRLF and lone CR as one line break each', () => {
    const crlf = PRETTY.replaceAll('\n', '\r\n');
    assert.deepEqual(statementPositions(crlf), statementPositions(PRETTY));
    assert.deepEqual(statementPositions(PRETTY.replaceAll('\n', '\r')), statementPositions(PRETTY));
  });

  it('skips strings holding braces and escaped quotes, and keeps the last of repeated Statement keys', () => {
    const text =
      '{"Id":"a}\\"{","Statement":{"Effect":"Deny","Action":"*","Resource":"*"},\n"Statement":[{"Effect":"Allow","Action":"s3:A","Resource":"x}"}]}';
    assert.deepEqual(statementPositions(text), [{ start: { line: 2, column: 15 }, end: { line: 2, column: 64 } }]);
  });
});

describe('context keys', () => {
  it('lists resource variables and condition keys in document order, as the AWS CLI example does', () => {
    const doc = parsed(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
    );
    assert.deepEqual(contextKeysOf([doc]), ['aws:username', 'aws:CurrentTime']);
  });

  it('de-duplicates case-insensitively, keeps defaults out, ignores escapes and 2008 documents', () => {
    const a = parsed(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, \'none\'}/${*}","Condition":{"StringLike":{"s3:prefix":"${AWS:PrincipalTag/Team}/*"},"Bool":{"aws:SecureTransport":"true"}}}]}',
    );
    // IAM refuses 2008 permission policies on write, but stored AWS managed ones may be 2008 (variables stay literal).
    const old: PolicyDocument = {
      version: '2008-10-17',
      statements: [{ effect: 'Allow', action: ['s3:*'], resource: ['arn:aws:s3:::${aws:username}'] }],
    };
    assert.deepEqual(contextKeysOf([a, old]), ['aws:PrincipalTag/team', 's3:prefix', 'aws:SecureTransport']);
  });
});

describe('simulate (pure)', () => {
  const identity = [{ id: 'PolicyInputList.1', type: IDENTITY_POLICY_TYPE, text: PRETTY, document: parsed(PRETTY) }];
  const base = {
    principal: { kind: 'user' as const, account: '123456789012', arn: 'arn:aws:iam::123456789012:user/u', id: 'AIDA', name: 'u' },
    identity,
    boundary: undefined,
    resourcePolicy: undefined,
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::a/k', 'arn:aws:s3:::b/k'],
    resourceOwner: '123456789012',
    context: simulationContext([]),
    organizationsDetail: false,
  };

  it('per-action layout: one result per action, each resource in ResourceSpecificResults', () => {
    const results = simulate({ ...base, layout: 'per-action' });
    assert.equal(results.length, 1);
    assert.equal(results[0]?.EvalResourceName, undefined);
    assert.deepEqual(
      results[0]?.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision]),
      [
        ['arn:aws:s3:::a/k', 'allowed'],
        ['arn:aws:s3:::b/k', 'allowed'],
      ],
    );
    assert.deepEqual(results[0]?.EvalDecisionDetails, {});
  });

  it('per-resource layout: one result per action and resource', () => {
    const results = simulate({ ...base, actions: ['s3:GetObject', 's3:DeleteObject'], layout: 'per-resource' });
    assert.deepEqual(
      results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision, r.MatchedStatements?.[0]?.StartPosition?.Line]),
      [
        ['s3:GetObject', 'arn:aws:s3:::a/k', 'allowed', 4],
        ['s3:GetObject', 'arn:aws:s3:::b/k', 'allowed', 4],
        ['s3:DeleteObject', 'arn:aws:s3:::a/k', 'explicitDeny', 10],
        ['s3:DeleteObject', 'arn:aws:s3:::b/k', 'explicitDeny', 10],
      ],
    );
  });
});
