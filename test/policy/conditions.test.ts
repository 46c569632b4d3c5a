/** Table tests per condition operator family (aws-behaviour.md §7.3–§7.5). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition } from '../../src/policy/condition/compile-condition.js';
import { conditionOutcome } from '../../src/policy/condition/evaluate-condition.js';
import type { ContextValue } from '../../src/policy/context/request-context.js';
import { createRequestContext } from '../../src/policy/context/request-context.js';

type Row = [op: string, key: string, values: string[], context: Record<string, ContextValue>, expected: boolean];

function run(name: string, rows: Row[], variables = true): void {
  test(name, () => {
    for (const [op, key, values, ctx, expected] of rows) {
      const outcome = conditionOutcome(compileCondition(op, key, values, variables), createRequestContext(ctx));
      assert.equal(outcome === 'match', expected, `${op} ${key} ${JSON.stringify(values)} vs ${JSON.stringify(ctx)} → ${outcome}`);
    }
  });
}

run('string operators', [
  ['StringEquals', 'aws:username', ['alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['Alice'], { 'aws:username': 'alice' }, false],
  ['StringEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['alice'], {}, false],
  ['StringNotEquals', 'aws:username', ['alice'], { 'aws:username': 'bob' }, true],
  ['StringNotEquals', 'aws:username', ['alice', 'bob'], { 'aws:username': 'bob' }, false],
  ['StringNotEquals', 'aws:username', ['alice'], {}, true],
  ['StringEqualsIgnoreCase', 'aws:username', ['ALICE'], { 'aws:username': 'alice' }, true],
  ['StringNotEqualsIgnoreCase', 'aws:username', ['ALICE'], { 'aws:username': 'alice' }, false],
  ['StringNotEqualsIgnoreCase', 'aws:username', ['ALICE'], { 'aws:username': 'bob' }, true],
  ['StringLike', 'aws:username', ['al*'], { 'aws:username': 'alice' }, true],
  ['StringLike', 'aws:username', ['a?ice'], { 'aws:username': 'alice' }, true],
  ['StringLike', 'aws:username', ['A*'], { 'aws:username': 'alice' }, false],
  ['StringLike', 'aws:username', ['*li*e'], { 'aws:username': 'alice' }, true],
  ['StringNotLike', 'aws:username', ['b*'], { 'aws:username': 'alice' }, true],
  ['StringNotLike', 'aws:username', ['a*'], { 'aws:username': 'alice' }, false],
  ['StringEquals', 'aws:username', ['a*'], { 'aws:username': 'alice' }, false],
  ['StringEquals', 'aws:username', ['a*'], { 'aws:username': 'a*' }, true],
  ['stringequals', 'AWS:USERNAME', ['alice'], { 'aws:username': 'alice' }, true],
]);

run('case-insensitive key names', [
  ['StringEquals', 'AWS:UserName', ['alice'], { 'aws:username': 'alice' }, true],
  ['Bool', 'aws:securetransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
]);

run('numeric operators', [
  ['NumericEquals', 'k', ['10'], { k: '10' }, true],
  ['NumericEquals', 'k', ['10'], { k: '10.0' }, true],
  ['NumericNotEquals', 'k', ['10'], { k: '11' }, true],
  ['NumericNotEquals', 'k', ['10'], { k: '10' }, false],
  ['NumericLessThan', 'k', ['10'], { k: '9.5' }, true],
  ['NumericLessThan', 'k', ['10'], { k: '10' }, false],
  ['NumericLessThanEquals', 'k', ['10'], { k: '10' }, true],
  ['NumericGreaterThan', 'k', ['10'], { k: '11' }, true],
  ['NumericGreaterThanEquals', 'k', ['10'], { k: '9' }, false],
  ['NumericLessThan', 'ec2:RoleDelivery', ['2.0'], { 'ec2:RoleDelivery': '1.0' }, true],
  ['NumericLessThan', 'ec2:RoleDelivery', ['2.0'], { 'ec2:RoleDelivery': '2.0' }, false],
  ['NumericLessThan', 'k', ['10'], { k: 'abc' }, false],
  ['NumericNotEquals', 'k', ['10'], { k: 'abc' }, false],
  ['NumericLessThan', 'k', ['10'], {}, false],
  ['NumericNotEquals', 'k', ['10'], {}, true],
]);

run('date operators and spellings', [
  ['DateLessThan', 't', ['2024-10-10T09:43:48.085Z'], { t: '2024-10-10T09:43:48.084Z' }, true],
  ['DateLessThan', 't', ['2024-10-10T09:43:48.085Z'], { t: '2024-10-10T09:43:48.085Z' }, false],
  ['DateLessThan', 't', ['2024-10-10T09:43:48Z'], { t: '2024-10-10T09:43:47.999Z' }, true],
  ['DateLessThan', 't', ['2024-10-10'], { t: '2024-10-09T23:59:59Z' }, true],
  ['DateLessThan', 't', ['2024-10-10'], { t: '2024-10-10T00:00:00Z' }, false],
  ['DateLessThan', 't', ['1728553428'], { t: '2024-10-10T09:43:47Z' }, true],
  ['DateLessThan', 't', ['1728553428'], { t: '2024-10-10T09:43:48Z' }, false],
  ['DateEquals', 't', ['2024-10-10T09:43:48Z'], { t: '1728553428' }, true],
  ['DateNotEquals', 't', ['2024-10-10T09:43:48Z'], { t: '1728553429' }, true],
  ['DateGreaterThan', 't', ['2024-10-10T11:43:48+02:00'], { t: '2024-10-10T09:43:49Z' }, true],
  ['DateGreaterThanEquals', 't', ['2024-10-10T09:43:48'], { t: '2024-10-10T09:43:48Z' }, true],
  ['DateLessThanEquals', 't', ['2024-10-10T09:43:48Z'], { t: '2024-10-10T09:43:48Z' }, true],
  ['DateLessThan', 't', ['2024-10-10T09:43:48Z'], { t: 'not a date' }, false],
  ['DateLessThan', 't', ['2024-10-10T09:43:48Z'], {}, false],
  ['DateLessThanIfExists', 't', ['2024-10-10T09:43:48Z'], {}, true],
]);

run('bool and binary', [
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['TRUE'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'true' }, false],
  ['Bool', 'aws:MultiFactorAuthPresent', ['false'], {}, false],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  ['BinaryEquals', 'k', ['QmluYXJ5VmFsdWU='], { k: 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals', 'k', ['QmluYXJ5VmFsdWU='], { k: 'QmluYXJ5VmFsdWF=' }, false],
  ['BinaryEquals', 'k', ['QmluYXJ5VmFsdWU='], {}, false],
]);

run('ip operators (IPv4 and IPv6)', [
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.114.7' }, false],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.7'], { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress', 'aws:SourceIp', ['0.0.0.0/0'], { 'aws:SourceIp': '8.8.8.8' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db8:1234::1' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678:abcd::9' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db9::1' }, false],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '203.0.113.7' }, false],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '::ffff:10.1.2.3' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.1' }, false],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], {}, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': 'garbage' }, false],
]);

run('arn operators', [
  ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin-*'], { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/admin-x' }, true],
  ['ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::111111111111:role/*'], { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/a' }, true],
  ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/x'], { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/x' }, false],
  ['ArnLike', 'k', ['arn:aws:s3:::bucket/*'], { k: 'arn:aws:s3:::bucket/a:b/c' }, true],
  ['ArnLike', 'k', ['arn:aws:*:*:*:*'], { k: 'not-an-arn' }, false],
  ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin'], { 'aws:PrincipalArn': 'arn:aws:iam::1:role/other' }, true],
  ['ArnNotEquals', 'aws:PrincipalArn', ['arn:aws:iam::1:role/other'], { 'aws:PrincipalArn': 'arn:aws:iam::1:role/other' }, false],
  ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin'], {}, true],
  ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin'], {}, false],
]);

run('null operator', [
  ['Null', 'aws:TokenIssueTime', ['true'], {}, true],
  ['Null', 'aws:TokenIssueTime', ['true'], { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, false],
  ['Null', 'ec2:SourceInstanceARN', ['false'], { 'ec2:SourceInstanceARN': 'arn:aws:ec2:us-east-1:1:instance/i-1' }, true],
  ['Null', 'ec2:SourceInstanceARN', ['false'], {}, false],
  ['Null', 'aws:TagKeys', ['true'], { 'aws:TagKeys': [] }, true],
]);

run('IfExists forms', [
  ['StringEqualsIfExists', 'k', ['a'], {}, true],
  ['StringEqualsIfExists', 'k', ['a'], { k: 'b' }, false],
  ['StringNotEqualsIfExists', 'k', ['a'], { k: 'a' }, false],
  ['NumericLessThanIfExists', 'k', ['5'], {}, true],
  ['IpAddressIfExists', 'aws:SourceIp', ['10.0.0.0/8'], {}, true],
  ['ArnLikeIfExists', 'k', ['arn:aws:iam::*:root'], {}, true],
]);

run('multi-valued keys with ForAllValues / ForAnyValue (§7.4)', [
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a', 'c'] }, false],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], {}, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': [] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['x', 'a'] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['x'] }, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], {}, false],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'c'] }, true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a', 'c'] }, false],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a', 'c'] }, true],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a'] }, false],
  ['ForAnyValue:StringLike', 'aws:TagKeys', ['team*'], { 'aws:TagKeys': ['x', 'team-a'] }, true],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['team*'], { 'aws:TagKeys': ['x', 'team-a'] }, false],
  ['ForAllValues:StringEqualsIgnoreCase', 'aws:TagKeys', ['A'], { 'aws:TagKeys': ['a'] }, true],
  ['StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'a'] }, true],
  ['StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'a'] }, false],
  ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['a'], {}, true],
]);

run('policy variables in condition values (Version 2012-10-17)', [
  ['StringEquals', 'k', ['${aws:username}'], { k: 'alice', 'aws:username': 'alice' }, true],
  ['StringEquals', 'k', ['${aws:username}'], { k: 'alice' }, false],
  ['StringEquals', 'k', ["${aws:username, 'guest'}"], { k: 'guest' }, true],
  ['StringEquals', 'k', ["${aws:username,'guest'}"], { k: 'guest', 'aws:username': 'bob' }, false],
  ['StringLike', 'k', ['home/${aws:username}/*'], { k: 'home/alice/x', 'aws:username': 'alice' }, true],
  ['StringLike', 'k', ['home/${aws:username}/*'], { k: 'home/bob/x', 'aws:username': 'alice' }, false],
  ['StringLike', 'k', ['a${*}b'], { k: 'a*b' }, true],
  ['StringLike', 'k', ['a${*}b'], { k: 'axb' }, false],
  ['StringLike', 'k', ['a${?}b'], { k: 'a?b' }, true],
  ['StringEquals', 'k', ['a${$}b'], { k: 'a$b' }, true],
  ['StringEquals', 'k', ['${*}'], { k: '*' }, true],
  ['StringLike', 'k', ['${aws:username}*'], { k: 'a*-x', 'aws:username': 'a*' }, true],
  ['StringLike', 'k', ['${aws:username}'], { k: 'abc', 'aws:username': 'a*' }, false],
  ['StringEqualsIgnoreCase', 'k', ['${aws:username}'], { k: 'ALICE', 'aws:username': 'alice' }, true],
  ['StringNotEquals', 'k', ['${aws:username}'], { k: 'alice', 'aws:username': 'alice' }, false],
  ['StringNotEquals', 'k', ['${aws:username}'], { k: 'alice' }, true],
  ['ArnLike', 'k', ['arn:aws:iam::*:user/${aws:username}'], { k: 'arn:aws:iam::1:user/alice', 'aws:username': 'alice' }, true],
  ['StringEquals', 'k', ['${aws:PrincipalTag/team}'], { k: 'red', 'aws:PrincipalTag/team': 'red' }, true],
  ['StringEquals', 'k', ['${aws:TagKeys}'], { k: 'a', 'aws:TagKeys': ['a'] }, false],
]);

run(
  'no policy variables in Version 2008-10-17',
  [
    ['StringEquals', 'k', ['${aws:username}'], { k: 'alice', 'aws:username': 'alice' }, false],
    ['StringEquals', 'k', ['${aws:username}'], { k: '${aws:username}' }, true],
  ],
  false,
);

run('unknown operators never match', [
  ['StringFancy', 'k', ['a'], { k: 'a' }, false],
  ['NullIfExists', 'k', ['true'], {}, false],
]);
