/**
 * The schema registry tests run against: the stack's (stack.json `schemaRegistry`), or, for a stack started before
 * the registry was part of it, a standalone one started once and reused (test/stack/registry/standalone.ts).
 */
import { registryAnswers } from '../stack/registry/service';
import { standaloneRegistryUp } from '../stack/registry/standalone';
import type { StackInfo } from '../stack/types';

/** The registry's Confluent-compatible API base URL. */
export async function testSchemaRegistry(stack: StackInfo): Promise<string> {
  const fromStack = stack.schemaRegistry?.url;
  const root = fromStack && (await registryAnswers(fromStack).catch(() => false)) ? fromStack : (await standaloneRegistryUp(() => {})).url;
  return `${root}/apis/ccompat/v7`;
}

/** Straight to the registry, not through Connectory: the independent view tests compare against. */
export async function registryCall<T = any>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
