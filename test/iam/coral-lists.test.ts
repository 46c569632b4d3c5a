/**
 * IAM and STS validation messages recorded from AWS (aws-behaviour.md §10.7): a list of strings whose elements
 * break their constraints is one error at the list naming every constraint of the element, the count in
 * `N validation errors detected` counts it once, and several errors come in Coral's (HashMap) order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeForm } from '../../src/protocol/decode-form.js';
import type { ServiceModel } from '../../src/protocol/model.js';
import { iamModel } from '../../src/protocol/models/iam.js';
import { stsModel } from '../../src/protocol/models/sts.js';
import { parseRequest } from '../../src/protocol/parse-request.js';

function validationMessage(model: ServiceModel, body: string): string {
  const form = decodeForm(body);
  if (form.kind !== 'ok') throw new Error('form did not decode');
  const result = parseRequest(model, form.params);
  assert.equal(result.kind, 'error', `expected a ValidationError for ${body}`);
  if (result.kind !== 'error') throw new Error('unreachable');
  assert.equal(result.error.code, 'ValidationError');
  assert.equal(result.error.status, 400);
  return result.error.message;
}

const IAM = 'Version=2010-05-08';
const TAG_KEY_RULES =
  '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, ' +
  'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]';

test('UntagPolicy with a 129-character key: one error at tagKeys listing every constraint (LS-SNAP err-untag-large-key)', () => {
  const body = `Action=UntagPolicy&${IAM}&PolicyArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Apolicy%2Fp&TagKeys.member.1=${'0'.repeat(129)}`;
  assert.equal(
    validationMessage(iamModel, body),
    `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_RULES}`,
  );
});

test('UntagRole with an invalid character: the same list-level text (LS-SNAP untag-role-invalid-char)', () => {
  assert.equal(
    validationMessage(iamModel, `Action=UntagRole&${IAM}&RoleName=r&TagKeys.member.1=NOWAY%21`),
    `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_RULES}`,
  );
});

test('several bad elements of one list count as one error', () => {
  const keys = ['NOWAY!', 'x'.repeat(129), 'ok', 'bad|key'].map((k, i) => `TagKeys.member.${i + 1}=${encodeURIComponent(k)}`);
  assert.equal(
    validationMessage(iamModel, `Action=UntagUser&${IAM}&UserName=u&${keys.join('&')}`),
    `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_RULES}`,
  );
});

test('CreateOpenIDConnectProvider: the three errors AWS recorded, in its order and count (LS-SNAP multiple-validation-errors)', () => {
  const body =
    `Action=CreateOpenIDConnectProvider&${IAM}&Url=${'b'.repeat(256)}` +
    `&ThumbprintList.member.1=${'b'.repeat(41)}&ClientIDList.member.1=${'b'.repeat(256)}`;
  assert.equal(
    validationMessage(iamModel, body),
    "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; ' +
      "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; ' +
      "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
  );
});

test('UpdateAccountPasswordPolicy: three range errors in the order AWS recorded (LS-SNAP validation-errors)', () => {
  const body = `Action=UpdateAccountPasswordPolicy&${IAM}&MinimumPasswordLength=129&MaxPasswordAge=1096&PasswordReusePrevention=25`;
  assert.equal(
    validationMessage(iamModel, body),
    "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; " +
      "Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; " +
      "Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095",
  );
});

test('a list too long and a bad element are two errors at the same list', () => {
  const keys = Array.from({ length: 51 }, (_, i) => `TagKeys.member.${i + 1}=${i === 0 ? 'a%7Cb' : `k${i}`}`);
  assert.equal(
    validationMessage(iamModel, `Action=UntagRole&${IAM}&RoleName=r&${keys.join('&')}`),
    "2 validation errors detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50; " +
      `Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_RULES}`,
  );
});

test('STS prints the whole list as Coral prints values', () => {
  const body =
    'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1' +
    '&TransitiveTagKeys.member.1=ok&TransitiveTagKeys.member.2=a%7Cb';
  assert.equal(
    validationMessage(stsModel, body),
    `1 validation error detected: Value '[ok, a|b]' at 'transitiveTagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_RULES}`,
  );
});

test('a list no recording shows with "not null" (ActionNames) lists only its lengths ([U], aws-behaviour.md §10.7)', () => {
  const body = `Action=SimulatePrincipalPolicy&${IAM}&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Fu&ActionNames.member.1=s3`;
  assert.equal(
    validationMessage(iamModel, body),
    "1 validation error detected: Value at 'actionNames' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 128, Member must have length greater than or equal to 3]',
  );
});
