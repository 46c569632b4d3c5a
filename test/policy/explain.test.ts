/** Explanations and AWS's AccessDenied wording (aws-behaviour.md §7.7, §1.4). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessDeniedMessage,
  compilePolicy,
  createRequestContext,
  denialSuffix,
  evaluate,
  evaluateTrust,
  explainResult,
} from '../../src/policy/evaluator.js';
import { normalise } from './normalise.js';
import { PRINCIPALS } from './principals.js';

const identity = compilePolicy(
  normalise({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'Other', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
    ],
  }),
  { name: 'ReadOnly', arn: 'arn:aws:iam::111111111111:policy/ReadOnly', kind: 'identity' },
);

test('a trace says why each statement did or did not apply', () => {
  const result = evaluate({
    principal: PRINCIPALS['session']!,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: createRequestContext({ 'aws:SecureTransport': 'false' }),
    identityPolicies: [identity],
    explain: true,
  });
  assert.equal(result.decision, 'ImplicitlyDenied');
  const [read, other] = result.trace ?? [];
  assert.equal(read?.conditions[0]?.outcome, 'no-match');
  assert.equal(other?.action, 'no-match');
  const text = explainResult(result);
  assert.match(
    text,
    /statement 0 \(`Read`\) of identity policy `arn:aws:iam::111111111111:policy\/ReadOnly` \(Allow\): does not apply, condition `Bool` on `aws:SecureTransport` is no match/,
  );
  assert.match(text, /statement 1 \(`Other`\) .*action does not match/);
  assert.equal(denialSuffix(result), ' because no identity-based policy allows the s3:GetObject action');
  assert.equal(
    accessDeniedMessage(result, { contextual: false }),
    'User: arn:aws:sts::111111111111:assumed-role/AppRole/s1 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k',
  );
});

test('an allowed result names the deciding statement; no suffix', () => {
  const result = evaluate({
    principal: PRINCIPALS['alice']!,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: createRequestContext({ 'aws:SecureTransport': 'true' }),
    identityPolicies: [identity],
  });
  assert.equal(result.decision, 'Allowed');
  assert.equal(result.trace, undefined);
  assert.deepEqual(result.reason.kind === 'allowed' ? result.reason.statements.map((s) => s.sid) : [], ['Read']);
  assert.equal(denialSuffix(result), '');
  assert.match(explainResult(result), /allowed by statement 0 \(`Read`\)/);
});

test('compiled policies are cached by content', () => {
  const raw = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const a = compilePolicy(normalise(raw), { name: 'a', kind: 'identity' });
  const b = compilePolicy(normalise(raw), { name: 'b', kind: 'identity' });
  assert.equal(a.statements, b.statements);
  assert.equal(b.source.name, 'b');
});

test('a trust decision explained on denials only: an allow carries no trace, a refusal carries the whole trace', () => {
  const alice = PRINCIPALS['alice']!;
  const trust = (principal: string): ReturnType<typeof compilePolicy> =>
    compilePolicy(normalise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }), {
      name: 'trust policy',
      arn: 'arn:aws:iam::111111111111:role/R',
      kind: 'trust',
    });
  const request = {
    principal: alice,
    role: { arn: 'arn:aws:iam::111111111111:role/R', account: '111111111111' },
    context: createRequestContext({}),
    explain: 'denials' as const,
  };
  const allowed = evaluateTrust({ ...request, trustPolicy: trust('arn:aws:iam::111111111111:user/alice') });
  assert.equal(allowed.decision, 'Allowed');
  assert.equal(allowed.trace, undefined);
  const refused = evaluateTrust({ ...request, trustPolicy: trust('arn:aws:iam::111111111111:user/someone-else') });
  assert.equal(refused.decision, 'ImplicitlyDenied');
  assert.equal(refused.trace?.length, 1);
  assert.equal(refused.trace?.[0]?.applies, false);
});
