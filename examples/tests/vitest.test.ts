// The same kind of suite with vitest: `npx vitest run examples/tests/vitest.test.ts`.
// A lab per test here: each starts in a few milliseconds and shares nothing with the others.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startLab } from 'iamlab';
import type { Lab } from 'iamlab';

let lab: Lab;

beforeEach(async () => {
  lab = await startLab({ clock: { at: '2030-01-01T09:00:00Z', frozen: true } });
});

afterEach(() => lab.stop());

test('a user without policies is denied, with AWS error', async () => {
  const bob = await lab.createUser('bob');
  const iam = new IAMClient({ endpoint: lab.endpoint, region: lab.region, credentials: bob.credentials });
  await expect(iam.send(new CreateUserCommand({ UserName: 'mallory' }))).rejects.toMatchObject({
    name: 'AccessDenied',
    message: `User: ${bob.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${lab.accountId}:user/mallory`,
  });
  // The audit trail says why.
  const [denied] = await lab.events({ deniedOnly: true });
  expect(denied).toMatchObject({ action: 'iam:CreateUser', decision: 'ImplicitlyDenied' });
});

test('a session lasts exactly as long as asked, on the virtual clock', async () => {
  const carol = await lab.createUser('carol', {
    policies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
  });
  await lab.createRole('reader');
  const session = await lab.assumeRole('reader', { credentials: carol.credentials, durationSeconds: 900 });
  expect(session.expiresAt.toISOString()).toBe('2030-01-01T09:15:00.000Z');
  const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: session });
  await lab.clock.advance('14m59s');
  expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toContain(':assumed-role/reader/');
  await lab.clock.advance('1s');
  await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
});
