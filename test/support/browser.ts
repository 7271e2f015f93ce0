// Browser tests drive Debian's Chromium through playwright-core: no browser
// download, and no background traffic, because this machine's network is closed.
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { RunningServer } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../e2e/screenshots', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEFAULT_VIEWPORT = { width: 1280, height: 860 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests: Chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
        '(npm test installs it), or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen so far; a healthy page has none. */
  errors: string[];
}

// Chromium logs every 4xx answer as a console error. The console asks for 4xx on purpose (401 from
// /api/auth/session means "signed out", a wrong password is a 401), so those are not page errors;
// 5xx answers and script errors still are.
const EXPECTED_CLIENT_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

/** A page in its own context, so cookies and storage never leak between tests. */
export async function openPage(browser: Browser, baseURL?: string): Promise<BrowserPage> {
  const context = await browser.newContext({ baseURL, viewport: DEFAULT_VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' || EXPECTED_CLIENT_ERROR.test(message.text())) return;
    errors.push(`console error: ${message.text()}`);
  });
  return { context, page, errors };
}

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Signs in through the login page, as the server's first admin unless `as` says otherwise,
 * and waits until the console shows the signed-in user. Leaves the page where login sent it.
 */
export async function login(page: Page, server: Pick<RunningServer, 'admin'>, as?: Credentials): Promise<void> {
  const { username, password } = as ?? server.admin;
  if (new URL(page.url(), 'http://x').pathname !== '/login') await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.waitFor();
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user-name').filter({ hasText: username }).waitFor();
}

/** Saves test/e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Chromium captures a full page without resizing the window, so 100vh layouts (the sticky side nav)
  // would end mid-picture: grow the window to the page for the shot instead.
  const viewport = page.viewportSize();
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
  return file;
}

/**
 * What a screenshot test promises: the file was written by this run (not left from an earlier one) and is a PNG
 * of the whole page at the viewport's width. Returns its size in pixels.
 */
export async function expectFreshScreenshot(file: string, since: number): Promise<{ width: number; height: number }> {
  const [bytes, stats] = await Promise.all([readFile(file), stat(file)]);
  expect(stats.mtimeMs, `${file} written by this test`).toBeGreaterThanOrEqual(since - 1_000);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  // IHDR, the first chunk, starts with the width and height
  const size = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  expect(size.width).toBe(DEFAULT_VIEWPORT.width);
  expect(size.height).toBeGreaterThanOrEqual(DEFAULT_VIEWPORT.height);
  return size;
}

/**
 * Registers vitest hooks: one browser for the file, a fresh context and page
 * per test. Call at the top level of a test file; read `.current` inside tests.
 */
export function useBrowser(baseURL?: () => string | undefined): { readonly current: BrowserPage } {
  let browser: Browser | undefined;
  let current: BrowserPage | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('Browser tests: Chromium did not start (see the beforeAll error)');
    current = await openPage(browser, baseURL?.());
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
  });

  return {
    get current() {
      if (!current) throw new Error('Browser tests: no page outside a running test');
      return current;
    },
  };
}
