// The catalog template's blanks dialog helps a newcomer finish it: the Kafka bootstrap (Debezium's schema history)
// comes filled from the Kafka cluster the Connect cluster uses and stays changeable; "Fill this in" takes the user
// to the first blank left empty and goes away as each is filled.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mariadbTemplateValues } from '../support/cdc';
import { waitFor } from '../support/wait';
import { useConsole } from './console';

const browser = useConsole({ needsStack: 'the bootstrap comes from the local Connect cluster’s linked Kafka cluster' });

const dialogOf = (page: Page) => page.getByTestId('use-template');
const blank = (page: Page, name: string) => dialogOf(page).locator(`[data-testid="placeholder"][data-name="${name}"]`);
/** The FormField around a blank: its error shows there. */
const fieldOf = (page: Page, name: string) => dialogOf(page).locator('.field', { has: page.locator(`[data-testid="placeholder"][data-name="${name}"]`) });

describe('console: template blanks', () => {
  it('prefills the Kafka bootstrap from the linked cluster, keeps a change, and leads to each blank left empty', async () => {
    const { page, errors } = browser.current;
    const stack = browser.stack!;
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto('/catalog/debezium-mariadb');
    await page.getByTestId('use-template-mariadb-capture-tables').click();
    await dialogOf(page).getByTestId('template-cluster').selectOption('local');

    const linked = stack.kafka.bootstrap.split(',').map((server) => server.trim()).join(',');
    await waitFor(async () => (await blank(page, 'kafka_bootstrap_servers').inputValue()) === linked, { what: 'the bootstrap prefilled from Kafka cluster local' });
    await expect(fieldOf(page, 'kafka_bootstrap_servers').textContent()).resolves.toMatch(/Filled in from Kafka cluster local/);

    // Everything but two blanks; the bootstrap changed by hand must survive what follows.
    const values = mariadbTemplateValues(stack, 'e2e_blanks');
    for (const name of ['hostname', 'port', 'user', 'password', 'database', 'topic_prefix']) await blank(page, name).fill(values[name]!);
    await blank(page, 'kafka_bootstrap_servers').fill('kafka-elsewhere:9092');
    await dialogOf(page).getByTestId('template-continue').click();

    await fieldOf(page, 'tables').getByTestId('field-error').waitFor();
    await fieldOf(page, 'schema_history_topic').getByTestId('field-error').waitFor();
    expect(await dialogOf(page).getByTestId('field-error').count()).toBe(2);
    // The first empty blank has the cursor and is in view.
    await waitFor(() => page.evaluate<boolean>("document.activeElement?.dataset?.name === 'tables'"), { what: 'the cursor in the first empty blank' });
    const box = await blank(page, 'tables').boundingBox();
    const inView = !!box && box.y >= 0 && box.y + box.height <= page.viewportSize()!.height;
    expect(inView).toBe(true);

    // Each error goes once its blank is filled; the other stays until it is.
    await blank(page, 'tables').fill(values.tables!);
    await fieldOf(page, 'tables').getByTestId('field-error').waitFor({ state: 'detached' });
    expect(await fieldOf(page, 'schema_history_topic').getByTestId('field-error').count()).toBe(1);
    await blank(page, 'schema_history_topic').fill(values.schema_history_topic!);
    await fieldOf(page, 'schema_history_topic').getByTestId('field-error').waitFor({ state: 'detached' });
    expect(await blank(page, 'kafka_bootstrap_servers').inputValue()).toBe('kafka-elsewhere:9092');

    // What the dialog fills the template with is what the user left there.
    const rendering = page.waitForRequest((request) => request.method() === 'POST' && /\/render$/.test(new URL(request.url()).pathname));
    await dialogOf(page).getByTestId('template-continue').click();
    const sent = JSON.parse((await rendering).postData() ?? '{}') as { values?: Record<string, string> };
    expect(sent.values?.kafka_bootstrap_servers).toBe('kafka-elsewhere:9092');
    await page.waitForURL((url) => url.pathname === '/connectors/new');
    expect(errors).toEqual([]);
  });

  it('prefills the bootstrap blank of a saved template on the New connector page too', async () => {
    const { page, errors } = browser.current;
    const stack = browser.stack!;
    const templateId = `e2e-bootstrap-${Date.now().toString(36)}`;
    const call = await browser.api();
    const created = await call('POST', '/api/v1/templates', {
      id: templateId,
      name: `History elsewhere ${templateId}`,
      connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
        file: '${file}',
        'schema.history.internal.kafka.bootstrap.servers': '${kafka_bootstrap_servers}',
      },
      placeholders: [{ name: 'file' }, { name: 'kafka_bootstrap_servers' }],
    });
    expect(created.status).toBe(201);
    try {
      await page.goto('/connectors/new?connect=local');
      await page.getByTestId('from-template').click();
      const picker = page.getByTestId('template-picker');
      await picker.locator(`[data-testid="template-option"][data-id="${templateId}"]`).click();
      const linked = stack.kafka.bootstrap.split(',').map((server) => server.trim()).join(',');
      const bootstrap = picker.locator('[data-placeholder="kafka_bootstrap_servers"]');
      await waitFor(async () => (await bootstrap.inputValue()) === linked, { what: 'the bootstrap prefilled from Kafka cluster local' });
      await expect(picker.textContent()).resolves.toMatch(/Filled in from Kafka cluster local/);
      expect(await picker.locator('[data-placeholder="file"]').inputValue()).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await call('DELETE', `/api/v1/templates/${templateId}`);
    }
  });
});
