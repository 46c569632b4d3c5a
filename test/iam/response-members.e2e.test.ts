/**
 * Each IAM and STS operation answers with exactly the members AWS sends (aws-behaviour.md §10.1), checked on
 * the wire: the child elements of the result (or of the entity inside it) as the lab wrote them, compared
 * as sets with the members of answers recorded from AWS (LocalStack's snapshots, AWS's API references).
 * One case per operation, named after it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedPost } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';
import { selfSigned } from './test-certificates.js';

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const TRUST_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

/** The body of the first `<name>…</name>` (or `''` for `<name/>`), undefined when absent. */
function elementBody(xml: string, name: string): string | undefined {
  const open = new RegExp(`<${name}(/?)>`).exec(xml);
  if (open === null) return undefined;
  if (open[1] === '/') return '';
  const start = open.index + open[0].length;
  let depth = 1;
  const tag = new RegExp(`<(/?)${name}(/?)>`, 'g');
  tag.lastIndex = start;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (m[2] === '/') continue;
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return xml.slice(start, m.index);
  }
  return undefined;
}

/** The names of the direct child elements of `body`, sorted. */
function childNames(body: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z]+)(\/?)>/g)) {
    if (m[3] === '/') {
      if (depth === 0) names.push(m[2] ?? '');
      continue;
    }
    if (m[1] === '/') depth -= 1;
    else {
      if (depth === 0) names.push(m[2] ?? '');
      depth += 1;
    }
  }
  return names.sort();
}

const sorted = (...names: string[]): string[] => [...names].sort();

const ROLE_BASE = ['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument'];
const PROFILE_BASE = ['Path', 'InstanceProfileName', 'InstanceProfileId', 'Arn', 'CreateDate', 'Roles'];
const POLICY_BASE = [
  'PolicyName',
  'PolicyId',
  'Arn',
  'Path',
  'DefaultVersionId',
  'AttachmentCount',
  'PermissionsBoundaryUsageCount',
  'IsAttachable',
  'CreateDate',
  'UpdateDate',
];
const USER_BASE = ['Path', 'UserName', 'UserId', 'Arn', 'CreateDate'];

