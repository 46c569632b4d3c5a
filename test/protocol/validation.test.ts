/**
 * Constraint messages, one row per constraint kind: STS/IAM in AWS's Coral format (aws-behaviour.md §0.7),
 * EC2 as MissingParameter / InvalidParameterValue (§3.4), plus Action/Version handling and malformed values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeForm } from '../../src/protocol/decode-form.js';
import type { ServiceModel } from '../../src/protocol/model.js';
import { ec2Model } from '../../src/protocol/models/ec2.js';
import { iamModel } from '../../src/protocol/models/iam.js';
import { stsModel } from '../../src/protocol/models/sts.js';
import { parseRequest } from '../../src/protocol/parse-request.js';

function parse(model: ServiceModel, body: string): ReturnType<typeof parseRequest> {
  const form = decodeForm(body);
  assert.equal(form.kind, 'ok');
  if (form.kind !== 'ok') throw new Error('unreachable');
  return parseRequest(model, form.params);
}

function expectError(model: ServiceModel, body: string, code: string, message: string, status = 400): void {
  const result = parse(model, body);
  assert.equal(result.kind, 'error', `expected ${code} for ${body}`);
  if (result.kind !== 'error') return;
  assert.equal(result.error.code, code);
  assert.equal(result.error.message, message);
  assert.equal(result.error.status, status);
}

const ASSUME = 'Action=AssumeRole&Version=2011-06-15';
const ARN = 'RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr';
const V = (n: number, detail: string): string => `${n} validation error${n === 1 ? '' : 's'} detected: ${detail}`;

const queryCases: readonly (readonly [string, ServiceModel, string, string])[] = [
  [
    'required member absent',
    stsModel,
    `${ASSUME}&RoleSessionName=s1`,
    V(1, "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"),
  ],
  [
    'pattern',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=a%3Ab`,
    V(1, "Value 'a:b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
  ],
  [
    'maximum length',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=${'x'.repeat(65)}`,
    V(1, `Value '${'x'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`),
  ],
  [
    'minimum length',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=x`,
    V(1, "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"),
  ],
  [
    'minimum value',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s1&DurationSeconds=899`,
    V(1, "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
  ],
  [
    'maximum value',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s1&DurationSeconds=43201`,
    V(1, "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"),
  ],
  [
    'enum',
    iamModel,
    'Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Enabled',
    // IAM prints neither the value nor the enum's set (recorded from AWS, aws-behaviour.md §10.2).
    V(1, "Value at 'status' failed to satisfy constraint: Member must satisfy enum value set"),
  ],
  [
    'nested list member path',
    iamModel,
    'Action=TagRole&Version=2010-05-08&RoleName=r&Tags.member.1.Key=ok&Tags.member.1.Value=v&Tags.member.2.Key=a%7Cb&Tags.member.2.Value=v',
    V(
      1,
      "Value at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    ),
  ],
  [
    'nested required member',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s1&Tags.member.1.Key=k`,
    V(1, "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null"),
  ],
  [
    'list too long',
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s1&${Array.from({ length: 51 }, (_, i) => `TransitiveTagKeys.member.${i + 1}=k`).join('&')}`,
    V(
      1,
      `Value '[${Array(51).fill('k').join(', ')}]' at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50`,
    ),
  ],
  [
    'several violations: member order, pattern before length',
    stsModel,
    `${ASSUME}&RoleArn=&RoleSessionName=${'%3A'.repeat(65)}`,
    V(
      4,
      "Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; " +
        "Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        `Value '${':'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; ` +
        `Value '${':'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ),
  ],
  [
    'sensitive values are not echoed',
    iamModel,
    'Action=ChangePassword&Version=2010-05-08&OldPassword=&NewPassword=x',
    V(
      2,
      "Value at 'oldPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+; " +
        "Value at 'oldPassword' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ),
  ],
];

for (const [name, model, body, message] of queryCases) {
  test(`query ValidationError: ${name}`, () => expectError(model, body, 'ValidationError', message));
}

test('query: a value that is not a number is MalformedInput, not an exception', () => {
  expectError(
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s1&DurationSeconds=abc`,
    'MalformedInput',
    'invalid value `abc` for `DurationSeconds`: expected an integer',
  );
  expectError(
    iamModel,
    'Action=ListRoles&Version=2010-05-08&MaxItems=9999999999999',
    'MalformedInput',
    'invalid value `9999999999999` for `MaxItems`: expected an integer',
  );
});

test('query: Action and Version', () => {
  expectError(stsModel, 'Version=2011-06-15', 'MissingAction', 'The request is missing an action or a required parameter.');
  expectError(stsModel, 'Action=AssumeRol&Version=2011-06-15', 'InvalidAction', 'Could not find operation AssumeRol for version 2011-06-15');
  expectError(iamModel, 'Action=ListRoles&Version=2011-06-15', 'InvalidAction', 'Could not find operation ListRoles for version 2011-06-15');
  expectError(stsModel, 'Action=GetCallerIdentity', 'InvalidAction', 'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED');
  assert.deepStrictEqual(parse(stsModel, 'Action=GetCallerIdentity&Version=2011-06-15'), { kind: 'ok', operation: 'GetCallerIdentity', input: {} });
});

test('query: a valid AssumeRole parses to AWS member names and typed values', () => {
  const result = parse(
    stsModel,
    `${ASSUME}&${ARN}&RoleSessionName=s%2Bx&DurationSeconds=3600&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&Tags.member.1.Key=k&Tags.member.1.Value=a+b`,
  );
  assert.deepStrictEqual(result, {
    kind: 'ok',
    operation: 'AssumeRole',
    input: {
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 's+x',
      DurationSeconds: 3600,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'k', Value: 'a b' }],
    },
  });
});

test('EC2: Action, MissingParameter and InvalidParameterValue', () => {
  expectError(ec2Model, 'Version=2016-11-15', 'MissingAction', 'The request is missing an action or a required parameter.');
  expectError(ec2Model, 'Action=DescribeVpcs&Version=2016-11-15', 'InvalidAction', 'The action DescribeVpcs is not valid for this web service.');
  expectError(
    ec2Model,
    'Action=AssociateIamInstanceProfile&Version=2016-11-15&IamInstanceProfile.Name=p',
    'MissingParameter',
    'The request must contain the parameter InstanceId',
  );
  expectError(ec2Model, 'Action=RunInstances&Version=2016-11-15&MinCount=1', 'MissingParameter', 'The request must contain the parameter MaxCount');
  expectError(
    ec2Model,
    'Action=RunInstances&Version=2016-11-15&MinCount=one&MaxCount=1',
    'InvalidParameterValue',
    'Value (one) for parameter minCount is invalid.',
  );
  expectError(
    ec2Model,
    'Action=ModifyInstanceMetadataOptions&Version=2016-11-15&InstanceId=i-1&HttpTokens=sometimes',
    'InvalidParameterValue',
    'Value (sometimes) for parameter httpTokens is invalid. Valid values are: optional, required.',
  );
  expectError(
    ec2Model,
    'Action=DescribeIamInstanceProfileAssociations&Version=2016-11-15&MaxResults=1',
    'InvalidParameterValue',
    'Value ( 1 ) for parameter maxResults is invalid. Parameter must be greater than or equal to 5.',
  );
});

test('EC2: flattened lists, filters and nested structures', () => {
  const result = parse(
    ec2Model,
    'Action=DescribeIamInstanceProfileAssociations&Version=2016-11-15&AssociationId.1=iip-assoc-1&Filter.1.Name=instance-id&Filter.1.Value.1=i-1&Filter.1.Value.2=i-2',
  );
  assert.deepStrictEqual(result, {
    kind: 'ok',
    operation: 'DescribeIamInstanceProfileAssociations',
    input: { AssociationIds: ['iip-assoc-1'], Filters: [{ Name: 'instance-id', Values: ['i-1', 'i-2'] }] },
  });
});

test('decodeForm: + is a space, missing = is an empty value, bad escapes are MalformedQueryString', () => {
  assert.deepStrictEqual(decodeForm('a=b+c&d&e=%7B%22x%22%3A1%7D&&f='), {
    kind: 'ok',
    params: [
      ['a', 'b c'],
      ['d', ''],
      ['e', '{"x":1}'],
      ['f', ''],
    ],
  });
  assert.deepStrictEqual(decodeForm(''), { kind: 'ok', params: [] });
  for (const bad of ['a=%zz', 'a=%E0%A4', 'a%=1']) {
    const result = decodeForm(bad);
    assert.equal(result.kind, 'error', bad);
    if (result.kind === 'error') assert.equal(result.error.code, 'MalformedQueryString');
  }
});
