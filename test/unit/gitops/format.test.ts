// The desired-state file format and secret references (issue #14): strict documents with file:line:column errors.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorToYaml, parseConnectorFile, readDesiredState } from '../../../server/gitops/format';
import { literalSecrets, resolveReferences, secretVariableName } from '../../../server/gitops/references';
import { fieldChanges } from '../../../server/gitops/plan';

const doc = (name: string, extra = '') => `apiVersion: connectory/v1
kind: Connector
connect: local
name: ${name}
${extra}config:
  connector.class: FileStreamSource
  tasks.max: 1
  flag: yes
`;

describe('desired-state files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cty-gitops-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads many documents per file and folders recursively, every scalar as written', async () => {
    await mkdir(path.join(dir, 'ok/nested'), { recursive: true });
    await writeFile(path.join(dir, 'ok/a.yaml'), `${doc('a')}---\n${doc('b', 'state: PAUSED\n')}---\n`);
    await writeFile(path.join(dir, 'ok/nested/c.yml'), doc('c'));
    await writeFile(path.join(dir, 'ok/nested/readme.txt'), 'not yaml');
    const documents = await readDesiredState(path.join(dir, 'ok'));
    expect(documents.map((d) => [d.name, d.state, d.source.line])).toEqual([
      ['a', 'RUNNING', 1],
      ['b', 'PAUSED', 10],
      ['c', 'RUNNING', 1],
    ]);
    expect(documents[0]!.config).toEqual({ 'connector.class': 'FileStreamSource', 'tasks.max': '1', flag: 'yes' });
  });

  it('names file, line and column for unknown fields, bad values, syntax errors and duplicates', () => {
    const text = `${doc('a', 'sate: RUNNING\n')}---\n${doc('b', 'state: SLEEPING\n')}---\nname: [unclosed\n`;
    const { documents, errors } = parseConnectorFile('x.yaml', text);
    expect(documents).toHaveLength(0);
    const messages = errors.map((error) => error.message);
    expect(messages[0]).toMatch(/^x\.yaml:5:1: unknown field "sate"/);
    expect(messages[1]).toMatch(/^x\.yaml:15:1: state: must be RUNNING, PAUSED or STOPPED/);
    expect(messages[2]).toMatch(/^x\.yaml:2\d:\d+: /);
    expect(errors).toHaveLength(3);
    const nested = parseConnectorFile('y.yaml', doc('a').replace('  flag: yes', '  flag:\n    deep: 1'));
    expect(nested.errors.map((error) => error.message)).toEqual(['y.yaml:8:3: config.flag: a config value must be a single value, not a list or a map']);
  });

  it('refuses a connector described twice, naming both places', async () => {
    await mkdir(path.join(dir, 'dup'), { recursive: true });
    await writeFile(path.join(dir, 'dup/one.yaml'), doc('same'));
    await writeFile(path.join(dir, 'dup/two.yaml'), doc('same'));
    await expect(readDesiredState(path.join(dir, 'dup'))).rejects.toThrow(/two\.yaml:1:1: connector "same" on Connect cluster "local" is also described at .*one\.yaml:1/);
  });

  it('resolves ${env:...} and ${file:...}, reports unset ones, and leaves Connect provider references alone', async () => {
    await writeFile(path.join(dir, 'pw.txt'), 's3cret\n');
    const source = { file: path.join(dir, 'x.yaml'), line: 1, column: 1 };
    const base = { connect: 'local', name: 'a', state: 'RUNNING' as const, source };
    const [resolved] = resolveReferences([{ ...base, config: { a: '${env:A}', b: 'x-${file:pw.txt}-y', c: '${file:/etc/secrets.properties:pw}' } }], { A: 'from-env' });
    expect(resolved!.config).toEqual({ a: 'from-env', b: 'x-s3cret-y', c: '${file:/etc/secrets.properties:pw}' });
    expect(() => resolveReferences([{ ...base, config: { 'db.password': '${env:CTY_UNSET_VARIABLE}' } }], {})).toThrow(
      /x\.yaml:1:1: connector "a", config "db\.password": \$\{env:CTY_UNSET_VARIABLE\} cannot be resolved: environment variable CTY_UNSET_VARIABLE is not set/,
    );
    expect(literalSecrets([{ ...base, config: { 'db.password': 'plain', 'api.key': '${env:K}', topic: 't' } }]).map((s) => s.key)).toEqual(['db.password']);
    expect(secretVariableName('orders-source', 'database.password')).toBe('ORDERS_SOURCE_DATABASE_PASSWORD');
  });

  it('writes documents that read back to the same connector', () => {
    const yaml = connectorToYaml({ connect: 'local', name: 'a', state: 'STOPPED', config: { z: '1', a: 'yes', p: '${env:A_P}' } });
    const { documents, errors } = parseConnectorFile('e.yaml', yaml);
    expect(errors).toEqual([]);
    expect(documents[0]).toMatchObject({ connect: 'local', name: 'a', state: 'STOPPED', config: { a: 'yes', p: '${env:A_P}', z: '1' } });
  });

  it('shows a secret field only as changed, never its values', () => {
    const changes = fieldChanges({ name: 'a', 'db.password': 'old', topic: 't1' }, { name: 'a', 'db.password': 'new', topic: 't2' }, new Set());
    expect(changes).toEqual([
      { key: 'db.password', change: 'changed', secret: true },
      { key: 'topic', change: 'changed', before: 't1', after: 't2' },
    ]);
  });
});