describe('response members per operation, as AWS sends them', () => {
  let lab: TestLab;
  let root: Keys;
  let boundaryArn: string;
  let caller: Keys;
  let roleArn: string;

  const call = async (service: 'iam' | 'sts', params: Record<string, string>, keys: Keys = root): Promise<string> => {
    const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
    const body = new URLSearchParams({ ...params, Version: version }).toString();
    const response = await signedPost({ endpoint: lab.endpoint, service, body, ...keys });
    assert.equal(response.status, 200, `${params['Action'] ?? ''}: ${response.text}`);
    return response.text;
  };
  /** The child elements of `element` inside the `<Action>Result>` of the answer. */
  const members = async (service: 'iam' | 'sts', params: Record<string, string>, element?: string, keys?: Keys): Promise<string[]> => {
    const xml = await call(service, params, keys);
    const result = elementBody(xml, `${params['Action'] ?? ''}Result`) ?? '';
    return childNames(element === undefined ? result : (elementBody(result, element) ?? ''));
  };

  before(async () => {
    lab = await startTestLab();
    root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    const created = await call('iam', { Action: 'CreatePolicy', PolicyName: 'bound', PolicyDocument: DOCUMENT });
    boundaryArn = elementBody(created, 'Arn') ?? '';
    await call('iam', { Action: 'CreateUser', UserName: 'caller' });
    const key = await call('iam', { Action: 'CreateAccessKey', UserName: 'caller' });
    caller = { accessKeyId: elementBody(key, 'AccessKeyId') ?? '', secretAccessKey: elementBody(key, 'SecretAccessKey') ?? '' };
    await call('iam', {
      Action: 'PutUserPolicy',
      UserName: 'caller',
      PolicyName: 'assume',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }),
    });
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:user/caller' },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        },
      ],
    });
    const role = await call('iam', { Action: 'CreateRole', RoleName: 'target', AssumeRolePolicyDocument: trust });
    roleArn = elementBody(role, 'Arn') ?? '';
  });
  after(async () => {
    await lab.dispose();
  });

  it('CreateRole', async () => {
    // No Description, MaxSessionDuration or RoleLastUsed even when given; boundary and tags when given.
    const plain = await members('iam', { Action: 'CreateRole', RoleName: 'r1', AssumeRolePolicyDocument: TRUST_EC2, Description: 'd' }, 'Role');
    assert.deepEqual(plain, sorted(...ROLE_BASE));
    const full = await members(
      'iam',
      {
        Action: 'CreateRole',
        RoleName: 'r2',
        AssumeRolePolicyDocument: TRUST_EC2,
        Description: 'd',
        MaxSessionDuration: '7200',
        PermissionsBoundary: boundaryArn,
        'Tags.member.1.Key': 'k',
        'Tags.member.1.Value': 'v',
      },
      'Role',
    );
    assert.deepEqual(full, sorted(...ROLE_BASE, 'PermissionsBoundary', 'Tags'));
  });

  it('GetRole', async () => {
    assert.deepEqual(
      await members('iam', { Action: 'GetRole', RoleName: 'r1' }, 'Role'),
      sorted(...ROLE_BASE, 'Description', 'MaxSessionDuration', 'RoleLastUsed'),
    );
    const xml = await call('iam', { Action: 'GetRole', RoleName: 'r2' });
    assert.deepEqual(
      childNames(elementBody(xml, 'Role') ?? ''),
      sorted(...ROLE_BASE, 'Description', 'MaxSessionDuration', 'PermissionsBoundary', 'Tags', 'RoleLastUsed'),
    );
    // AWS writes the boundary type `Policy`, not the model's `PermissionsBoundaryPolicy`.
    assert.equal(elementBody(xml, 'PermissionsBoundaryType'), 'Policy');
    // The trust policy is URL-encoded JSON.
    assert.equal(elementBody(xml, 'AssumeRolePolicyDocument'), encodeURIComponent(TRUST_EC2));
  });

  it('ListRoles', async () => {
    const xml = await call('iam', { Action: 'ListRoles', PathPrefix: '/' });
    assert.deepEqual(childNames(elementBody(xml, 'ListRolesResult') ?? ''), ['IsTruncated', 'Roles']);
    // Description and MaxSessionDuration; no boundary, tags or RoleLastUsed, whatever the role has (r2 has both).
    const roles = (elementBody(xml, 'Roles') ?? '').split('</member>').filter((m) => m.includes('<RoleId>'));
    assert.equal(roles.length, 3);
    for (const role of roles) {
      const names = childNames(role.replace(/^<member>/, ''));
      const described = names.includes('Description') ? ['Description'] : [];
      assert.deepEqual(names, sorted(...ROLE_BASE, ...described, 'MaxSessionDuration'));
    }
    const truncated = await call('iam', { Action: 'ListRoles', MaxItems: '1' });
    assert.deepEqual(childNames(elementBody(truncated, 'ListRolesResult') ?? ''), ['IsTruncated', 'Marker', 'Roles']);
    assert.equal(elementBody(truncated, 'IsTruncated'), 'true');
  });

  it('UpdateRoleDescription', async () => {
    const role = await members('iam', { Action: 'UpdateRoleDescription', RoleName: 'r2', Description: 'new' }, 'Role');
    assert.deepEqual(role, sorted(...ROLE_BASE, 'Description', 'PermissionsBoundary', 'Tags'));
  });

  it('CreateInstanceProfile', async () => {
    assert.deepEqual(
      await members('iam', { Action: 'CreateInstanceProfile', InstanceProfileName: 'ip' }, 'InstanceProfile'),
      sorted(...PROFILE_BASE),
    );
    const tagged = await members(
      'iam',
      { Action: 'CreateInstanceProfile', InstanceProfileName: 'ip2', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' },
      'InstanceProfile',
    );
    assert.deepEqual(tagged, sorted(...PROFILE_BASE, 'Tags'));
  });

  it('GetInstanceProfile', async () => {
    // `Tags` always, empty as `<Tags/>`.
    const xml = await call('iam', { Action: 'GetInstanceProfile', InstanceProfileName: 'ip' });
    assert.deepEqual(childNames(elementBody(xml, 'InstanceProfile') ?? ''), sorted(...PROFILE_BASE, 'Tags'));
    assert.equal(elementBody(xml, 'Tags'), '');
  });

  it('ListInstanceProfiles', async () => {
    const xml = await call('iam', { Action: 'ListInstanceProfiles' });
    for (const member of (elementBody(xml, 'InstanceProfiles') ?? '').split('</member>').filter((m) => m.includes('InstanceProfileId'))) {
      assert.deepEqual(childNames(member.replace(/^<member>/, '')), sorted(...PROFILE_BASE));
    }
  });

  it('CreatePolicy', async () => {
    const policy = await members(
      'iam',
      {
        Action: 'CreatePolicy',
        PolicyName: 'tagged',
        PolicyDocument: DOCUMENT,
        Description: 'd',
        'Tags.member.1.Key': 'k',
        'Tags.member.1.Value': 'v',
      },
      'Policy',
    );
    assert.deepEqual(policy, sorted(...POLICY_BASE, 'Tags'));
    assert.deepEqual(
      await members('iam', { Action: 'CreatePolicy', PolicyName: 'plain', PolicyDocument: DOCUMENT }, 'Policy'),
      sorted(...POLICY_BASE),
    );
  });

  it('GetPolicy', async () => {
    const tagged = await members('iam', { Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::123456789012:policy/tagged' }, 'Policy');
    assert.deepEqual(tagged, sorted(...POLICY_BASE, 'Description', 'Tags'));
    const plain = await call('iam', { Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::123456789012:policy/plain' });
    assert.deepEqual(childNames(elementBody(plain, 'Policy') ?? ''), sorted(...POLICY_BASE, 'Tags'));
    assert.equal(elementBody(plain, 'Tags'), '');
  });

  it('ListPolicies', async () => {
    const xml = await call('iam', { Action: 'ListPolicies', Scope: 'Local' });
    const first = elementBody(elementBody(xml, 'Policies') ?? '', 'member') ?? '';
    assert.deepEqual(childNames(first), sorted(...POLICY_BASE));
  });

  it('CreateUser', async () => {
    assert.deepEqual(await members('iam', { Action: 'CreateUser', UserName: 'u1' }, 'User'), sorted(...USER_BASE));
    const tagged = await members('iam', { Action: 'CreateUser', UserName: 'u2', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }, 'User');
    assert.deepEqual(tagged, sorted(...USER_BASE, 'Tags'));
  });

  it('GetUser', async () => {
    assert.deepEqual(await members('iam', { Action: 'GetUser', UserName: 'u1' }, 'User'), sorted(...USER_BASE));
    // The root has no name and no path.
    assert.deepEqual(await members('iam', { Action: 'GetUser' }, 'User'), ['Arn', 'CreateDate', 'UserId']);
  });

  it('CreateAccessKey', async () => {
    const key = await members('iam', { Action: 'CreateAccessKey', UserName: 'u1' }, 'AccessKey');
    assert.deepEqual(key, sorted('UserName', 'AccessKeyId', 'Status', 'SecretAccessKey', 'CreateDate'));
  });

  it('CreateLoginProfile', async () => {
    // All three members, PasswordResetRequired even when left out [O: LS-SNAP test_login_profile_lifecycle].
    const profile = await members('iam', { Action: 'CreateLoginProfile', UserName: 'u1', Password: 'TestPassword123!' }, 'LoginProfile');
    assert.deepEqual(profile, sorted('UserName', 'CreateDate', 'PasswordResetRequired'));
  });

  it('GetLoginProfile', async () => {
    const xml = await call('iam', { Action: 'GetLoginProfile', UserName: 'u1' });
    assert.deepEqual(childNames(elementBody(xml, 'LoginProfile') ?? ''), sorted('UserName', 'CreateDate', 'PasswordResetRequired'));
    assert.equal(elementBody(xml, 'PasswordResetRequired'), 'false');
  });

  it('GetAccountPasswordPolicy', async () => {
    await call('iam', { Action: 'UpdateAccountPasswordPolicy', MinimumPasswordLength: '8' });
    const policy = await members('iam', { Action: 'GetAccountPasswordPolicy' }, 'PasswordPolicy');
    assert.deepEqual(
      policy,
      sorted(
        'MinimumPasswordLength',
        'RequireSymbols',
        'RequireNumbers',
        'RequireUppercaseCharacters',
        'RequireLowercaseCharacters',
        'AllowUsersToChangePassword',
        'ExpirePasswords',
      ),
    );
    await call('iam', { Action: 'DeleteAccountPasswordPolicy' });
  });

  it('ListAccountAliases', async () => {
    // `AccountAliases` even when empty, and `IsTruncated` (IAM-MODEL).
    const xml = await call('iam', { Action: 'ListAccountAliases' });
    assert.deepEqual(childNames(elementBody(xml, 'ListAccountAliasesResult') ?? ''), ['AccountAliases', 'IsTruncated']);
    assert.equal(elementBody(xml, 'AccountAliases'), '');
  });

  it('CreateServiceLinkedRole', async () => {
    // As CreateRole's, Description left out even when given (the AWS CLI's example answer).
    const role = await members('iam', { Action: 'CreateServiceLinkedRole', AWSServiceName: 'batch.amazonaws.com', Description: 'd' }, 'Role');
    assert.deepEqual(role, sorted(...ROLE_BASE));
  });

  it('DeleteServiceLinkedRole', async () => {
    const xml = await call('iam', { Action: 'DeleteServiceLinkedRole', RoleName: 'AWSServiceRoleForBatch' });
    assert.deepEqual(childNames(elementBody(xml, 'DeleteServiceLinkedRoleResult') ?? ''), ['DeletionTaskId']);
  });

  it('GetServiceLinkedRoleDeletionStatus', async () => {
    await call('iam', { Action: 'CreateServiceLinkedRole', AWSServiceName: 'acm.amazonaws.com' });
    const deleted = await call('iam', { Action: 'DeleteServiceLinkedRole', RoleName: 'AWSServiceRoleForCertificateManager' });
    const taskId = elementBody(deleted, 'DeletionTaskId') ?? '';
    // `Status` alone: no `Reason` unless the task failed [R: LS-IAM test_service_role_deletion].
    assert.deepEqual(await members('iam', { Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: taskId }), ['Status']);
  });

  it('GetAccountAuthorizationDetails', async () => {
    // The four lists always, empty as `<…/>`, and `IsTruncated`.
    const result = await members('iam', { Action: 'GetAccountAuthorizationDetails', 'Filter.member.1': 'Group' });
    assert.deepEqual(result, sorted('UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'IsTruncated'));
  });

  it('ListPoliciesGrantingServiceAccess', async () => {
    const params = { Action: 'ListPoliciesGrantingServiceAccess', Arn: 'arn:aws:iam::123456789012:user/caller', 'ServiceNamespaces.member.1': 'sts' };
    const xml = await call('iam', params);
    assert.deepEqual(childNames(elementBody(xml, 'ListPoliciesGrantingServiceAccessResult') ?? ''), ['IsTruncated', 'PoliciesGrantingServiceAccess']);
    // An inline policy names its owner and has no ARN (IAM-MODEL).
    assert.deepEqual(
      childNames(elementBody(elementBody(xml, 'Policies') ?? '', 'member') ?? ''),
      sorted('PolicyName', 'PolicyType', 'EntityType', 'EntityName'),
    );
  });

  it('UploadServerCertificate, GetServerCertificate, ListServerCertificates', async () => {
    // All six metadata members everywhere; Tags on Get always (`<Tags/>`), on Upload only when given (§12.2).
    const metadata = sorted('Path', 'ServerCertificateName', 'ServerCertificateId', 'Arn', 'UploadDate', 'Expiration');
    const { certificate, key } = selfSigned(Date.now());
    const upload = await call('iam', {
      Action: 'UploadServerCertificate',
      ServerCertificateName: 'sc',
      CertificateBody: certificate,
      PrivateKey: key,
    });
    assert.deepEqual(childNames(elementBody(upload, 'UploadServerCertificateResult') ?? ''), ['ServerCertificateMetadata']);
    assert.deepEqual(childNames(elementBody(upload, 'ServerCertificateMetadata') ?? ''), metadata);
    const got = await call('iam', { Action: 'GetServerCertificate', ServerCertificateName: 'sc' });
    assert.deepEqual(childNames(elementBody(got, 'ServerCertificate') ?? ''), ['CertificateBody', 'ServerCertificateMetadata', 'Tags']);
    assert.equal(elementBody(got, 'Tags'), '');
    const listed = await call('iam', { Action: 'ListServerCertificates' });
    assert.deepEqual(childNames(elementBody(listed, 'ListServerCertificatesResult') ?? ''), ['IsTruncated', 'ServerCertificateMetadataList']);
    assert.deepEqual(childNames(elementBody(elementBody(listed, 'ServerCertificateMetadataList') ?? '', 'member') ?? ''), metadata);
  });

  it('CreateServiceSpecificCredential, ListServiceSpecificCredentials', async () => {
    // [R: LS-SNAP test_service_specific_credential_lifecycle] — and no IsTruncated in an untruncated list.
    const created = await members(
      'iam',
      { Action: 'CreateServiceSpecificCredential', UserName: 'u1', ServiceName: 'codecommit.amazonaws.com' },
      'ServiceSpecificCredential',
    );
    const base = ['CreateDate', 'ServiceName', 'ServiceSpecificCredentialId', 'ServiceUserName', 'Status', 'UserName'];
    assert.deepEqual(created, sorted(...base, 'ServicePassword'));
    const listed = await call('iam', { Action: 'ListServiceSpecificCredentials', UserName: 'u1' });
    assert.deepEqual(childNames(elementBody(listed, 'ListServiceSpecificCredentialsResult') ?? ''), ['ServiceSpecificCredentials']);
    assert.deepEqual(childNames(elementBody(elementBody(listed, 'ServiceSpecificCredentials') ?? '', 'member') ?? ''), sorted(...base));
  });

  it('AssumeRole', async () => {
    const plain = await members('sts', { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'sess' }, undefined, caller);
    assert.deepEqual(plain, ['AssumedRoleUser', 'Credentials']);
    // PackedPolicySize only when session policies or tags are passed, SourceIdentity only when given.
    const tagged = await members(
      'sts',
      { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'sess', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v', SourceIdentity: 'me' },
      undefined,
      caller,
    );
    assert.deepEqual(tagged, ['AssumedRoleUser', 'Credentials', 'PackedPolicySize', 'SourceIdentity']);
  });

  it('GetSessionToken', async () => {
    assert.deepEqual(await members('sts', { Action: 'GetSessionToken' }, undefined, caller), ['Credentials']);
  });

  it('GetCallerIdentity', async () => {
    assert.deepEqual(await members('sts', { Action: 'GetCallerIdentity' }, undefined, caller), ['Account', 'Arn', 'UserId']);
  });

  // The usage answers: members as the IAM API reference's sample responses show them (aws-iam-s3-more.md §A1).
  it('GetAccessKeyLastUsed', async () => {
    const fresh = await call('iam', { Action: 'CreateAccessKey', UserName: 'caller' });
    const unused = elementBody(fresh, 'AccessKeyId') ?? '';
    assert.deepEqual(await members('iam', { Action: 'GetAccessKeyLastUsed', AccessKeyId: unused }), ['AccessKeyLastUsed', 'UserName']);
    assert.deepEqual(await members('iam', { Action: 'GetAccessKeyLastUsed', AccessKeyId: unused }, 'AccessKeyLastUsed'), ['Region', 'ServiceName']);
    assert.deepEqual(
      await members('iam', { Action: 'GetAccessKeyLastUsed', AccessKeyId: caller.accessKeyId }, 'AccessKeyLastUsed'),
      sorted('LastUsedDate', 'ServiceName', 'Region'),
    );
  });

  it('GenerateCredentialReport', async () => {
    assert.deepEqual(await members('iam', { Action: 'GenerateCredentialReport' }), ['Description', 'State']);
    assert.deepEqual(await members('iam', { Action: 'GenerateCredentialReport' }), ['State']);
  });

  it('GetCredentialReport', async () => {
    await call('iam', { Action: 'GenerateCredentialReport' });
    assert.deepEqual(await members('iam', { Action: 'GetCredentialReport' }), sorted('Content', 'ReportFormat', 'GeneratedTime'));
  });

  it('GetServiceLastAccessedDetails', async () => {
    const job = await call('iam', { Action: 'GenerateServiceLastAccessedDetails', Arn: 'arn:aws:iam::123456789012:user/caller' });
    const jobId = elementBody(job, 'JobId') ?? '';
    assert.deepEqual(
      await members('iam', { Action: 'GetServiceLastAccessedDetails', JobId: jobId }),
      sorted('JobStatus', 'JobType', 'JobCreationDate', 'ServicesLastAccessed', 'JobCompletionDate', 'IsTruncated'),
    );
    assert.deepEqual(
      await members('iam', { Action: 'GetServiceLastAccessedDetailsWithEntities', JobId: jobId, ServiceNamespace: 'sts' }),
      sorted('JobStatus', 'JobCreationDate', 'JobCompletionDate', 'EntityDetailsList', 'IsTruncated'),
    );
  });
});
