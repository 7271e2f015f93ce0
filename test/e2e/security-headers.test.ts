// The console and the API docs under their Content-Security-Policy (issue #11 hole 9): the pages render and
// work, and the browser reports no violation; no page may be framed by another site.
import { describe, expect, it } from 'vitest';
import { useConsole } from './console';

const browser = useConsole();

const PAGES: [string, string][] = [
  ['/health', 'Health'],
  ['/connectors', 'Connectors'],
  ['/topics', 'Topics'],
  ['/consumer-groups', 'Consumer groups'],
  ['/clusters', 'Clusters'],
  ['/security', 'Security'],
  ['/alerts', 'Alerts'],
];

describe('console under its Content-Security-Policy', () => {
  it('serves the UI with a script policy that allows no inline script and no framing', async () => {
    const response = await fetch(`${browser.server.url}/`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('renders the pages without a single CSP violation', async () => {
    const { page, errors } = browser.current;
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    for (const [path, heading] of PAGES) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('keeps the Swagger UI at /api/docs working', async () => {
    const { page } = browser.current;
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto('/api/docs/');
    await page.locator('.swagger-ui .info .title').waitFor();
    await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain('Connectory');
    // every tag is drawn (collapsed), and opening one shows its operations
    await page.locator('.opblock-tag').nth(10).waitFor();
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThan(10);
    await page.locator('.opblock-tag', { hasText: 'Connectors' }).first().click();
    await page.locator('.opblock').nth(5).waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
    expect(violations).toEqual([]);
  }, 60_000);
});
