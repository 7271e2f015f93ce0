import { describe, expect, it } from 'vitest';
import { VERSION } from '../../../server/version';
import { stubApp } from './stub-app';

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const response = await stubApp().request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Connectory', version: VERSION });
    expect(doc.paths['/api/health']?.get?.responses).toHaveProperty('200');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Health', 'Error']));
  });

  it('serves the interactive docs from local files, pointing at the document', async () => {
    const app = stubApp();
    const redirect = await app.request('/api/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');

    const page = await app.request('/api/docs/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    for (const asset of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!)) {
      const response = await app.request(asset);
      expect(response.status, asset).toBe(200);
    }
    expect(await (await app.request('/api/docs/init.js')).text()).toContain('"/api/openapi.json"');
  });

  it('does not serve other files from the swagger-ui package', async () => {
    const response = await stubApp().request('/api/docs/package.json');
    expect(response.status).toBe(404);
  });
});
