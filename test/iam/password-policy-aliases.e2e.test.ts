/**
 * The account password policy and account aliases through the real gateway (aws-behaviour.md §12.1): the answers
 * AWS recorded (LocalStack's snapshots of February 2026), aliases unique across the lab's accounts, and the AWS CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const NO_POLICY = { code: 'NoSuchEntity', status: 404, message: 'The Password Policy with domain name 123456789012 cannot be found.' };

describe('the account password policy', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('answers NoSuchEntity with AWS’s texts while none is set', async () => {
    assert.deepEqual(await failure(() => l.iam.send(new GetAccountPasswordPolicyCommand({}))), NO_POLICY);
    assert.deepEqual(await failure(() => l.iam.send(new DeleteAccountPasswordPolicyCommand({}))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The account policy with name PasswordPolicy cannot be found.',
    });
  });

  it('UpdateAccountPasswordPolicy with no member sets the defaults, shown without the members never set', async () => {
    await l.iam.send(new UpdateAccountPasswordPolicyCommand({}));
    assert.deepEqual((await l.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
      MinimumPasswordLength: 6,
      RequireLowercaseCharacters: false,
      RequireNumbers: false,
      RequireSymbols: false,
      RequireUppercaseCharacters: false,
    });
  });

  it('shows every member it was given, and each update replaces the whole policy', async () => {
    await l.iam.send(
      new UpdateAccountPasswordPolicyCommand({
        AllowUsersToChangePassword: true,
        HardExpiry: true,
        MaxPasswordAge: 60,
        MinimumPasswordLength: 10,
        PasswordReusePrevention: 3,
        RequireLowercaseCharacters: true,
        RequireNumbers: true,
        RequireSymbols: true,
        RequireUppercaseCharacters: true,
      }),
    );
    assert.deepEqual((await l.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      HardExpiry: true,
      MaxPasswordAge: 60,
      MinimumPasswordLength: 10,
      PasswordReusePrevention: 3,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      RequireUppercaseCharacters: true,
    });
    await l.iam.send(new UpdateAccountPasswordPolicyCommand({ RequireSymbols: true, HardExpiry: false }));
    assert.deepEqual((await l.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
      HardExpiry: false,
      MinimumPasswordLength: 6,
      RequireLowercaseCharacters: false,
      RequireNumbers: false,
      RequireSymbols: true,
      RequireUppercaseCharacters: false,
    });
  });

  it('refuses out-of-range values with the Coral errors AWS recorded, in its order', async () => {
    const refused = await failure(() =>
      l.iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1096, MinimumPasswordLength: 129, PasswordReusePrevention: 25 })),
    );
    assert.deepEqual(refused, {
      code: 'ValidationError',
      status: 400,
      message:
        "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095",
    });
  });

  it('DeleteAccountPasswordPolicy removes it', async () => {
    await l.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    assert.deepEqual(await failure(() => l.iam.send(new GetAccountPasswordPolicyCommand({}))), NO_POLICY);
  });

  it('the AWS CLI reads it', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, async () => {
    await l.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, MaxPasswordAge: 90 }));
    const shown = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-account-password-policy']);
    assert.equal(shown.code, 0, shown.stderr);
    const policy = (JSON.parse(shown.stdout) as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy;
    assert.equal(policy['MinimumPasswordLength'], 14);
    assert.equal(policy['ExpirePasswords'], true);
    assert.equal(policy['MaxPasswordAge'], 90);
    await l.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    const missing = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-account-password-policy']);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /\(NoSuchEntity\) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 123456789012 cannot be found\./,
    );
  });
});

describe('account aliases', () => {
  let l: IamLab;
  let other: ReturnType<IamLab['client']>;
  before(async () => {
    l = await startIamLab();
    const response = await fetch(`${l.lab.endpoint}/_iamlab/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: '210987654321' }),
    });
    assert.equal(response.status, 201);
    const keys = (await response.json()) as { accessKeyId: string; secretAccessKey: string };
    other = l.client(keys);
  });
  after(async () => {
    other.destroy();
    await l.dispose();
  });

  const aliases = async (client = l.iam): Promise<unknown> => {
    const listed = await client.send(new ListAccountAliasesCommand({}));
    return { aliases: listed.AccountAliases, truncated: listed.IsTruncated };
  };

  it('an account has at most one alias: creating another replaces it', async () => {
    assert.deepEqual(await aliases(), { aliases: [], truncated: false });
    await l.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-first' }));
    assert.deepEqual(await aliases(), { aliases: ['lab-first'], truncated: false });
    await l.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-second' }));
    assert.deepEqual(await aliases(), { aliases: ['lab-second'], truncated: false });
    assert.deepEqual(await failure(() => l.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-second' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'The account alias lab-second already exists.',
    });
  });

  it('an alias is unique across the lab’s accounts, and free again once deleted', async () => {
    assert.deepEqual(await failure(() => other.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-second' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'The account alias lab-second already exists.',
    });
    // The first alias was released by the replacement.
    await other.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-first' }));
    assert.deepEqual(await aliases(other), { aliases: ['lab-first'], truncated: false });
    assert.deepEqual(await failure(() => l.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'lab-first' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The account alias lab-first cannot be found.',
    });
    await l.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'lab-second' }));
    assert.deepEqual(await aliases(), { aliases: [], truncated: false });
    await other.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-second' }));
    assert.deepEqual(await aliases(other), { aliases: ['lab-second'], truncated: false });
  });

  it('refuses an alias outside the pattern with IAM’s own text, a short one with Coral’s', async () => {
    const invalid = {
      code: 'ValidationError',
      status: 400,
      message:
        'The specified value for accountAlias is invalid. It must be a minimum length of 3 characters and maximum length of 63 characters, contain only digits, lowercase letters, and hyphens (-), but cannot begin or end with a hyphen.',
    };
    for (const alias of ['My_Alias', 'two--dashes', '-leading', 'trailing-']) {
      assert.deepEqual(await failure(() => l.iam.send(new CreateAccountAliasCommand({ AccountAlias: alias }))), invalid, alias);
    }
    assert.deepEqual(await failure(() => l.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'Not_Valid' }))), invalid);
    assert.deepEqual(await failure(() => l.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'ab' }))), {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value at 'accountAlias' failed to satisfy constraint: Member must have length greater than or equal to 3",
    });
  });

  it('the AWS CLI lists it', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, async () => {
    await l.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'lab-cli' }));
    const listed = await awsCli(l.lab.endpoint, l.root, ['iam', 'list-account-aliases']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), { AccountAliases: ['lab-cli'] });
  });
});
