// Only the file of an upload may be large: any other form field is bounded (and an unknown one refused) rather
// than read and discarded without limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { buildJar, SOURCE_CONNECTOR } from '../support/archives';
import { tokenFor, type RequestHeaders } from '../support/auth';

const BOUNDARY = '----cty-limits-boundary';

function form(parts: { name: string; filename?: string; data: Buffer | string }[]): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

let testApp: TestApp;
let headers: RequestHeaders;
let jar: Buffer;

beforeAll(async () => {
  testApp = await createTestApp();
  headers = { ...(await tokenFor(testApp, 'admin')).headers, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
  jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['com.example.Limits'] }, classes: ['com.example.Limits'] });
});
afterAll(() => testApp?.close());

const upload = (body: Uint8Array) => testApp.app.request('/api/v1/artifacts', { method: 'POST', headers, body });

describe('upload form fields', () => {
  it('refuses an unknown field, however large, naming it', async () => {
    const response = await upload(form([{ name: 'comment', data: 'x'.repeat(2 * 1024 * 1024) }, { name: 'file', filename: 'a.jar', data: jar }]));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', field: 'comment' } });
  });

  it('refuses a name field longer than any plugin name', async () => {
    const response = await upload(form([{ name: 'name', data: 'n'.repeat(2048) }, { name: 'file', filename: 'a.jar', data: jar }]));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_multipart' } });
  });

  it('still takes the file with its name and version', async () => {
    const response = await upload(form([{ name: 'name', data: 'limits' }, { name: 'version', data: '1.0.0' }, { name: 'file', filename: 'a.jar', data: jar }]));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'limits', version: '1.0.0' });
  });
});
