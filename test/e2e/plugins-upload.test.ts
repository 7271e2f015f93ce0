// Uploading plugin archives through the console against the real server: a hostile zip (an entry
// "../evil") is refused with the server's reason and nothing kept; a plain jar without a manifest is
// inspected (its connector class shown before any install) and asks for its name and version.
import { describe, expect, it } from 'vitest';
import { buildJar, buildZip, SOURCE_CONNECTOR } from '../support/archives';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

const DEMO_CLASS = 'com.example.e2e.DemoSourceConnector';

const browser = useConsole();


const demoJar = () => buildJar({ services: { [SOURCE_CONNECTOR]: [DEMO_CLASS] }, classes: [DEMO_CLASS] });

describe('console: plugin upload', () => {
  it('refuses a zip whose entry would escape the plugin folder, saying why', async () => {
    const { page } = browser.current;
    // yazl refuses "../" names: write a same-length stand-in and patch the bytes.
    const hostile = await buildZip([{ name: 'lib/demo.jar', data: await demoJar() }, { name: 'xx/evil', data: 'owned' }], [{ from: 'xx/evil', to: '../evil' }]);

    await page.goto('/plugins');
    await page.getByTestId('upload-plugin').click();
    await page.waitForURL((url) => url.pathname === '/plugins/upload');
    await page.getByTestId('drop-zone').waitFor();
    await page.getByTestId('file-input').setInputFiles({ name: 'evil-plugin.zip', mimeType: 'application/zip', buffer: hostile });

    const refused = page.getByTestId('upload-refused');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(/An entry would land outside the plugin folder/);
    await expect(page.getByTestId('refusal-message').textContent()).resolves.toMatch(/evil-plugin\.zip.*"\.\.\/evil"/);
    await expect(refused.textContent()).resolves.toMatch(/Nothing was kept/);
    expect(await page.getByTestId('inspection').count()).toBe(0);
    await screenshot(page, 'upload-refused');

    // Nothing was stored: the artifact list does not know it.
    const listed = await page.evaluate(async () => (await fetch('/api/v1/artifacts')).json());
    expect((listed as { items: { source: { filename?: string } }[] }).items.map((item) => item.source.filename)).not.toContain('evil-plugin.zip');

    await page.getByTestId('upload-another').click();
    await page.getByTestId('drop-zone').waitFor();
    expect(browser.current.errors).toEqual([]);
  });

  it('inspects a jar without a manifest before install and asks for its name and version', async () => {
    const { page, errors } = browser.current;
    await page.goto('/plugins/upload');
    await page.getByTestId('file-input').setInputFiles({ name: 'e2e-demo.jar', mimeType: 'application/java-archive', buffer: await demoJar() });

    const inspection = page.getByTestId('inspection');
    await inspection.waitFor();
    await page.locator(`[data-testid="inspected-class"][data-class="${DEMO_CLASS}"]`).waitFor();
    await expect(inspection.textContent()).resolves.toMatch(/declared in META-INF\/services/);

    // No manifest: the install waits for a name and a version; a wrong version is refused at its field.
    expect(await page.getByTestId('install-upload-submit').isDisabled()).toBe(true);
    const identity = page.getByTestId('identity-form');
    await identity.getByTestId('identity-name').fill('e2e-demo');
    await identity.getByTestId('identity-version').fill('not a version');
    await identity.getByTestId('identity-save').click();
    await expect(identity.getByTestId('field-error').textContent()).resolves.toMatch(/semver/);
    await identity.getByTestId('identity-version').fill('1.0.0');
    await identity.getByTestId('identity-save').click();
    await identity.waitFor({ state: 'detached' });

    await expect(page.getByRole('heading', { level: 2, name: /e2e-demo 1\.0\.0/ }).count()).resolves.toBe(1);
    expect(await page.getByTestId('upload-folder').inputValue()).toBe('e2e-demo');
    // with the stack's Connect cluster listed (that list may arrive after the inspection), the install is offered
    if (browser.stack) await page.locator('[data-testid="install-upload-submit"]:not([disabled])').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
