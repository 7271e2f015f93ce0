import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from '../support/browser';
import { useConsole } from './console';

const browser = useConsole({ signIn: false });

const pathOf = (page: Page) => new URL(page.url()).pathname;
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** What a pipeline does: plain HTTP with the token, no browser, no cookie. */
async function curlMe(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${browser.server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('console: signing in and out', () => {
  it('sends a signed-out visitor to the login page, then back to the page they asked for', async () => {
    const { page, errors } = browser.current;
    await page.goto('/settings/tokens');

    await page.getByTestId('login-form').waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/tokens');
    expect(await page.title()).toBe('Sign in · Connectory');
    await screenshot(page, 'login');

    await login(page, browser.server);
    await page.getByTestId('tokens-section').waitFor();
    expect(pathOf(page)).toBe('/settings/tokens');
    await expect(page.getByTestId('current-user-name').textContent()).resolves.toBe('admin');
    await expect(page.getByTestId('current-user-role').textContent()).resolves.toMatch(/Admin/);
    expect(await page.getByTestId('current-user-scope').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says plainly when the password is wrong', async () => {
    const { page, errors } = browser.current;
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const error = page.getByTestId('login-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/Wrong username or password/);
    expect(pathOf(page)).toBe('/login');
    expect(await page.getByTestId('current-user').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('tells a rate-limited user how long to wait', async () => {
    const { page } = browser.current;
    // A real lockout would also lock out the other tests' admin, so the server's 429 is played back here.
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '42' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many failed sign-ins' } }),
      }),
    );
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('whatever-it-is');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByTestId('login-error').textContent()).resolves.toMatch(/Too many sign-in attempts/);
    await expect(page.getByTestId('login-wait').textContent()).resolves.toMatch(/Try again in 4[12] s/);
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
  });

  it('signs out back to the login page, and the session is gone', async () => {
    const { page, errors } = browser.current;
    await login(page, browser.server);
    await page.getByTestId('logout').click();

    await page.getByTestId('login-form').waitFor();
    expect(pathOf(page)).toBe('/login');
    await expect(page.getByTestId('login-notice').textContent()).resolves.toMatch(/signed out/);
    await page.goto('/settings');
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings');
    expect(errors).toEqual([]);
  });

  it('returns to the login page when the session ends, and back afterwards', async () => {
    const { page, context } = browser.current;
    await login(page, browser.server);
    await page.goto('/settings/account');
    await page.getByTestId('account-section').waitFor();

    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users' }).click();

    await page.getByTestId('login-form').waitFor();
    await expect(page.getByTestId('login-notice').textContent()).resolves.toMatch(/session has ended/);
    await login(page, browser.server);
    await page.getByTestId('users-section').waitFor();
    expect(pathOf(page)).toBe('/settings/users');
  });
});

describe('console: API tokens', () => {
  it('creates a token that works with curl, and revoking it in the UI shuts it out', async () => {
    const { page, context, errors } = browser.current;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.server.url });
    await login(page, browser.server);
    await page.goto('/settings/tokens');
    await page.getByTestId('tokens-section').waitFor();

    const name = unique('e2e-pipeline');
    await page.getByTestId('new-token').click();
    const dialog = page.getByTestId('create-token-dialog');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByText('Operator', { exact: true }).click();
    await dialog.getByTestId('create-token-submit').click();

    await dialog.getByTestId('token-reveal').waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/will not be shown again/);
    const shown = await dialog.getByTestId('token-value').inputValue();
    expect(await dialog.getByTestId('token-value').getAttribute('readonly')).not.toBeNull();
    await dialog.getByTestId('token-value-copy').click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    // A string, because this file is compiled without the DOM types; it runs in the page.
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toBe(shown);
    expect(copied.length).toBeGreaterThan(20);
    await screenshot(page, 'settings-token-created');
    await dialog.getByTestId('token-done').click();
    await dialog.waitFor({ state: 'hidden' });

    const me = await curlMe(copied);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'token', name, role: 'operator' });

    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await expect(row.getAttribute('data-status')).resolves.toBe('active');
    // The list shows the use the curl call just made.
    await page.reload();
    await expect(row.getByTestId('token-last-used').textContent()).resolves.not.toMatch(/Never used/);
    await screenshot(page, 'settings-tokens');

    await row.getByTestId('revoke-token').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.textContent()).resolves.toContain(name);
    await confirm.getByTestId('confirm').click();
    await page.locator(`[data-testid="token-row"][data-name="${name}"][data-status="revoked"]`).waitFor();

    const after = await curlMe(copied);
    expect(after.status).toBe(401);
    // A secret shown once is gone for good: the list never carries it.
    expect(await page.content()).not.toContain(copied);
    expect(errors).toEqual([]);
  });
});

