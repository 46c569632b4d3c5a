/**
 * Service-specific credentials as AWS answers them (aws-behaviour.md §12.2): the answers and errors LocalStack
 * recorded from AWS in March 2025 (test_iam.py TestIAMServiceSpecificCredentials), the AWS CLI's examples, the
 * Bedrock API keys of 2025 with their expiry on the lab's clock, and the condition keys of the actions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  ListServiceSpecificCredentialsCommand,
  PutUserPolicyCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { signedPost } from '../support/sign.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const DAY_MS = 86_400_000;
const CODECOMMIT = 'codecommit.amazonaws.com';

describe('service-specific credentials', () => {
  let l: IamLab;
  let iam: IAMClient;

  before(async () => {
    l = await startIamLab();
    iam = l.iam;
    await iam.send(new CreateUserCommand({ UserName: 'jane' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  });
  after(async () => {
    await l.dispose();
  });

  /** The child element names of the first `<member>` of a raw List answer. */
  const rawListMembers = async (params: Record<string, string>): Promise<{ result: string[]; member: string[] }> => {
    const body = new URLSearchParams({ Action: 'ListServiceSpecificCredentials', Version: '2010-05-08', ...params }).toString();
    const response = await signedPost({ endpoint: l.lab.endpoint, service: 'iam', body, ...l.root });
    const result = /<ListServiceSpecificCredentialsResult>([\s\S]*)<\/ListServiceSpecificCredentialsResult>/.exec(response.text)?.[1] ?? '';
    const top = [
      ...result
        .replace(/<ServiceSpecificCredentials>[\s\S]*<\/ServiceSpecificCredentials>/, '<ServiceSpecificCredentials/>')
        .matchAll(/<([A-Za-z]+)\/?>/g),
    ].map((m) => m[1] ?? '');
    const member = /<member>([\s\S]*?)<\/member>/.exec(result)?.[1] ?? '';
    return { result: top.sort(), member: [...member.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1] ?? '').sort() };
  };

  it('the recorded lifecycle: create, list, update, reset keeping the status, delete', async () => {
    const created = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: CODECOMMIT })))
      .ServiceSpecificCredential;
    assert.equal(created?.ServiceUserName, `jane-at-${ACCOUNT}`);
    assert.match(created?.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.match(created?.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
    assert.deepEqual([created?.UserName, created?.ServiceName, created?.Status], ['jane', CODECOMMIT, 'Active']);
    assert.deepEqual(Object.keys(created ?? {}).sort(), [
      'CreateDate',
      'ServiceName',
      'ServicePassword',
      'ServiceSpecificCredentialId',
      'ServiceUserName',
      'Status',
      'UserName',
    ]);
    const id = created?.ServiceSpecificCredentialId ?? '';

    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: CODECOMMIT }));
    assert.deepEqual(listed.ServiceSpecificCredentials, [
      {
        CreateDate: created?.CreateDate,
        ServiceName: CODECOMMIT,
        ServiceSpecificCredentialId: id,
        ServiceUserName: `jane-at-${ACCOUNT}`,
        Status: 'Active',
        UserName: 'jane',
      },
    ]);
    // No IsTruncated in an answer that is not truncated, as recorded.
    assert.deepEqual(await rawListMembers({ UserName: 'jane' }), {
      result: ['ServiceSpecificCredentials'],
      member: ['CreateDate', 'ServiceName', 'ServiceSpecificCredentialId', 'ServiceUserName', 'Status', 'UserName'],
    });

    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
    const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id })))
      .ServiceSpecificCredential;
    assert.equal(reset?.Status, 'Inactive');
    assert.notEqual(reset?.ServicePassword, created?.ServicePassword);
    assert.match(reset?.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id }));
    assert.deepEqual((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane' }))).ServiceSpecificCredentials, []);
  });

  it('the recorded errors: unknown user before unknown service, unsupported services, bad and unknown ids, bad status', async () => {
    const noUser = { code: 'NoSuchEntity', status: 404, message: 'The user with name non-existent-user cannot be found.' };
    assert.deepEqual(
      await failure(() => iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'non-existent-user', ServiceName: CODECOMMIT }))),
      noUser,
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'non-existent-user', ServiceName: 'nonexistentservice.amazonaws.com' })),
      ),
      noUser,
    );
    for (const service of ['nonexistentservice.amazonaws.com', 'o3on3n3onosneo', 'lambda.amazonaws.com']) {
      assert.deepEqual(await failure(() => iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: service }))), {
        code: 'NoSuchEntity',
        status: 404,
        message: `No such service ${service} is supported for Service Specific Credentials`,
      });
    }
    assert.equal(
      (
        await failure(() =>
          iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'nonexistentservice.amazonaws.com' })),
        )
      ).message,
      'No such service nonexistentservice.amazonaws.com is supported for Service Specific Credentials',
    );

    const id = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: CODECOMMIT }))).ServiceSpecificCredential
      ?.ServiceSpecificCredentialId;
    const badId = {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value at 'serviceSpecificCredentialId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+",
    };
    const unknown = { code: 'NoSuchEntity', status: 404, message: 'No such credential satisfiesregexbutstillinvalid exists' };
    const wrongUser = { code: 'NoSuchEntity', status: 404, message: 'The user with name wrong-user-name cannot be found.' };
    for (const [credentialId, userName, expected] of [
      ['totally-wrong-credential-id-with-hyphens', 'jane', badId],
      ['satisfiesregexbutstillinvalid', 'jane', unknown],
      [id, 'wrong-user-name', wrongUser],
    ] as const) {
      const input = { UserName: userName, ServiceSpecificCredentialId: credentialId };
      assert.deepEqual(await failure(() => iam.send(new UpdateServiceSpecificCredentialCommand({ ...input, Status: 'Inactive' }))), expected);
      assert.deepEqual(await failure(() => iam.send(new ResetServiceSpecificCredentialCommand(input))), expected);
      assert.deepEqual(await failure(() => iam.send(new DeleteServiceSpecificCredentialCommand(input))), expected);
    }
    // Another user's credential is as unknown.
    assert.deepEqual(
      await failure(() => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id }))),
      {
        code: 'NoSuchEntity',
        status: 404,
        message: `No such credential ${id ?? ''} exists`,
      },
    );
    const body = new URLSearchParams({
      Action: 'UpdateServiceSpecificCredential',
      Version: '2010-05-08',
      UserName: 'jane',
      ServiceSpecificCredentialId: id ?? '',
      Status: 'Invalid',
    }).toString();
    const response = await signedPost({ endpoint: l.lab.endpoint, service: 'iam', body, ...l.root });
    assert.equal(response.status, 400);
    assert.ok(
      response.text.includes(
        '<Message>1 validation error detected: Value at &apos;status&apos; failed to satisfy constraint: Member must satisfy enum value set</Message>',
      ),
      response.text,
    );
  });

  it('two per user and service: the second is <user>+1-at-<account>, a third is refused, another service is apart', async () => {
    const first = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: CODECOMMIT }));
    const second = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: CODECOMMIT }));
    assert.deepEqual(
      [first.ServiceSpecificCredential?.ServiceUserName, second.ServiceSpecificCredential?.ServiceUserName],
      [`bob-at-${ACCOUNT}`, `bob+1-at-${ACCOUNT}`],
    );
    assert.deepEqual(await failure(() => iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: CODECOMMIT }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
    });
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' }));
    const byService = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' }));
    assert.equal(byService.ServiceSpecificCredentials?.length, 1);
    // A service without credentials is an empty list (recorded).
    assert.deepEqual(
      (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'cassandra.amazonaws.com' })))
        .ServiceSpecificCredentials,
      [],
    );
    // AllUsers lists everyone's, and pages.
    const all = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: CODECOMMIT }));
    assert.deepEqual(all.ServiceSpecificCredentials?.map((c) => c.UserName).sort(), ['bob', 'bob', 'jane']);
    const page = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 2 }));
    assert.equal(page.IsTruncated, true);
    const rest = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, Marker: page.Marker }));
    assert.equal((page.ServiceSpecificCredentials?.length ?? 0) + (rest.ServiceSpecificCredentials?.length ?? 0), 4);
    assert.equal(
      (await failure(() => iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: 'bob' })))).code,
      'ValidationError',
    );
  });

  it('Bedrock API keys: an alias and an ABSK secret instead of a user name and password, expiring on the lab clock', async () => {
    const created = (
      await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 1 }))
    ).ServiceSpecificCredential;
    assert.equal(created?.ServiceCredentialAlias, `jane-at-${ACCOUNT}`);
    assert.match(created?.ServiceCredentialSecret ?? '', /^ABSK[A-Za-z0-9+/=]+$/);
    assert.equal(created?.ServiceUserName, undefined);
    assert.equal(created?.ServicePassword, undefined);
    assert.equal((created?.ExpirationDate?.getTime() ?? 0) - (created?.CreateDate?.getTime() ?? 0), DAY_MS);
    const listed = async (): Promise<string | undefined> =>
      (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'bedrock.amazonaws.com' })))
        .ServiceSpecificCredentials?.[0]?.Status;
    assert.equal(await listed(), 'Active');
    l.lab.clock.advance(DAY_MS + 1000);
    assert.equal(await listed(), 'Expired');
    // CloudWatch Logs keys exist too; CredentialAgeDays is for API keys only.
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'logs.amazonaws.com' }));
    assert.equal(
      (
        await failure(() =>
          iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'cassandra.amazonaws.com', CredentialAgeDays: 5 })),
        )
      ).code,
      'ValidationError',
    );
  });

  it('iam:ServiceSpecificCredentialServiceName decides which services a user may make credentials for', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'limited' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'limited',
        PolicyName: 'git-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential'],
              Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
              Condition: { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': CODECOMMIT } },
            },
            { Effect: 'Allow', Action: 'iam:ListServiceSpecificCredentials', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'limited' }))).AccessKey;
    const limited = l.client({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    try {
      const git = await limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'limited', ServiceName: CODECOMMIT }));
      await limited.send(
        new ResetServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: git.ServiceSpecificCredential?.ServiceSpecificCredentialId }),
      );
      const denied = await failure(() =>
        limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'limited', ServiceName: 'bedrock.amazonaws.com' })),
      );
      assert.equal(denied.code, 'AccessDenied');
      assert.match(denied.message, new RegExp(`iam:CreateServiceSpecificCredential on resource: arn:aws:iam::${ACCOUNT}:user/limited`));
      // Without UserName the caller's own; AllUsers needs the permission on every user.
      assert.equal((await limited.send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials?.length, 1);
      assert.equal((await failure(() => limited.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true })))).code, 'AccessDenied');
    } finally {
      limited.destroy();
    }
  });
});
