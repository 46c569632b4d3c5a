/**
 * The console in a real browser (issue "The lab console"; design.md "The console"): headless Chromium on a
 * fresh lab with a role, two sessions and a few requests. The timeline shows the role, both sessions and
 * their requests; after the clock advances 2h (as `iamlab clock advance 2h` does, through the admin API)
 * both show as expired without a reload; revoking the role's sessions from its page makes the next request
 * of an older session denied, drawn red; that request's explanation names the deciding statement and
 * highlights it in its policy. No request of the page leaves the lab and the browser logs no error. The
 * tests write screenshots of these states (`.screenshots/`; with IAMLAB_UPDATE_SCREENSHOTS=1 the README's, docs/images/console-*.png).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';
import { browserMissing, openConsole } from './console-browser.js';
import type { ConsoleBrowser } from './console-browser.js';

const skip = browserMissing();
if (skip !== undefined) console.error(skip);

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

describe('the console in headless Chromium', { skip }, () => {
  let lab: TestLab;
  let browser: ConsoleBrowser;
  let first: Keys;
  let second: Keys;
  let deniedRequestId = '';
  /** The user `ci`, who assumes the role (the account root may not). */
  let ci: Keys;

  const clientConfig = (keys: Keys): { endpoint: string; region: string; credentials: Keys; maxAttempts: number } => ({
    endpoint: lab.endpoint,
    region: 'us-east-1',
    credentials: keys,
    maxAttempts: 1,
  });
  const root = (): Keys => ({ accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey });
  /** Lists roles (allowed to the role) or users (not allowed) as `keys`: the error's name and request id, or none. */
  const list = async (keys: Keys, what: 'roles' | 'users'): Promise<{ readonly error?: string; readonly requestId: string }> => {
    const client = new IAMClient(clientConfig(keys));
    try {
      const out = what === 'roles' ? await client.send(new ListRolesCommand({})) : await client.send(new ListUsersCommand({}));
      return { requestId: out.$metadata.requestId ?? '' };
    } catch (error) {
      const e = error as { name: string; $metadata?: { requestId?: string } };
      return { error: e.name, requestId: e.$metadata?.requestId ?? '' };
    } finally {
      client.destroy();
    }
  };
  const assume = async (sessionName: string): Promise<Keys> => {
    const sts = new STSClient(clientConfig(ci));
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/reader', RoleSessionName: sessionName }),
      );
      return {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      };
    } finally {
      sts.destroy();
    }
  };

  before(async () => {
    // The lab keeps the real wall clock: the page's "now" runs on as it does for a user.
    lab = await startTestLab();
    const iam = new IAMClient(clientConfig(root()));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'reader',
        PolicyName: 'read-roles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'ReadRoles', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }],
        }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ci',
        PolicyName: 'assume-reader',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }));
    ci = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    iam.destroy();
    first = await assume('build-1');
    second = await assume('build-2');
    await list(first, 'roles');
    await list(first, 'users');
    await list(second, 'roles');
    const sts = new STSClient(clientConfig(second));
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    browser = await openConsole(`${lab.endpoint}/_iamlab/ui/#/timeline`);
  });

  after(async () => {
    await browser?.close();
    await lab?.dispose();
  });

  it('shows the role, both sessions and their requests, the denied one red', async () => {
    const { page } = browser;
    await page.locator(`[data-session="${first.accessKeyId}"]`).waitFor();
    await page.locator(`[data-session="${second.accessKeyId}"]`).waitFor();
    assert.equal(await page.locator('text.group-label', { hasText: 'role reader' }).count(), 1);
    assert.equal(await page.locator(`[data-session="${first.accessKeyId}"]`).getAttribute('data-state'), 'active');
    assert.equal(await page.locator(`[data-session="${first.accessKeyId}"] circle.mark`).count(), 2);
    assert.equal(await page.locator(`[data-session="${first.accessKeyId}"] circle.mark.denied`).count(), 1);
    assert.equal(await page.locator(`[data-session="${second.accessKeyId}"] circle.mark.allowed`).count(), 2);
    await browser.screenshot('timeline');
  });

  it('shows both sessions expired after `clock advance 2h`, without a reload', async () => {
    const { page } = browser;
    const moved = await fetch(`${lab.endpoint}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '2h' }) });
    assert.equal(moved.status, 200);
    await page.locator(`[data-session="${first.accessKeyId}"][data-state="expired"]`).waitFor({ timeout: 5000 });
    await page.locator(`[data-session="${second.accessKeyId}"][data-state="expired"]`).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Fit every session' }).click();
    assert.equal(await page.locator('text.move-label', { hasText: 'clock +2h' }).count(), 1);
    await browser.screenshot('expired');
  });

  it('revokes the role’s sessions from its page; the next request of an older session is denied and drawn red', async () => {
    const { page } = browser;
    const third = await assume('build-3');
    assert.equal((await list(third, 'roles')).error, undefined, 'the new session works before the revocation');
    await page.goto(`${lab.endpoint}/_iamlab/ui/#/entities/role/123456789012/reader`);
    await page.getByRole('heading', { name: 'Role reader' }).waitFor();
    await page.getByRole('button', { name: 'Revoke active sessions' }).click();
    await page.getByRole('button', { name: 'Revoke now' }).click();
    await page.getByRole('status').filter({ hasText: 'are revoked' }).waitFor();
    const denied = await list(third, 'roles');
    assert.equal(denied.error, 'AccessDenied', 'the old session is denied after the revocation');
    deniedRequestId = denied.requestId;
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.locator(`[data-session="${third.accessKeyId}"][data-state="revoked"]`).waitFor({ timeout: 5000 });
    await page.locator(`[data-session="${third.accessKeyId}"] circle.mark.denied[data-request-id="${deniedRequestId}"]`).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Show 1h around now' }).click();
    await browser.screenshot('revoked');
  });

  it('opens the denied request’s explanation, which names the deciding statement and highlights it', async () => {
    const { page } = browser;
    await page.locator(`circle.mark.denied[data-request-id="${deniedRequestId}"]`).click();
    const deciding = page.locator('.deciding-statement', { hasText: 'Denied by statement 0 of identity policy AWSRevokeOlderSessions' });
    await deciding.waitFor({ timeout: 5000 });
    const highlighted = page.locator('.statement.deciding');
    assert.equal(await highlighted.count(), 1);
    assert.match((await highlighted.textContent()) ?? '', /aws:TokenIssueTime/);
    // The condition beside the value the request carried for it.
    assert.match(
      (await page.locator('.statement.deciding table.conditions').textContent()) ?? '',
      /DateLessThan.*aws:TokenIssueTime.*\d{4}-\d\d-\d\dT/s,
    );
    await page.locator('.statement.deciding').scrollIntoViewIfNeeded();
    await browser.screenshot('explanation');
  });

  it('sent nothing anywhere but the lab, and logged no error', () => {
    const outside = browser.requests.filter((url) => !url.startsWith(`${lab.endpoint}/`) && !url.startsWith('data:'));
    assert.deepEqual(outside, []);
    assert.ok(browser.requests.length > 0);
    assert.deepEqual(browser.errors, []);
  });
});
