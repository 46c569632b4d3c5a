/** Fuzz: random documents (including malformed values) and random contexts never make evaluation throw. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConditionBlock, PolicyDocument, Statement } from '../../src/policy/types.js';
import {
  compilePolicy,
  createRequestContext,
  denialSuffix,
  evaluate,
  evaluateTrust,
  explainResult,
  accessDeniedMessage,
} from '../../src/policy/evaluator.js';
import { PRINCIPALS } from './principals.js';

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '*',
    '?',
    '${aws:username}',
    "${aws:username, 'x'}",
    '${',
    '${*}',
    '${$}',
    'arn:aws:s3:::b/*',
    '10.0.0.0/8',
    '::/0',
    '2024-01-01',
    '1.5',
    'true',
  ),
);
const ops = fc.constantFrom(
  'StringEquals',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'NumericLessThan',
  'NumericNotEquals',
  'DateGreaterThan',
  'DateNotEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'ArnNotEquals',
  'Null',
  'ForAllValues:StringLike',
  'ForAnyValue:NumericEqualsIfExists',
  'StringLikeIfExists',
  'Bogus',
  'NullIfExists',
);
const keys = fc.constantFrom('aws:username', 'aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'k', 'AWS:USERNAME');
const condition: fc.Arbitrary<ConditionBlock> = fc.dictionary(ops, fc.dictionary(keys, fc.array(text, { maxLength: 3 }), { maxKeys: 2 }), {
  maxKeys: 2,
});
const principal = fc.oneof(
  fc.constant('*' as const),
  fc.record({ AWS: fc.array(fc.oneof(text, fc.constantFrom('111111111111', 'arn:aws:iam::111111111111:root')), { maxLength: 2 }) }),
  fc.record({ Service: fc.array(text, { maxLength: 2 }), Federated: fc.array(text, { maxLength: 1 }) }),
);
const statement: fc.Arbitrary<Statement> = fc.record(
  {
    sid: fc.string({ maxLength: 4 }),
    effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    action: fc.array(text, { maxLength: 3 }),
    notAction: fc.array(text, { maxLength: 2 }),
    resource: fc.array(text, { maxLength: 3 }),
    notResource: fc.array(text, { maxLength: 2 }),
    principal,
    notPrincipal: principal,
    condition,
  },
  { requiredKeys: ['effect'] },
);
const doc: fc.Arbitrary<PolicyDocument> = fc.record({
  version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
  statements: fc.array(statement, { maxLength: 4 }),
});
const context = fc.dictionary(keys, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 });
const who = fc.constantFrom(...Object.keys(PRINCIPALS));

test('evaluate and evaluateTrust never throw on random documents and contexts', () => {
  fc.assert(
    fc.property(doc, doc, doc, context, who, text, text, fc.boolean(), (identity, resource, boundary, ctx, name, action, res, explain) => {
      const p = PRINCIPALS[name];
      assert.ok(p !== undefined);
      const c = createRequestContext(ctx);
      const result = evaluate({
        principal: p,
        action,
        resource: res,
        context: c,
        identityPolicies: [compilePolicy(identity, { name: 'i', kind: 'identity' })],
        permissionsBoundary: compilePolicy(boundary, { name: 'b', kind: 'boundary' }),
        resourcePolicy: compilePolicy(resource, { name: 'r', kind: 'resource' }),
        explain,
      });
      assert.ok(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'].includes(result.decision));
      explainResult(result);
      denialSuffix(result);
      accessDeniedMessage(result, { contextual: true });
      const trust = evaluateTrust({
        principal: p,
        role: { arn: res, account: '111111111111' },
        trustPolicy: compilePolicy(resource, { name: 't', kind: 'trust' }),
        context: c,
        actions: [action],
        explain,
      });
      assert.ok(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'].includes(trust.decision));
    }),
    { numRuns: 1500, seed: 42 },
  );
});
