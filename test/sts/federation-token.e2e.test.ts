/**
 * sts:GetFederationToken end to end (aws-behaviour.md §10.5): the answer's members, who may call it, the
 * federated user's identity and permissions (the user's policies ∩ the session policies, nothing without a
 * session policy but what a resource policy grants the session itself), what the session may not call, its
 * lifetime on the virtual clock, session tags, the audit trail, and the AWS CLI and boto3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListUsersCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import type { GetFederationTokenCommandInput } from '@aws-sdk/client-sts';
import { awsCli, awsCliVersion, boto3, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { ACCOUNT, allow, failure, policy, StsLab, trust } from './sts-lab.js';
import type { Keys } from './sts-lab.js';

const BUCKET = 'fed-bucket';
const fedArn = (name: string): string => `arn:aws:sts::${ACCOUNT}:federated-user/${name}`;

describe('GetFederationToken', () => {
  let l: StsLab;
  let proxy: Keys & { arn: string };
  const s3Clients: S3Client[] = [];

  const s3As = (keys: Keys): S3Client => {
    const client = new S3Client({ endpoint: l.lab.endpoint, region: 'us-east-1', credentials: keys, forcePathStyle: true, maxAttempts: 1 });
    s3Clients.push(client);
    return client;
  };

  const federate = async (keys: Keys, input: GetFederationTokenCommandInput) => {
    const out = await l.stsAs(keys).send(new GetFederationTokenCommand(input));
    const c = out.Credentials;
    const session: Keys = { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' };
    return { out, session };
  };

  before(async () => {
    l = await StsLab.start();
    // The proxy user may federate, list and read the bucket, but not write to it.
    proxy = await l.user(
      'token-app',
      policy(allow(['sts:GetFederationToken', 'sts:TagSession', 's3:ListBucket', 's3:GetObject']), allow('iam:ListUsers')),
    );
    await l.iam.send(new TagUserCommand({ UserName: 'token-app', Tags: [{ Key: 'team', Value: 'red' }] }));
    const root = s3As(l.root);
    await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'report.txt', Body: 'numbers' }));
  });
  after(async () => {
    for (const client of s3Clients) client.destroy();
    await l.dispose();
  });

  it('answers Credentials, FederatedUser {FederatedUserId, Arn} and PackedPolicySize; 12 hours by default', async () => {
    const { out, session } = await federate(proxy, { Name: 'Bob' });
    assert.deepEqual(out.FederatedUser, { FederatedUserId: `${ACCOUNT}:Bob`, Arn: fedArn('Bob') });
    assert.equal(out.PackedPolicySize, 0);
    assert.match(session.accessKeyId, /^ASIA/);
    assert.ok(Math.abs((out.Credentials?.Expiration?.getTime() ?? 0) - (l.wallMs + 43_200_000)) < 5000);
    const who = await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Arn, who.UserId, who.Account], [fedArn('Bob'), `${ACCOUNT}:Bob`, ACCOUNT]);
  });

  it('durations: users 900 to 129600 s; root at most an hour, longer requests and the default becoming 3600', async () => {
    const longest = await federate(proxy, { Name: 'Long', DurationSeconds: 129_600 });
    assert.ok(Math.abs((longest.out.Credentials?.Expiration?.getTime() ?? 0) - (l.wallMs + 129_600_000)) < 5000);
    const tooLong = await failure(() => l.stsAs(proxy).send(new GetFederationTokenCommand({ Name: 'Long', DurationSeconds: 129_601 })));
    assert.deepEqual([tooLong.code, tooLong.status], ['ValidationError', 400]);
    const badName = await failure(() => l.stsAs(proxy).send(new GetFederationTokenCommand({ Name: 'B' })));
    assert.deepEqual([badName.code, badName.status], ['ValidationError', 400]);
    for (const DurationSeconds of [7200, undefined]) {
      const root = await federate(l.root, { Name: 'RootFed', ...(DurationSeconds === undefined ? {} : { DurationSeconds }) });
      assert.ok(Math.abs((root.out.Credentials?.Expiration?.getTime() ?? 0) - (l.wallMs + 3_600_000)) < 5000);
    }
  });

  it('needs sts:GetFederationToken on the federated-user ARN, and sts:TagSession to pass tags', async () => {
    const nobody = await l.user('nobody', policy(allow('s3:ListBucket')));
    const denied = await failure(() => l.stsAs(nobody).send(new GetFederationTokenCommand({ Name: 'Bob' })));
    assert.deepEqual([denied.code, denied.status], ['AccessDenied', 403]);
    assert.match(
      denied.message,
      new RegExp(`^User: ${nobody.arn} is not authorized to perform: sts:GetFederationToken on resource: ${fedArn('Bob')}`),
    );
    const onlyAlice = await l.user('only-alice', policy(allow('sts:GetFederationToken', fedArn('Alice'))));
    await federate(onlyAlice, { Name: 'Alice' });
    assert.equal((await failure(() => federate(onlyAlice, { Name: 'Bob' }))).code, 'AccessDenied');
    const tagsDenied = await failure(() => federate(onlyAlice, { Name: 'Alice', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.match(tagsDenied.message, /sts:TagSession/);
  });

  it('session credentials cannot call it: AccessDenied "Cannot call GetFederationToken with session credentials"', async () => {
    const { session } = await federate(proxy, { Name: 'Bob' });
    const again = await failure(() => l.stsAs(session).send(new GetFederationTokenCommand({ Name: 'Carol' })));
    assert.deepEqual(again, { code: 'AccessDenied', status: 403, message: 'Cannot call GetFederationToken with session credentials' });
  });

  it('the session may call neither IAM (InvalidClientTokenId) nor STS beyond GetCallerIdentity', async () => {
    const { session } = await federate(proxy, { Name: 'Bob', Policy: policy(allow('*')) });
    const iam = await failure(() => l.iamAs(session).send(new ListUsersCommand({})));
    assert.deepEqual([iam.code, iam.status, iam.message], ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
    const roleArn = (await l.role('FedTarget', trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }))).arn;
    const assume = await failure(() => l.stsAs(session).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fed-session' })));
    assert.deepEqual([assume.code, assume.status], ['AccessDenied', 403]);
    const sessionToken = await failure(() => l.stsAs(session).send(new GetSessionTokenCommand({})));
    assert.deepEqual([sessionToken.code, sessionToken.message], ['AccessDenied', 'Cannot call GetSessionToken with session credentials']);
  });

  it('permissions: the intersection of the user policies and the session policy', async () => {
    const { out, session } = await federate(proxy, { Name: 'Bob', Policy: policy(allow(['s3:ListBucket', 's3:PutObject'])) });
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const s3 = s3As(session);
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    // The session policy allows PutObject but the user does not; the user allows GetObject but the session does not.
    assert.equal((await failure(() => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'y' })))).code, 'AccessDenied');
    assert.equal((await failure(() => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'report.txt' })))).code, 'AccessDenied');
  });

  it('without a session policy nothing is allowed but what a resource policy grants the federated user itself', async () => {
    const { session } = await federate(proxy, { Name: 'Dave' });
    const s3 = s3As(session);
    assert.equal((await failure(() => s3.send(new ListObjectsV2Command({ Bucket: BUCKET })))).code, 'AccessDenied');
    const bucketPolicy = (principal: string): string =>
      policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` });
    await s3As(l.root).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bucketPolicy(`arn:aws:iam::${ACCOUNT}:root`) }));
    assert.equal((await failure(() => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'report.txt' })))).code, 'AccessDenied');
    await s3As(l.root).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bucketPolicy(fedArn('Dave')) }));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'report.txt' }));
    assert.equal(await object.Body?.transformToString(), 'numbers');
  });

  it('session tags override the user tags in aws:PrincipalTag', async () => {
    const onlyBlue = policy(allow('s3:ListBucket', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }));
    const red = await federate(proxy, { Name: 'Red', Policy: onlyBlue });
    assert.equal((await failure(() => s3As(red.session).send(new ListObjectsV2Command({ Bucket: BUCKET })))).code, 'AccessDenied');
    const blue = await federate(proxy, { Name: 'Blue', Policy: onlyBlue, Tags: [{ Key: 'Team', Value: 'blue' }] });
    await s3As(blue.session).send(new ListObjectsV2Command({ Bucket: BUCKET }));
  });

  it('expires on the virtual clock, and the audit trail names the federated user', async () => {
    const { session } = await federate(proxy, { Name: 'Eve', DurationSeconds: 900 });
    const who = await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    const response = await fetch(`${l.lab.endpoint}/_iamlab/events?request-id=${who.$metadata.requestId ?? ''}`);
    const { events } = (await response.json()) as { events: { principalArn: string | null; accessKeyId: string | null }[] };
    assert.deepEqual([events[0]?.principalArn, events[0]?.accessKeyId], [fedArn('Eve'), session.accessKeyId]);
    l.lab.clock.advance(901_000);
    const expired = await failure(() => l.stsAs(session).send(new GetCallerIdentityCommand({})));
    assert.deepEqual([expired.code, expired.status], ['ExpiredToken', 403]);
  });

  it('aws sts get-federation-token, then get-caller-identity with what it answered', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(l.lab.endpoint, proxy, ['sts', 'get-federation-token', '--name', 'cli-user', '--duration-seconds', '900']);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      FederatedUser: { Arn: string; FederatedUserId: string };
      PackedPolicySize: number;
    };
    assert.deepEqual([out.FederatedUser, out.PackedPolicySize], [{ FederatedUserId: `${ACCOUNT}:cli-user`, Arn: fedArn('cli-user') }, 0]);
    const keys = {
      accessKeyId: out.Credentials.AccessKeyId,
      secretAccessKey: out.Credentials.SecretAccessKey,
      sessionToken: out.Credentials.SessionToken,
    };
    const who = await awsCli(l.lab.endpoint, keys, ['sts', 'get-caller-identity']);
    assert.equal(who.code, 0, who.stderr);
    assert.deepEqual(JSON.parse(who.stdout), { UserId: `${ACCOUNT}:cli-user`, Account: ACCOUNT, Arn: fedArn('cli-user') });
  });

  it('boto3: get_federation_token with a policy, the session lists the bucket and is refused by IAM', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const script = `
import boto3, json
sts = boto3.client('sts', endpoint_url=ENDPOINT, region_name='us-east-1')
out = sts.get_federation_token(Name='py-user', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:ListBucket', 'Resource': '*'}]}))
c = out['Credentials']
keys = dict(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
s3 = boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', **keys)
listed = [o['Key'] for o in s3.list_objects_v2(Bucket=${JSON.stringify(BUCKET)}).get('Contents', [])]
iam = boto3.client('iam', endpoint_url=ENDPOINT, region_name='us-east-1', **keys)
try:
    iam.list_users()
    code = None
except Exception as e:
    code = e.response['Error']['Code']
print(json.dumps({'user': out['FederatedUser'], 'listed': listed, 'iam': code}))
`;
    const result = await boto3(python, l.lab.endpoint, proxy, script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      user: { FederatedUserId: `${ACCOUNT}:py-user`, Arn: fedArn('py-user') },
      listed: ['report.txt'],
      iam: 'InvalidClientTokenId',
    });
  });
});