describe('console: users and roles', () => {
  it('lets an admin create, change, disable and delete a user, who sees no admin pages', async () => {
    const { page, errors } = browser.current;
    const person = { username: unique('e2e-operator'), password: 'first-password-1' };
    await login(page, browser.server);
    await page.goto('/settings/users');
    await page.getByTestId('users-section').waitFor();

    await page.getByTestId('new-user').click();
    const create = page.getByTestId('create-user-dialog');
    await create.getByLabel('Username').fill(person.username);
    await create.getByLabel('Password').fill('too-short');
    await create.getByTestId('create-user-submit').click();
    await expect(create.getByTestId('field-error').textContent()).resolves.toMatch(/at least 12 characters/);
    await create.getByLabel('Password').fill(person.password);
    await create.getByTestId('create-user-submit').click();

    const row = page.locator(`[data-testid="user-row"][data-username="${person.username}"]`);
    await expect(row.textContent()).resolves.toMatch(/Viewer.*All clusters.*Active/s);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByTestId('edit-user-dialog');
    await edit.getByText('Operator', { exact: true }).click();
    await edit.getByTestId('scope-limited').check();
    await edit.getByTestId('scope-clusters').fill('local');
    await edit.getByTestId('edit-user-submit').click();
    await row.locator('[data-role="operator"]').waitFor();
    await expect(row.textContent()).resolves.toMatch(/Operator.*local.*Active/s);

    person.password = 'second-password-2';
    await row.getByRole('button', { name: 'Reset password' }).click();
    const reset = page.getByTestId('reset-password-dialog');
    await reset.getByLabel('New password', { exact: true }).fill(person.password);
    await reset.getByLabel('Repeat the new password').fill(person.password);
    await reset.getByTestId('reset-password-submit').click();
    await reset.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.locator('[data-status="disabled"]').waitFor();
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.locator('[data-status="active"]').waitFor();
    await screenshot(page, 'settings-users');

    await page.getByTestId('logout').click();
    await login(page, browser.server, person);
    await expect(page.getByTestId('current-user-role').textContent()).resolves.toMatch(/Operator/);
    // a bare id is stored as the kinds registered under it (issue #11: grants name the kind of cluster)
    await expect(page.getByTestId('current-user-scope').textContent()).resolves.toBe('scoped to: connect:local, kafka:local');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto('/settings/users');
    await expect(page.getByTestId('needs-role').textContent()).resolves.toMatch(/needs the admin role/);
    await page.goto('/audit');
    await expect(page.getByTestId('needs-role').textContent()).resolves.toMatch(/needs the admin role/);

    await page.getByTestId('logout').click();
    await login(page, browser.server);
    await page.goto('/settings/users');
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await row.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('will not let an admin delete or disable their own account', async () => {
    const { page } = browser.current;
    await login(page, browser.server);
    await page.goto('/settings/users');
    const self = page.locator('[data-testid="user-row"][data-username="admin"]');
    await self.waitFor();
    expect(await self.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    expect(await self.getByRole('button', { name: 'Disable' }).isDisabled()).toBe(true);
  });
});

describe('console: audit log', () => {
  it('lists what happened, filters it and shows the details', async () => {
    const { page, errors } = browser.current;
    await login(page, browser.server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    expect(await page.locator('[data-testid="audit-row"][data-action="auth.login"]').count()).toBeGreaterThan(0);

    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Action').fill('auth.login');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.login');
    await page.locator('[data-testid="audit-results"][aria-busy="false"]').waitFor();
    await page.locator('[data-testid="audit-row"]:not([data-action="auth.login"])').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('audit-row').count()).toBeGreaterThan(0);

    await filters.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL((url) => !url.searchParams.has('action'));
    // the unfiltered list is back (failed sign-ins have details too, so a toggle of the filtered list could be clicked)
    await page.locator('[data-testid="audit-row"]:not([data-action="auth.login"])').first().waitFor();
    await page.locator('[data-testid="audit-results"][aria-busy="false"]').waitFor();
    const toggle = page.getByTestId('audit-details-toggle').first();
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const details = page.getByTestId('audit-details').first();
    expect(JSON.parse((await details.textContent()) ?? '')).toBeTypeOf('object');
    await screenshot(page, 'audit');
    expect(errors).toEqual([]);
  });
});
