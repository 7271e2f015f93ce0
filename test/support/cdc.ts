// The stack's two CDC sources as the catalog's Debezium templates want them: the blanks filled in, a row
// inserted the way an application would, and the replication slots a PostgreSQL connector leaves behind.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { StackInfo } from '../stack/types';

const run = promisify(execFile);

export interface Customer {
  first: string;
  last: string;
  email: string;
}

/** Values for the debezium-mariadb template `mariadb-capture-tables`, capturing `customers`. */
export function mariadbTemplateValues(stack: StackInfo, prefix: string): Record<string, string> {
  const db = stack.mariadb;
  return {
    hostname: db.host,
    port: String(db.port),
    user: db.user,
    password: db.password,
    // one per binlog client: a random one, so connectors of parallel runs never collide
    server_id: String(200_000 + Math.floor(Math.random() * 100_000)),
    database: db.database,
    tables: `${db.database}.customers`,
    topic_prefix: prefix,
    kafka_bootstrap_servers: stack.kafka.bootstrap,
    schema_history_topic: `${prefix}.schema-history`,
  };
}

/** Values for the debezium-postgres template `postgres-capture-tables`, capturing `public.customers`. */
export function postgresTemplateValues(stack: StackInfo, prefix: string, slot: string): Record<string, string> {
  const source = stack.sourcePostgres;
  return {
    hostname: source.host,
    port: String(source.port),
    user: source.user,
    password: source.password,
    database: source.database,
    tables: 'public.customers',
    topic_prefix: prefix,
    publication: 'dbz_publication',
    publication_autocreate: 'disabled',
    slot_name: slot,
  };
}

export async function insertMariadbCustomer(stack: StackInfo, customer: Customer): Promise<void> {
  const db = stack.mariadb;
  // through the mariadb client, as a person would type it: the values go into the statement as they are
  if (Object.values(customer).some((value) => value.includes("'"))) throw new Error('insertMariadbCustomer: no quotes in test values');
  const sql = `INSERT INTO customers (first_name, last_name, email) VALUES ('${customer.first}', '${customer.last}', '${customer.email}')`;
  await run('mariadb', ['-h', db.host, '-P', String(db.port), '-u', db.user, `-p${db.password}`, db.database, '-e', sql]);
}

export async function insertPostgresCustomer(stack: StackInfo, customer: Customer): Promise<void> {
  const source = stack.sourcePostgres;
  const sql = postgres({ host: source.host, port: source.port, user: source.user, password: source.password, database: source.database, max: 1 });
  try {
    await sql`insert into customers (first_name, last_name, email) values (${customer.first}, ${customer.last}, ${customer.email})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A deleted connector's slot stays active until its task stopped; an inactive slot would keep WAL forever. */
export async function dropReplicationSlots(stack: StackInfo, slots: string[]): Promise<void> {
  if (slots.length === 0) return;
  const source = stack.sourcePostgres;
  const sql = postgres({ host: source.host, port: source.port, user: source.adminUser ?? source.user, password: source.adminPassword ?? source.password, database: source.database, max: 1 });
  try {
    const deadline = Date.now() + 30_000;
    for (const slot of slots) {
      while ((await sql`select active from pg_replication_slots where slot_name = ${slot}`)[0]?.active && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await sql`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ${slot} and not active`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
