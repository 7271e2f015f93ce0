// The console's pure parts of templates of your own: the topic form saved as a template, scope labels and ids,
// what the Templates page says about each blank, and a topic template's settings edited as rows.
import { describe, expect, it } from 'vitest';
import { NewTopicTemplateSchema } from '../../../server/topics/template-schema';
import { configsFrom, rowsFrom } from '../../../web/src/templates/config-rows';
import { defaultText, keysUsing, placeholderKinds } from '../../../web/src/templates/placeholder-help';
import { scopeLabel, slug, usableOn } from '../../../web/src/templates/scope';
import { setConfigs, templateFormProblems, topicTemplateFromForm } from '../../../web/src/topics/template-from-form';

describe('a topic form saved as a template', () => {
  const form = { partitions: ' 6 ', replicationFactor: '3', values: { 'retention.ms': '86400000', 'cleanup.policy': '', 'compression.type': ' ' } };

  it('keeps the numbers and the settings given a value, and is what the API takes', () => {
    const body = topicTemplateFromForm(form, { id: 'orders', name: ' Orders ', description: ' events ', kafkaClusterId: 'local' });
    expect(body).toEqual({ id: 'orders', name: 'Orders', description: 'events', kafkaClusterId: 'local', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '86400000' } });
    expect(NewTopicTemplateSchema.safeParse(body).success).toBe(true);
    expect(NewTopicTemplateSchema.safeParse(topicTemplateFromForm(form, { id: 'everywhere', name: 'x', description: '', kafkaClusterId: null })).success).toBe(true);
  });

  it('names the form fields whose numbers a template cannot keep', () => {
    expect(templateFormProblems(form)).toEqual({});
    expect(Object.keys(templateFormProblems({ ...form, partitions: '2.5', replicationFactor: '' }))).toEqual(['partitions', 'replicationFactor']);
    expect(templateFormProblems({ ...form, replicationFactor: '0' }).replicationFactor).toMatch(/at least 1/);
  });

  it('leaves settings without a value to the cluster', () => {
    expect(setConfigs({ a: '1', b: '', c: '  ' })).toEqual({ a: '1' });
  });
});

describe('template scope and ids', () => {
  it('says where a template is offered', () => {
    expect(scopeLabel('kafka', null)).toBe('Every cluster');
    expect(scopeLabel('connect', 'local')).toBe('Only Connect cluster local');
    expect(usableOn(null, 'a')).toBe(true);
    expect(usableOn('a', 'a')).toBe(true);
    expect(usableOn('b', 'a')).toBe(false);
  });

  it('makes an id the API accepts from any name', () => {
    expect(slug('Orders CDC (prod)!')).toBe('orders-cdc-prod');
    expect(slug('  --Ünïcode  ')).toBe('n-code');
    const long = slug(`${'a'.repeat(62)} b`);
    expect(long).toBe('a'.repeat(62));
    expect(long).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
  });
});

describe('the Templates page on each blank', () => {
  const config = { 'database.hostname': '${host}', url: 'jdbc:${host}:${port}/x', 'database.password': '${password}', other: '${hostname}' };

  it('lists the keys a blank fills, not those of a blank with a longer name', () => {
    expect(keysUsing(config, 'host')).toEqual(['database.hostname', 'url']);
    expect(keysUsing(config, 'missing')).toEqual([]);
  });

  it('says what a blank holds when left empty and what kind it is', () => {
    expect(defaultText({ name: 'p', description: '', secret: true, required: true })).toMatch(/never stored/);
    expect(defaultText({ name: 'id', description: '', generate: 'server-id', required: true })).toMatch(/fresh value/);
    expect(defaultText({ name: 'h', description: '', default: 'db', required: true })).toBe('db');
    expect(defaultText({ name: 'h', description: '', required: false })).toBe('—');
    expect(placeholderKinds({ name: 'p', description: '', secret: true, required: true })).toEqual(['required', 'secret']);
    expect(placeholderKinds({ name: 'id', description: '', generate: 'server-id', required: true })).toEqual(['optional', 'generated']);
    expect(placeholderKinds({ name: 'h', description: '', required: false })).toEqual(['optional']);
  });
});

describe("a topic template's settings as rows", () => {
  it('round-trips, dropping empty rows and keeping an empty value (cleanup.policy "" means keep forever)', () => {
    expect(rowsFrom({ b: '2', a: '1' })).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    expect(configsFrom([{ key: ' a ', value: '1' }, { key: '', value: '' }, { key: 'cleanup.policy', value: '' }])).toEqual({ configs: { a: '1', 'cleanup.policy': '' } });
  });

  it('refuses a value without a name and a name given twice', () => {
    expect(configsFrom([{ key: '', value: '7' }]).problem).toMatch(/no setting name/);
    expect(configsFrom([{ key: 'a', value: '1' }, { key: 'a ', value: '2' }]).problem).toMatch(/a is given twice/);
  });
});
