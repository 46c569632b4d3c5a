/**
 * IAM's error answers replayed from LocalStack's recordings of real AWS (LS-SNAP, February 2026; aws-behaviour.md
 * §10.9, §10.10): each case repeats a recorded request against the lab and expects AWS's code, HTTP status
 * and message. The case names are the recordings' keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-iam';
import { failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

type Input = Record<string, unknown>;

const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** Sends an IAM operation by name, as the recordings name them. */
async function send(l: IamLab, operation: string, input: Input): Promise<unknown> {
  const Command = (sdk as unknown as Record<string, new (input: Input) => Parameters<sdk.IAMClient['send']>[0]>)[`${operation}Command`];
  if (Command === undefined) throw new Error(`no command ${operation}`);
  return l.iam.send(new Command(input));
}

interface Case {
  readonly name: string;
  readonly operation: string;
  readonly input: (account: string) => Input;
  readonly code: string;
  readonly status: number;
  readonly message: (account: string) => string;
}

const notFound = (noun: string, name: string): Pick<Case, 'code' | 'status' | 'message'> => ({
  code: 'NoSuchEntity',
  status: 404,
  message: () => `The ${noun} with name ${name} cannot be found.`,
});

const CASES: readonly Case[] = [
  // test_iam_users
  {
    name: 'get-nonexistent-user-error',
    operation: 'GetUser',
    input: () => ({ UserName: 'nonexistent-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'update-nonexistent-user-error',
    operation: 'UpdateUser',
    input: () => ({ UserName: 'nonexistent-user', NewUserName: 'other-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'delete-nonexistent-user-error',
    operation: 'DeleteUser',
    input: () => ({ UserName: 'nonexistent-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'create-duplicate-user-error',
    operation: 'CreateUser',
    input: () => ({ UserName: 'alice' }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'User with name alice already exists.',
  },
  {
    name: 'delete-user-with-attached-policy-error',
    operation: 'DeleteUser',
    input: () => ({ UserName: 'attached-user' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must detach all policies first.',
  },
  {
    name: 'delete-user-with-inline-policy-error',
    operation: 'DeleteUser',
    input: () => ({ UserName: 'inline-user' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must delete policies first.',
  },
  {
    name: 'create-access-key-unknown-user-error',
    operation: 'CreateAccessKey',
    input: () => ({ UserName: 'nonexistent-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'update-nonexistent-access-key-error',
    operation: 'UpdateAccessKey',
    input: () => ({ UserName: 'alice', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.',
  },
  {
    name: 'create-third-access-key-error',
    operation: 'CreateAccessKey',
    input: () => ({ UserName: 'two-keys' }),
    code: 'LimitExceeded',
    status: 409,
    message: () => 'Cannot exceed quota for AccessKeysPerUser: 2',
  },
  {
    name: 'attach-nonexistent-policy-error (user)',
    operation: 'AttachUserPolicy',
    input: (a) => ({ UserName: 'alice', PolicyArn: `arn:aws:iam::${a}:policy/nonexistent` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/nonexistent does not exist or is not attachable.`,
  },
  {
    name: 'detach-unattached-policy-error (user)',
    operation: 'DetachUserPolicy',
    input: (a) => ({ UserName: 'alice', PolicyArn: `arn:aws:iam::${a}:policy/spare` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare was not found.`,
  },
  {
    name: 'add-nonexistent-user-to-group-error',
    operation: 'AddUserToGroup',
    input: () => ({ GroupName: 'devs', UserName: 'nonexistent-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'add-user-to-nonexistent-group-error',
    operation: 'AddUserToGroup',
    input: () => ({ GroupName: 'nonexistent-group', UserName: 'alice' }),
    ...notFound('group', 'nonexistent-group'),
  },
  {
    name: 'remove-user-from-nonexistent-group-error',
    operation: 'RemoveUserFromGroup',
    input: () => ({ GroupName: 'nonexistent-group', UserName: 'alice' }),
    ...notFound('group', 'nonexistent-group'),
  },
  {
    name: 'tag-nonexistent-user-error',
    operation: 'TagUser',
    input: () => ({ UserName: 'nonexistent-user', Tags: [{ Key: 'k', Value: 'v' }] }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'untag-nonexistent-user-error',
    operation: 'UntagUser',
    input: () => ({ UserName: 'nonexistent-user', TagKeys: ['k'] }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'list-tags-nonexistent-user-error',
    operation: 'ListUserTags',
    input: () => ({ UserName: 'nonexistent-user' }),
    ...notFound('user', 'nonexistent-user'),
  },
  // test_iam_groups
  {
    name: 'create-group-duplicate',
    operation: 'CreateGroup',
    input: () => ({ GroupName: 'devs' }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'Group with name devs already exists.',
  },
  {
    name: 'get-group-not-found',
    operation: 'GetGroup',
    input: () => ({ GroupName: 'non-existent-group' }),
    ...notFound('group', 'non-existent-group'),
  },
  { name: 'delete-unknown-group', operation: 'DeleteGroup', input: () => ({ GroupName: 'unknown-group' }), ...notFound('group', 'unknown-group') },
  {
    name: 'update-nonexistent-group',
    operation: 'UpdateGroup',
    input: () => ({ GroupName: 'nonexisting', NewGroupName: 'whatever' }),
    ...notFound('group', 'nonexisting'),
  },
  {
    name: 'update-duplicate-name',
    operation: 'UpdateGroup',
    input: () => ({ GroupName: 'devs', NewGroupName: 'ops' }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'Group with name ops already exists.',
  },
  {
    name: 'add-unknown-user',
    operation: 'AddUserToGroup',
    input: () => ({ GroupName: 'devs', UserName: 'non-existent-user' }),
    ...notFound('user', 'non-existent-user'),
  },
  {
    name: 'remove-from-unknown-group (the user is looked up first)',
    operation: 'RemoveUserFromGroup',
    input: () => ({ GroupName: 'non-existent-group', UserName: 'any-user' }),
    ...notFound('user', 'any-user'),
  },
  {
    name: 'get-nonexistent-policy (group)',
    operation: 'GetGroupPolicy',
    input: () => ({ GroupName: 'devs', PolicyName: 'missing-policy' }),
    ...notFound('group policy', 'missing-policy'),
  },
  {
    name: 'detach-unattached-error (group)',
    operation: 'DetachGroupPolicy',
    input: (a) => ({ GroupName: 'devs', PolicyArn: `arn:aws:iam::${a}:policy/spare` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare was not found.`,
  },
  // test_iam_roles
  {
    name: 'get-role-error',
    operation: 'GetRole',
    input: () => ({ RoleName: 'test-nonexistent-role' }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'update-role-error',
    operation: 'UpdateRole',
    input: () => ({ RoleName: 'test-nonexistent-role', Description: 'd' }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'delete-role-error',
    operation: 'DeleteRole',
    input: () => ({ RoleName: 'test-nonexistent-role' }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'create-role-already-exists-error',
    operation: 'CreateRole',
    input: () => ({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_EC2 }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'Role with name app already exists.',
  },
  {
    name: 'delete-role-with-policy-error',
    operation: 'DeleteRole',
    input: () => ({ RoleName: 'attached-role' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must detach all policies first.',
  },
  {
    name: 'delete-role-with-inline-policy-error',
    operation: 'DeleteRole',
    input: () => ({ RoleName: 'inline-role' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must delete policies first.',
  },
  {
    name: 'delete-role-with-instance-profile-error',
    operation: 'DeleteRole',
    input: () => ({ RoleName: 'app' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must remove roles from instance profile first.',
  },
  {
    name: 'get-nonexistent-policy-error (role)',
    operation: 'GetRolePolicy',
    input: () => ({ RoleName: 'app', PolicyName: 'non-existent-policy' }),
    ...notFound('role policy', 'non-existent-policy'),
  },
  {
    name: 'delete-nonexistent-policy-error (role)',
    operation: 'DeleteRolePolicy',
    input: () => ({ RoleName: 'app', PolicyName: 'non-existent-policy' }),
    ...notFound('role policy', 'non-existent-policy'),
  },
  {
    name: 'put-policy-nonexistent-role-error',
    operation: 'PutRolePolicy',
    input: () => ({ RoleName: 'nonexistent-role', PolicyName: 'p', PolicyDocument: DOCUMENT }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'get-policy-nonexistent-role-error',
    operation: 'GetRolePolicy',
    input: () => ({ RoleName: 'nonexistent-role', PolicyName: 'p' }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'delete-policy-nonexistent-role-error',
    operation: 'DeleteRolePolicy',
    input: () => ({ RoleName: 'nonexistent-role', PolicyName: 'p' }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'detach-not-attached-policy-error (role)',
    operation: 'DetachRolePolicy',
    input: (a) => ({ RoleName: 'app', PolicyArn: `arn:aws:iam::${a}:policy/spare` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare was not found.`,
  },
  {
    name: 'attach-nonexistent-policy-error (role)',
    operation: 'AttachRolePolicy',
    input: (a) => ({ RoleName: 'app', PolicyArn: `arn:aws:iam::${a}:policy/nonexistent-policy` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/nonexistent-policy does not exist or is not attachable.`,
  },
  {
    name: 'delete-attached-policy-error',
    operation: 'DeletePolicy',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/attached` }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete a policy attached to entities.',
  },
  {
    name: 'put-boundary-nonexistent-role-error',
    operation: 'PutRolePermissionsBoundary',
    input: (a) => ({ RoleName: 'nonexistent-role', PermissionsBoundary: `arn:aws:iam::${a}:policy/spare` }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'detach-nonexistent-policy-error (AWS managed)',
    operation: 'DetachRolePolicy',
    input: () => ({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/Nonexistent' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Policy arn:aws:iam::aws:policy/Nonexistent was not found.',
  },
  {
    name: 'detach-already-detached-error (AWS managed)',
    operation: 'DetachRolePolicy',
    input: () => ({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole was not found.',
  },
  {
    name: 'tag-nonexistent-role-error',
    operation: 'TagRole',
    input: () => ({ RoleName: 'test-nonexistent-role', Tags: [{ Key: 'k', Value: 'v' }] }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'untag-nonexistent-role-error',
    operation: 'UntagRole',
    input: () => ({ RoleName: 'test-nonexistent-role', TagKeys: ['k'] }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'list-tags-nonexistent-role-error',
    operation: 'ListRoleTags',
    input: () => ({ RoleName: 'test-nonexistent-role' }),
    ...notFound('role', 'test-nonexistent-role'),
  },
  {
    name: 'create-role-duplicate-tags-different-case',
    operation: 'CreateRole',
    input: () => ({
      RoleName: 'new-role',
      AssumeRolePolicyDocument: TRUST_EC2,
      Tags: [
        { Key: 'somekey', Value: 'a' },
        { Key: 'SOMEKEY', Value: 'b' },
      ],
    }),
    code: 'InvalidInput',
    status: 400,
    message: () => 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  },
  {
    name: 'tag-role-duplicate-tags',
    operation: 'TagRole',
    input: () => ({
      RoleName: 'app',
      Tags: [
        { Key: 'somekey', Value: 'a' },
        { Key: 'somekey', Value: 'b' },
      ],
    }),
    code: 'InvalidInput',
    status: 400,
    message: () => 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  },
  {
    name: 'invalid-json-error (UpdateAssumeRolePolicy)',
    operation: 'UpdateAssumeRolePolicy',
    input: () => ({ RoleName: 'app', PolicyDocument: 'not valid json' }),
    code: 'MalformedPolicyDocument',
    status: 400,
    message: () => 'This policy contains invalid Json',
  },
  {
    name: 'invalid-action-error (UpdateAssumeRolePolicy)',
    operation: 'UpdateAssumeRolePolicy',
    input: () => ({
      RoleName: 'app',
      PolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:InvalidAction' }),
    }),
    code: 'MalformedPolicyDocument',
    status: 400,
    message: () => 'AssumeRole policy may only specify STS AssumeRole actions.',
  },
  {
    name: 'resource-field-error (UpdateAssumeRolePolicy)',
    operation: 'UpdateAssumeRolePolicy',
    input: () => ({
      RoleName: 'app',
      PolicyDocument: trust({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:s3:::example_bucket',
      }),
    }),
    code: 'MalformedPolicyDocument',
    status: 400,
    message: () => 'Has prohibited field Resource',
  },
  {
    name: 'invalid-json (CreateRole, a trailing comma; test_iam.py)',
    operation: 'CreateRole',
    input: () => ({
      RoleName: 'comma-role',
      AssumeRolePolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole", "Principal": "*", "Effect": "Allow",}]}',
    }),
    code: 'MalformedPolicyDocument',
    status: 400,
    message: () => 'This policy contains invalid Json',
  },
  // test_iam_policies
  {
    name: 'policy-already-exists',
    operation: 'CreatePolicy',
    input: () => ({ PolicyName: 'spare', PolicyDocument: DOCUMENT }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'A policy called spare already exists. Duplicate names are not allowed.',
  },
  {
    name: 'err-get-version-nonexistent-policy',
    operation: 'GetPolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/TestNonExistingPolicy`, VersionId: 'v1' }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/TestNonExistingPolicy version v1 does not exist or is not attachable.`,
  },
  {
    name: 'err-get-nonexistent-version',
    operation: 'GetPolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/spare`, VersionId: 'v9' }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare version v9 does not exist or is not attachable.`,
  },
  {
    name: 'err-delete-default-version',
    operation: 'DeletePolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/spare`, VersionId: 'v1' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete the default version of a policy.',
  },
  {
    name: 'err-delete-nonexistent-version',
    operation: 'DeletePolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/spare`, VersionId: 'v9' }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare version v9 does not exist or is not attachable.`,
  },
  {
    name: 'err-set-default-nonexistent-policy',
    operation: 'SetDefaultPolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/TestNonExistingPolicy`, VersionId: 'v1' }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/TestNonExistingPolicy version v1 does not exist or is not attachable.`,
  },
  {
    name: 'err-set-default-nonexistent-version',
    operation: 'SetDefaultPolicyVersion',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/spare`, VersionId: 'v4' }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/spare version v4 does not exist or is not attachable.`,
  },
  {
    name: 'err-nonexistent-policy (ListEntitiesForPolicy)',
    operation: 'ListEntitiesForPolicy',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/NonExistentPolicy` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/NonExistentPolicy does not exist or is not attachable.`,
  },
  {
    name: 'delete-non-existent-policy-exc',
    operation: 'DeletePolicy',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/non-existent-policy` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/non-existent-policy was not found.`,
  },
  {
    name: 'err-tag-nonexistent-policy',
    operation: 'TagPolicy',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/NotAPolicy`, Tags: [{ Key: 'some', Value: 'value' }] }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/NotAPolicy was not found.`,
  },
  {
    name: 'err-untag-nonexistent-policy',
    operation: 'UntagPolicy',
    input: (a) => ({ PolicyArn: `arn:aws:iam::${a}:policy/NotAPolicy`, TagKeys: ['somevalue'] }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `Policy arn:aws:iam::${a}:policy/NotAPolicy was not found.`,
  },
  {
    name: 'err-duplicate-keys (CreatePolicy)',
    operation: 'CreatePolicy',
    input: () => ({
      PolicyName: 'dup-tags',
      PolicyDocument: DOCUMENT,
      Tags: [
        { Key: '0', Value: '' },
        { Key: '0', Value: '' },
      ],
    }),
    code: 'InvalidInput',
    status: 400,
    message: () => 'Duplicate tag keys found.',
  },
  {
    name: 'err-tag-duplicate-keys (TagPolicy)',
    operation: 'TagPolicy',
    input: (a) => ({
      PolicyArn: `arn:aws:iam::${a}:policy/spare`,
      Tags: [
        { Key: '0', Value: '' },
        { Key: '0', Value: '' },
      ],
    }),
    code: 'InvalidInput',
    status: 400,
    message: () => 'Duplicate tag keys found.',
  },
  // test_iam_managed_policies
  {
    name: 'delete-managed-policy-error',
    operation: 'DeletePolicy',
    input: () => ({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }),
    code: 'AccessDenied',
    status: 403,
    message: () => 'Cannot delete policies outside your own account.',
  },
  {
    name: 'delete-managed-policy-version-error',
    operation: 'DeletePolicyVersion',
    input: () => ({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', VersionId: 'v2' }),
    code: 'AccessDenied',
    status: 403,
    message: () => 'Cannot delete policy versions for policies outside your own account.',
  },
  {
    name: 'set-default-managed-policy-version-error',
    operation: 'SetDefaultPolicyVersion',
    input: () => ({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', VersionId: 'v2' }),
    code: 'AccessDenied',
    status: 403,
    message: () => 'Cannot update policies outside your own account.',
  },
  // test_iam_instance_profiles
  {
    name: 'get-nonexistent-error (instance profile)',
    operation: 'GetInstanceProfile',
    input: () => ({ InstanceProfileName: 'nonexistent-profile' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Instance Profile nonexistent-profile cannot be found.',
  },
  {
    name: 'delete-nonexistent-error (instance profile)',
    operation: 'DeleteInstanceProfile',
    input: () => ({ InstanceProfileName: 'nonexistent-profile' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Instance Profile nonexistent-profile cannot be found.',
  },
  {
    name: 'create-duplicate-error (instance profile)',
    operation: 'CreateInstanceProfile',
    input: () => ({ InstanceProfileName: 'web' }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'Instance Profile web already exists.',
  },
  {
    name: 'add-second-role-error',
    operation: 'AddRoleToInstanceProfile',
    input: () => ({ InstanceProfileName: 'web', RoleName: 'inline-role' }),
    code: 'LimitExceeded',
    status: 409,
    message: () => 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
  },
  {
    name: 'delete-with-role-error',
    operation: 'DeleteInstanceProfile',
    input: () => ({ InstanceProfileName: 'web' }),
    code: 'DeleteConflict',
    status: 409,
    message: () => 'Cannot delete entity, must remove roles from instance profile first.',
  },
  {
    name: 'add-role-nonexistent-profile-error',
    operation: 'AddRoleToInstanceProfile',
    input: () => ({ InstanceProfileName: 'nonexistent-profile', RoleName: 'app' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Instance Profile nonexistent-profile cannot be found.',
  },
  {
    name: 'add-nonexistent-role-error',
    operation: 'AddRoleToInstanceProfile',
    input: () => ({ InstanceProfileName: 'empty-profile', RoleName: 'nonexistent-role' }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'remove-role-nonexistent-profile-error',
    operation: 'RemoveRoleFromInstanceProfile',
    input: () => ({ InstanceProfileName: 'nonexistent-profile', RoleName: 'app' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Instance Profile nonexistent-profile cannot be found.',
  },
  {
    name: 'remove-nonexistent-role-error',
    operation: 'RemoveRoleFromInstanceProfile',
    input: () => ({ InstanceProfileName: 'empty-profile', RoleName: 'nonexistent-role' }),
    ...notFound('role', 'nonexistent-role'),
  },
  {
    name: 'remove-unattached-role-error',
    operation: 'RemoveRoleFromInstanceProfile',
    input: () => ({ InstanceProfileName: 'empty-profile', RoleName: 'app' }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Role app in Instance Profile empty-profile cannot be found.',
  },
  {
    name: 'list-profiles-nonexistent-role-error',
    operation: 'ListInstanceProfilesForRole',
    input: () => ({ RoleName: 'nonexistent-role' }),
    ...notFound('role', 'nonexistent-role'),
  },
  ...(['TagInstanceProfile', 'UntagInstanceProfile', 'ListInstanceProfileTags'] as const).map((operation): Case => ({
    name: `${operation} of a missing profile`,
    operation,
    input: () => ({
      InstanceProfileName: 'nonexistent-profile',
      ...(operation === 'TagInstanceProfile' ? { Tags: [{ Key: 'k', Value: 'v' }] } : {}),
      ...(operation === 'UntagInstanceProfile' ? { TagKeys: ['k'] } : {}),
    }),
    code: 'NoSuchEntity',
    status: 404,
    message: () => 'Instance Profile nonexistent-profile cannot be found.',
  })),
  // test_iam_mfa
  {
    name: 'enable-mfa-nonexistent-user-error',
    operation: 'EnableMFADevice',
    input: (a) => ({
      UserName: 'nonexistent-user',
      SerialNumber: `arn:aws:iam::${a}:mfa/phone`,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
    }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'deactivate-mfa-nonexistent-user-error',
    operation: 'DeactivateMFADevice',
    input: (a) => ({ UserName: 'nonexistent-user', SerialNumber: `arn:aws:iam::${a}:mfa/phone` }),
    ...notFound('user', 'nonexistent-user'),
  },
  {
    name: 'deactivate-nonexistent-mfa-error',
    operation: 'DeactivateMFADevice',
    input: (a) => ({ UserName: 'alice', SerialNumber: `arn:aws:iam::${a}:mfa/nonexistent-mfa` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `MFA Device with serial number arn:aws:iam::${a}:mfa/nonexistent-mfa does not exist.`,
  },
  {
    name: 'create-duplicate-error (virtual MFA)',
    operation: 'CreateVirtualMFADevice',
    input: () => ({ VirtualMFADeviceName: 'phone' }),
    code: 'EntityAlreadyExists',
    status: 409,
    message: () => 'MFA device already exists.',
  },
  {
    name: 'create-invalid-path-no-leading-slash-error',
    operation: 'CreateVirtualMFADevice',
    input: () => ({ VirtualMFADeviceName: 'other', Path: 'test/' }),
    code: 'ValidationError',
    status: 400,
    message: () =>
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  },
  {
    name: 'create-invalid-path-no-trailing-slash-error',
    operation: 'CreateVirtualMFADevice',
    input: () => ({ VirtualMFADeviceName: 'other', Path: '/test' }),
    code: 'ValidationError',
    status: 400,
    message: () =>
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  },
  {
    name: 'create-path-too-long-error',
    operation: 'CreateVirtualMFADevice',
    input: () => ({ VirtualMFADeviceName: 'other', Path: `/${'a'.repeat(511)}/` }),
    code: 'ValidationError',
    status: 400,
    message: () => "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
  },
  {
    name: 'the same path text for CreateUser ([U]: recorded for CreateVirtualMFADevice)',
    operation: 'CreateUser',
    input: () => ({ UserName: 'pathless', Path: 'test' }),
    code: 'ValidationError',
    status: 400,
    message: () =>
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  },
  {
    name: 'delete-nonexistent-error (virtual MFA)',
    operation: 'DeleteVirtualMFADevice',
    input: (a) => ({ SerialNumber: `arn:aws:iam::${a}:mfa/nonexistent-device` }),
    code: 'NoSuchEntity',
    status: 404,
    message: (a) => `MFA Device with serial number arn:aws:iam::${a}:mfa/nonexistent-device does not exist.`,
  },
  {
    name: 'list-invalid-marker-error',
    operation: 'ListVirtualMFADevices',
    input: () => ({ Marker: 'invalid-marker' }),
    code: 'ValidationError',
    status: 400,
    message: () => 'Invalid Marker.',
  },
];

describe('IAM errors recorded from AWS', () => {
  let l: IamLab;
  let account = '';

  before(async () => {
    l = await startIamLab();
    account = l.lab.accountId;
    const call = (operation: string, input: Input): Promise<unknown> => send(l, operation, input);
    for (const user of ['alice', 'attached-user', 'inline-user', 'two-keys']) await call('CreateUser', { UserName: user });
    await call('CreateAccessKey', { UserName: 'two-keys' });
    await call('CreateAccessKey', { UserName: 'two-keys' });
    await call('CreatePolicy', { PolicyName: 'spare', PolicyDocument: DOCUMENT });
    await call('CreatePolicy', { PolicyName: 'attached', PolicyDocument: DOCUMENT });
    const attached = `arn:aws:iam::${account}:policy/attached`;
    await call('AttachUserPolicy', { UserName: 'attached-user', PolicyArn: attached });
    await call('PutUserPolicy', { UserName: 'inline-user', PolicyName: 'p', PolicyDocument: DOCUMENT });
    await call('CreateGroup', { GroupName: 'devs' });
    await call('CreateGroup', { GroupName: 'ops' });
    for (const role of ['app', 'attached-role', 'inline-role']) {
      await call('CreateRole', { RoleName: role, AssumeRolePolicyDocument: TRUST_EC2 });
    }
    await call('AttachRolePolicy', { RoleName: 'attached-role', PolicyArn: attached });
    await call('PutRolePolicy', { RoleName: 'inline-role', PolicyName: 'p', PolicyDocument: DOCUMENT });
    await call('CreateInstanceProfile', { InstanceProfileName: 'web' });
    await call('CreateInstanceProfile', { InstanceProfileName: 'empty-profile' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' });
    await call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone' });
  });
  after(async () => {
    await l.dispose();
  });

  for (const c of CASES) {
    it(`${c.operation}: ${c.name}`, async () => {
      assert.deepEqual(await failure(() => send(l, c.operation, c.input(account))), {
        code: c.code,
        status: c.status,
        message: c.message(account),
      });
    });
  }
});

describe('IAM tags as recorded from AWS (aws-behaviour.md §10.9)', () => {
  let l: IamLab;
  let account = '';

  before(async () => {
    l = await startIamLab();
    account = l.lab.accountId;
  });
  after(async () => {
    await l.dispose();
  });

  const keys = (tags: readonly sdk.Tag[] | undefined): string[] => (tags ?? []).map((t) => t.Key ?? '');

  it('policies keep keys that differ in case apart, list them shorter first, and untag one spelling (test_policy_tag_lifecycle, _operations, _order)', async () => {
    const created = await l.iam.send(
      new sdk.CreatePolicyCommand({
        PolicyName: 'cased',
        PolicyDocument: DOCUMENT,
        Tags: [
          { Key: 'a', Value: 'lowercase' },
          { Key: 'A', Value: 'uppercase' },
        ],
      }),
    );
    assert.deepEqual(keys(created.Policy?.Tags), ['a', 'A']);
    const arn = `arn:aws:iam::${account}:policy/cased`;
    assert.deepEqual(keys((await l.iam.send(new sdk.ListPolicyTagsCommand({ PolicyArn: arn }))).Tags), ['A', 'a']);
    await l.iam.send(new sdk.UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a'] }));
    assert.deepEqual((await l.iam.send(new sdk.ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'A', Value: 'uppercase' }]);

    const ordered = await l.iam.send(
      new sdk.CreatePolicyCommand({
        PolicyName: 'ordered',
        PolicyDocument: DOCUMENT,
        Tags: ['abc', 'b', 'z', 'a'].map((Key) => ({ Key, Value: 'v' })),
      }),
    );
    assert.deepEqual(keys(ordered.Policy?.Tags), ['abc', 'b', 'z', 'a']);
    const listed = await l.iam.send(new sdk.ListPolicyTagsCommand({ PolicyArn: `arn:aws:iam::${account}:policy/ordered` }));
    assert.deepEqual(keys(listed.Tags), ['a', 'b', 'z', 'abc']);
  });

  it('a role tagged past 50 is LimitExceeded with the text AWS uses for tags (tags-limit-error)', async () => {
    await l.iam.send(new sdk.CreateRoleCommand({ RoleName: 'full', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new sdk.TagRoleCommand({ RoleName: 'full', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
    assert.deepEqual(await failure(() => l.iam.send(new sdk.TagRoleCommand({ RoleName: 'full', Tags: [{ Key: 'one-more', Value: 'v' }] }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'The number of tags has reached the maximum limit.',
    });
    // Keys that differ only in case replace each other on roles, so re-tagging K0 stays within 50.
    await l.iam.send(new sdk.TagRoleCommand({ RoleName: 'full', Tags: [{ Key: 'K0', Value: 'w' }] }));
    const tags = (await l.iam.send(new sdk.ListRoleTagsCommand({ RoleName: 'full', MaxItems: 100 }))).Tags ?? [];
    assert.equal(tags.length, 50);
    assert.deepEqual(
      tags.find((t) => t.Key?.toLowerCase() === 'k0'),
      { Key: 'K0', Value: 'w' },
    );
  });
});
