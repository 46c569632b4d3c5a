/**
 * Headless Debian Chromium driven by playwright-core for the console's end-to-end tests. Every request the
 * page makes is recorded, so a test can hold that none leaves the lab; every console error and page error
 * is recorded, so a test can hold that there were none. When /usr/bin/chromium is missing the tests are
 * skipped with a loud reason (CI installs Debian's `chromium`, .ci/run).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/repo-root.js';

const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `SKIPPED LOUDLY: no ${CHROMIUM} (Debian's chromium package; .ci/run installs it)`;
}

export interface ConsoleBrowser {
  readonly page: Page;
  /** Every URL the page asked for. */
  readonly requests: string[];
  /** Every request of the page with its Authorization header (undefined when it sent none). */
  readonly authorizations: { readonly url: string; readonly authorization: string | undefined }[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  /**
   * Writes console-<name>.png to `.screenshots/` (ignored by git), or with IAMLAB_UPDATE_SCREENSHOTS=1 to
   * docs/images/, the ones the README shows: a test run leaves the working tree as it found it.
   */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(url: string): Promise<ConsoleBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const requests: string[] = [];
  const authorizations: { url: string; authorization: string | undefined }[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    authorizations.push({ url: request.url(), authorization: request.headers()['authorization'] });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => void errors.push(String(error)));
  await page.goto(url);
  const images = process.env['IAMLAB_UPDATE_SCREENSHOTS'] === '1' ? join(repoRoot(), 'docs', 'images') : join(repoRoot(), '.screenshots');
  return {
    page,
    requests,
    authorizations,
    errors,
    screenshot: async (name) => {
      mkdirSync(images, { recursive: true });
      await page.screenshot({ path: join(images, `console-${name}.png`), fullPage: false });
    },
    close: () => browser.close(),
  };
}
