// Browser tests drive Debian's Chromium through playwright-core: no browser
// download, and no background traffic, because this machine's network is closed.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

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

/** A page in its own context, so cookies and storage never leak between tests. */
export async function openPage(browser: Browser, baseURL?: string): Promise<BrowserPage> {
  const context = await browser.newContext({ baseURL, viewport: DEFAULT_VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  return { context, page, errors };
}

/** Saves test/e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
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
