import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stubApp } from './stub-app';

let publicDir: string;

beforeAll(() => {
  publicDir = mkdtempSync(join(tmpdir(), 'connectory-ui-'));
  mkdirSync(join(publicDir, 'assets'));
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>Connectory</title>');
  writeFileSync(join(publicDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(publicDir, 'favicon.svg'), '<svg/>');
});

afterAll(() => rmSync(publicDir, { recursive: true, force: true }));

describe('built UI', () => {
  it('serves index.html at / and revalidates it', async () => {
    const response = await stubApp({ publicDir }).request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Connectory</title>');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const response = await stubApp({ publicDir }).request('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('falls back to index.html for client-side routes', async () => {
    const response = await stubApp({ publicDir }).request('/connect/local/connectors/orders.cdc');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('<title>Connectory</title>');
  });

  it('answers a missing hashed asset with 404 rather than HTML', async () => {
    const response = await stubApp({ publicDir }).request('/assets/index-old.js');
    expect(response.status).toBe(404);
  });

  it('never answers API paths with the UI', async () => {
    const response = await stubApp({ publicDir }).request('/api/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers JSON 404s when no UI is built', async () => {
    const response = await stubApp().request('/');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
