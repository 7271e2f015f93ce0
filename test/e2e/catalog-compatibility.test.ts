// The catalog says when a version is not for a cluster's Kafka: the Camel timer source 0.x (Kafka 2.x only) is
// tagged incompatible with the stack's Kafka 4 on its entry page, with what it needs listed; the install dialog
// explains why and keeps Install disabled until "Install anyway (force)" is ticked. Nothing is installed here:
// the server side of the refusal and of force is tested in test/integration/install-compatibility.test.ts.
import { describe, expect, it } from 'vitest';
import { useConsole } from './console';

const ENTRY = 'camel-timer-source';
const VERSION = '0.7.2';

const browser = useConsole({ needsStack: "the cluster's Kafka version comes from its Connect workers" });

describe('console: catalog compatibility', () => {
  it('tags a version made for another Kafka, and the install dialog needs force for it', async () => {
    const { page, errors } = browser.current;
    const kafka = browser.stack!.versions.kafka;
    await page.goto(`/catalog/${ENTRY}`);

    const version = page.locator(`[data-testid="version-row"][data-version="${VERSION}"]`);
    const tag = version.getByTestId('incompatible-local');
    await tag.waitFor({ timeout: 30_000 });
    await expect(tag.textContent()).resolves.toContain(`not for Kafka ${kafka} on local`);
    await expect(tag.getAttribute('title')).resolves.toContain(`supports Kafka >=2.6.0 <4.0.0; the cluster's workers run Kafka ${kafka}`);
    await expect(page.getByTestId('entry-needs').textContent()).resolves.toContain('Kafka 2.x or 3.x');

    await page.getByTestId(`install-version-${VERSION}`).click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByTestId('install-cluster').selectOption('local');
    const banner = dialog.getByTestId('kafka-mismatch');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain(`the cluster's workers run Kafka ${kafka}`);
    const confirm = dialog.getByTestId('confirm-install');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('install-force').check();
    expect(await confirm.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);
});
