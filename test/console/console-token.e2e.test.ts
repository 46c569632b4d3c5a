/**
 * The console off loopback (design.md "The console", "Security defaults"), in headless Chromium: the lab
 * listens on every address with IAMLAB_ADMIN_TOKEN set; the page loads without the token and asks for it,
 * refuses a wrong one, and with the right one shows the lab, following it live. Every call of the page for
 * data — the live stream included — carries the token in its Authorization header, and no URL carries it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';
import { browserMissing, openConsole } from './console-browser.js';
import type { ConsoleBrowser } from './console-browser.js';

const TOKEN = 'console-token-for-the-browser-test';
const skip = browserMissing();

describe('the console with an admin token, in headless Chromium', { skip }, () => {
  let lab: TestLab;
  let browser: ConsoleBrowser;
  let url = '';

  before(async () => {
    lab = await startTestLab({ env: { IAMLAB_HOST: '0.0.0.0', IAMLAB_ADMIN_TOKEN: TOKEN } });
    // The lab listens on every address; the browser reaches it on loopback, where the token is still required.
    url = `http://127.0.0.1:${new URL(lab.endpoint).port}`;
    browser = await openConsole(`${url}/_iamlab/ui/#/audit`);
  });

  after(async () => {
    await browser?.close();
    await lab?.dispose();
  });

  it('asks for the token, refuses a wrong one, and opens with the right one', async () => {
    const { page } = browser;
    await page.getByLabel('Admin token').fill('not-the-token-of-this-lab');
    await page.getByRole('button', { name: 'Open the console' }).click();
    // Refused: the prompt comes back, empty.
    await page.waitForFunction("document.getElementById('admin-token')?.value === ''");
    assert.equal(await page.getByRole('heading', { name: 'Audit' }).count(), 0);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('heading', { name: 'Audit' }).waitFor();
  });

  it('follows the lab live with the token', async () => {
    const sts = new STSClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
      maxAttempts: 1,
    });
    const { $metadata } = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    await browser.page.locator(`tr[data-request-id="${$metadata.requestId ?? ''}"]`).waitFor({ timeout: 5000 });
  });

  it('moves the clock by a preset and a typed duration, freezes and resumes it, and shows a refusal as worded', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Clock' }).click();
    await page.getByRole('button', { name: 'Advance 1h' }).click();
    await page.locator('[data-field="offset"]', { hasText: '+1h' }).waitFor({ timeout: 5000 });
    await page.getByLabel('Advance by a duration').fill('90m');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.locator('[data-field="offset"]', { hasText: '+2h 30m' }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Freeze' }).click();
    await page.locator('[data-field="virtual-now"]', { hasText: '(frozen)' }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('[data-field="virtual-now"]', { hasText: '(frozen)' }).waitFor({ state: 'detached', timeout: 5000 });
    // Virtual time never goes back: the admin API refuses, and the page says why.
    await page.getByLabel('Set to an instant (ISO 8601)').fill('2001-01-01T00:00:00Z');
    await page.getByRole('button', { name: 'Set' }).click();
    await page.getByRole('status').filter({ hasText: 'Refused:' }).waitFor({ timeout: 5000 });
    assert.equal(lab.clock.state().frozen, false);
    // 2h 30m ahead, less the moment it stood frozen.
    assert.ok(lab.clock.state().offsetMs > 149 * 60_000);
  });

  it('decides a pasted policy in the playground and highlights the deciding statement', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Policy playground' }).click();
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.locator('.playground-result strong.decision', { hasText: 'Allowed' }).waitFor({ timeout: 5000 });
    // Without MFA in the context the example's deny applies.
    await page.getByLabel('Extra context keys (JSON)').fill('{}');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.locator('.playground-result strong.decision', { hasText: 'ExplicitlyDenied' }).waitFor({ timeout: 5000 });
    assert.match((await page.locator('.playground-result .statement.deciding').textContent()) ?? '', /OnlyWithMfa/);
  });

  it('sent the token in a header on every call for data, never in a URL, and nothing outside the lab', () => {
    const calls = browser.authorizations.filter(({ url: u }) => u.includes('/_iamlab/') && !/\/_iamlab\/ui\/?(#.*)?$|\.(js|css)$/.test(u));
    assert.ok(
      calls.some(({ url: u }) => u.endsWith('/_iamlab/ui/api/stream')),
      'the stream was opened',
    );
    const sentWithToken = calls.filter(({ authorization }) => authorization === `Bearer ${TOKEN}`);
    assert.ok(sentWithToken.length > 0);
    // Before the token was given, and with the wrong one, calls went without it or with the wrong one: none after.
    const lastWithout = calls.map(({ authorization }) => authorization === `Bearer ${TOKEN}`).lastIndexOf(false);
    const firstWith = calls.findIndex(({ authorization }) => authorization === `Bearer ${TOKEN}`);
    assert.ok(lastWithout < firstWith, 'every call after the token was given carried it');
    assert.deepEqual(
      browser.requests.filter((u) => u.includes(TOKEN)),
      [],
    );
    assert.deepEqual(
      browser.requests.filter((u) => !u.startsWith(`${url}/`) && !u.startsWith('data:')),
      [],
    );
    // The only errors are the browser's own notes of the calls refused on purpose: before the right token (401),
    // and the clock set back (409).
    assert.deepEqual(
      browser.errors.filter((e) => !/status of (401|409)/.test(e)),
      [],
    );
  });
});
