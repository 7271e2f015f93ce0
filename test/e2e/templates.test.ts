// Templates of your own: a FileStream connector saved as a template from its page (its file path made a blank,
// defaulting to the connector's value), then listed on the Templates page with its blanks' help texts, edited and
// deleted there. The server's copy is checked each time.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

const suffix = randomBytes(3).toString('hex');
const CONNECTOR = `tpl-e2e-tpl-${suffix}`;
const TEMPLATE = `tpl-tpl-${suffix}`;
const FILE = `/tmp/tpl-e2e-tpl-${suffix}.txt`;

const browser = useConsole({ needsStack: 'the template is saved from a connector on its Connect workers' });

afterAll(async () => {
  if (browser.stack) {
    const call = await browser.api();
    await call('DELETE', `/api/v1/connect/local/connectors/${CONNECTOR}`);
    await call('DELETE', `/api/v1/templates/${TEMPLATE}`);
  }
}, 60_000);

describe('console: templates of your own', () => {
  it('saves a connector as a template, lists it with its blanks, edits its help text and deletes it', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const config = { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', 'tasks.max': '1', file: FILE, topic: `${CONNECTOR}-topic` };
    // other tests restart the shared workers: a create refused by a worker down or a rebalance (502, 409) is sent again
    let put = await call('PUT', `/api/v1/connect/local/connectors/${CONNECTOR}`, { config });
    for (let tries = 0; (put.status === 502 || put.status === 409) && tries < 30; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      put = await call('PUT', `/api/v1/connect/local/connectors/${CONNECTOR}`, { config });
    }
    expect([200, 201], await put.clone().text()).toContain(put.status);

    await page.goto(`/connectors/local/${CONNECTOR}`);
    await page.getByTestId('action-save-template').click();
    const dialog = page.getByTestId('save-template-dialog');
    await dialog.getByTestId('template-id').fill(TEMPLATE);
    await dialog.getByTestId('template-name').fill(`File source ${suffix}`);
    await dialog.getByTestId('blank-file').check();
    await dialog.getByTestId('save-template-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await (await call('GET', `/api/v1/templates/${TEMPLATE}`)).json()) as { placeholders: unknown[] };
    expect(saved).toMatchObject({ connectorClass: config['connector.class'], config: { file: '${file}', topic: config.topic, 'tasks.max': '1' } });
    expect(saved.placeholders).toEqual([{ name: 'file', description: 'file', default: FILE, required: true }]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
    const card = page.locator(`[data-testid="template-card"][data-template="${TEMPLATE}"]`);
    await card.waitFor();
    expect(await card.getByTestId('template-placeholder').textContent()).toContain(FILE);

    await card.getByTestId('edit-template').click();
    const edit = page.getByTestId('edit-template-dialog');
    await edit.getByTestId('edit-help-file').fill('File the source reads, one record per line');
    await edit.getByTestId('edit-template-submit').click();
    await expect.poll(() => card.getByTestId('template-placeholder').textContent()).toContain('one record per line');
    expect(((await (await call('GET', `/api/v1/templates/${TEMPLATE}`)).json()) as { placeholders: { description: string }[] }).placeholders[0]!.description).toBe('File the source reads, one record per line');
    await screenshot(page, 'templates-page');

    await card.getByTestId('delete-template').click();
    await page.getByTestId('delete-template-dialog').getByTestId('confirm').click();
    await card.waitFor({ state: 'detached' });
    expect((await call('GET', `/api/v1/templates/${TEMPLATE}`)).status).toBe(404);
    expect(errors).toEqual([]);
  }, 120_000);
});
