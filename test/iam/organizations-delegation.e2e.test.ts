/**
 * The operations a standalone account cannot use (aws-federation.md §7.2, §7.3; docs/aws-behaviour.md §11.3):
 * centralized root access answers `OrganizationNotFoundException` (the shape name as wire code, 400), delegation
 * requests are unknown by id and the list is empty with the model's lower-case `isTruncated`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptDelegationRequestCommand,
  AssociateDelegationRequestCommand,
  CreateAccessKeyCommand,
  CreateDelegationRequestCommand,
  CreateUserCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GetDelegationRequestCommand,
  ListDelegationRequestsCommand,
  ListOrganizationsFeaturesCommand,
  OrganizationNotFoundException,
  RejectDelegationRequestCommand,
  SendDelegationTokenCommand,
  UpdateDelegationRequestCommand,
} from '@aws-sdk/client-iam';
import { signedPost, xmlText } from '../support/sign.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const NO_ORGANIZATION = 'The request was rejected because no organization is associated with your account.';
const ID = 'dr-0123456789abcdef';

describe('centralized root access and delegation requests in a standalone account', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(() => l.dispose());

  it('the four Enable/Disable operations and ListOrganizationsFeatures answer 400 OrganizationNotFoundException', async () => {
    const commands = [
      new EnableOrganizationsRootCredentialsManagementCommand({}),
      new DisableOrganizationsRootCredentialsManagementCommand({}),
      new EnableOrganizationsRootSessionsCommand({}),
      new DisableOrganizationsRootSessionsCommand({}),
      new ListOrganizationsFeaturesCommand({}),
    ];
    for (const command of commands) {
      const error = await l.iam.send(command as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof OrganizationNotFoundException, command.constructor.name);
      assert.deepEqual([error.name, error.$metadata.httpStatusCode, error.message], ['OrganizationNotFoundException', 400, NO_ORGANIZATION]);
    }
    // On the wire: the shape name is the code, in the usual envelope.
    const raw = await signedPost({
      endpoint: l.lab.endpoint,
      service: 'iam',
      body: 'Action=EnableOrganizationsRootSessions&Version=2010-05-08',
      ...l.root,
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(
      ['Type', 'Code', 'Message'].map((e) => xmlText(raw.text, e)),
      ['Sender', 'OrganizationNotFoundException', NO_ORGANIZATION],
    );
  });

  it('every delegation request id is unknown: 404 NoSuchEntity', async () => {
    const commands = [
      new GetDelegationRequestCommand({ DelegationRequestId: ID }),
      new AcceptDelegationRequestCommand({ DelegationRequestId: ID }),
      new RejectDelegationRequestCommand({ DelegationRequestId: ID, Notes: 'no' }),
      new AssociateDelegationRequestCommand({ DelegationRequestId: ID }),
      new UpdateDelegationRequestCommand({ DelegationRequestId: ID, Notes: 'n' }),
      new SendDelegationTokenCommand({ DelegationRequestId: ID }),
    ];
    for (const command of commands) {
      assert.deepEqual(
        await failure(() => l.iam.send(command as never)),
        { code: 'NoSuchEntity', status: 404, message: `The delegation request with id ${ID} cannot be found.` },
        command.constructor.name,
      );
    }
  });

  it('ListDelegationRequests is empty, with the lower-case isTruncated member', async () => {
    const listed = await l.iam.send(new ListDelegationRequestsCommand({}));
    assert.deepEqual([listed.DelegationRequests, listed.isTruncated, listed.Marker], [[], false, undefined]);
    const raw = await signedPost({ endpoint: l.lab.endpoint, service: 'iam', body: 'Action=ListDelegationRequests&Version=2010-05-08', ...l.root });
    assert.equal(raw.status, 200);
    assert.match(raw.text, /<ListDelegationRequestsResult><DelegationRequests\/><isTruncated>false<\/isTruncated><\/ListDelegationRequestsResult>/);
  });

  it('CreateDelegationRequest is refused to an account that is no partner', async () => {
    const f = await failure(() =>
      l.iam.send(
        new CreateDelegationRequestCommand({
          Description: 'deploy',
          Permissions: { PolicyTemplateArn: 'arn:aws:iam::aws:policy/template', Parameters: [] },
          RequestorWorkflowId: 'workflow-1',
          NotificationChannel: 'arn:aws:sns:us-east-1:123456789012:topic',
          SessionDuration: 3600,
        }),
      ),
    );
    assert.deepEqual([f.code, f.status], ['AccessDenied', 403]);
  });

  it('the caller needs iam:<Action> first: a user without permissions is denied before the organization is looked for', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await l.iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey;
    const nobody = l.client({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    try {
      const denied = await failure(() => nobody.send(new EnableOrganizationsRootSessionsCommand({})));
      assert.deepEqual([denied.code, denied.status], ['AccessDenied', 403]);
      assert.match(denied.message, /iam:EnableOrganizationsRootSessions/);
      const list = await failure(() => nobody.send(new ListDelegationRequestsCommand({})));
      assert.deepEqual([list.code, list.status], ['AccessDenied', 403]);
    } finally {
      nobody.destroy();
    }
  });
});
