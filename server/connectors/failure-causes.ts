/**
 * Why a connector or task failed, in words: Connect reports a Java stack trace whose first line is usually a
 * wrapper ("An exception occurred in the change event producer"); the real cause sits in a "Caused by" further
 * down. This module finds it and, for the causes people meet again and again with Debezium and JDBC, adds a
 * plain-language hint. The table below is the one place those patterns live (validation messages use it too).
 */

export interface FailureCause {
  /** The cause's message, without the exception class. */
  message: string;
  /** The Java exception class that carried it, e.g. `java.sql.SQLException`. */
  exception: string | null;
  /** What it usually means and what to do, for well-known causes. */
  hint: string | null;
}

export interface KnownCause {
  id: string;
  /** Matched against "exception class: message" of each cause, deepest first. */
  pattern: RegExp;
  hint: string;
  /** About reaching or signing in to the external system: the connection settings as a whole, not one field. */
  connection: boolean;
}

/** First match wins: the more specific patterns come before the general ones (replication privileges before access denied). */
export const KNOWN_CAUSES: readonly KnownCause[] = [
  {
    id: 'duplicate-server-id',
    pattern: /A (slave|replica) with the same server_uuid\/server_id/i,
    hint: 'Another binlog client, often another connector, uses the same database.server.id on this database server. Give each connector its own unique database.server.id.',
    connection: false,
  },
  {
    id: 'replication-privileges',
    pattern: /Access denied; you need \(at least one of\) the .*REPLICATION|must be superuser or replication role|must have (the )?REPLICATION|permission denied to start WAL sender/i,
    hint: 'The database user lacks the replication privileges change data capture needs (MySQL/MariaDB: REPLICATION SLAVE, REPLICATION CLIENT; PostgreSQL: the REPLICATION attribute).',
    connection: false,
  },
  {
    id: 'access-denied',
    pattern: /Access denied for user|password authentication failed for user|Login failed for user|ORA-01017|no pg_hba\.conf entry/i,
    hint: 'The database refused the user name or password: check database.user and database.password (or connection.user and connection.password), and that this user may sign in from the Connect workers\' host.',
    connection: true,
  },
  {
    id: 'unknown-database',
    pattern: /Unknown database '|database "[^"]*" does not exist|Cannot open database "/i,
    hint: 'The database named in the config does not exist on that server: check the database name (database.dbname, database.include.list or the connection URL).',
    connection: true,
  },
  {
    id: 'unreachable',
    pattern: /Communications link failure|Connection refused|Connection to \S+ refused|UnknownHostException|Connect(ion)? timed out|No route to host|The connection attempt failed|Could not connect to|Socket fail to connect/i,
    hint: 'The connector cannot reach the database: check the host name and port, and that the database is up and reachable from every Connect worker.',
    connection: true,
  },
  {
    id: 'no-driver',
    pattern: /No suitable driver found/i,
    hint: 'No JDBC driver on the workers handles this connection URL: install the driver jar next to the connector plugin, or check the URL\'s prefix (jdbc:mysql:, jdbc:postgresql:, …).',
    connection: true,
  },
  {
    id: 'missing-table',
    pattern: /Table '[^']*' doesn't exist|relation "[^"]*" does not exist|ORA-00942|Invalid object name '/i,
    hint: 'A table the connector reads or writes does not exist: create it, check the table names in the config, or let a JDBC sink create it (auto.create=true).',
    connection: false,
  },
  {
    id: 'missing-column',
    pattern: /Unknown column '|column "[^"]*" of relation "[^"]*" does not exist|Invalid column name '/i,
    hint: 'The table lacks a column the records carry: add the column, or let a JDBC sink add it (auto.evolve=true).',
    connection: false,
  },
  {
    id: 'duplicate-key',
    pattern: /Duplicate entry '[^']*' for key|duplicate key value violates unique constraint/i,
    hint: 'A row with the same key exists already: a sink that may see a record twice should write with insert.mode=upsert and its primary key fields set.',
    connection: false,
  },
  {
    id: 'binlog-purged',
    pattern: /no longer available on the server|Could not find first log file name in binary log index file|purged binary logs/i,
    hint: 'The binlog position the connector stopped at has been purged from the server: keep binlogs longer, or let the connector take a new snapshot (snapshot.mode=when_needed).',
    connection: false,
  },
  {
    id: 'binlog-off',
    pattern: /binlog_format|binary logging|log_bin/i,
    hint: 'The database server does not write a row-based binlog: set log_bin and binlog_format=ROW (binlog_row_image=FULL) on the server and restart it.',
    connection: false,
  },
  {
    id: 'slot-in-use',
    pattern: /replication slot "[^"]*" is active for PID/i,
    hint: 'Another connector or client holds this replication slot: give each connector its own slot.name (or stop the other one first).',
    connection: false,
  },
  {
    id: 'wal-level',
    pattern: /logical decoding requires (wal_level|"wal_level")/i,
    hint: 'PostgreSQL is not set up for logical decoding: set wal_level=logical on the server and restart it.',
    connection: false,
  },
  {
    id: 'publication-missing',
    pattern: /publication "[^"]*" does not exist/i,
    hint: 'The publication the connector reads from does not exist: create it, or let Debezium create it (publication.autocreate.mode=filtered or all_tables).',
    connection: false,
  },
  {
    id: 'schema-history-missing',
    pattern: /(db|schema) history topic.*(missing|not found)/i,
    hint: 'Debezium\'s schema history topic is missing or incomplete (deleted, or retention dropped it): it must be kept forever. Recover it with snapshot.mode=recovery, or start over under a new topic prefix.',
    connection: false,
  },
  {
    id: 'topic-authorization',
    pattern: /TopicAuthorizationException|Not authorized to access topics/i,
    hint: 'The Connect worker\'s Kafka principal may not use this topic: grant it the ACLs to read or write it.',
    connection: false,
  },
  {
    id: 'converter-mismatch',
    pattern: /Unknown magic byte|JsonConverter with schemas\.enable requires "schema" and "payload"|Converting byte\[\] to Kafka Connect data failed/i,
    hint: 'The records on the topic were not written in the format the converter expects: set key.converter / value.converter (and schemas.enable) to match what the producer wrote.',
    connection: false,
  },
  {
    id: 'file-unreadable',
    pattern: /NoSuchFileException|AccessDeniedException|FileNotFoundException|: Not a directory|: Is a directory/i,
    hint: 'The worker cannot open the file: the path must exist and be readable on every Connect worker that may run the task.',
    connection: false,
  },
];

export function knownCause(text: string): KnownCause | undefined {
  return KNOWN_CAUSES.find((cause) => cause.pattern.test(text));
}

interface ThrowableLine {
  exception: string | null;
  message: string;
}

const FRAME = /^\s+(at |\.\.\. \d+ (more|common frames omitted))/;
const CAUSED_BY = /^\s*Caused by: /;
// `java.sql.SQLException: text`, `io.debezium.DebeziumException`, inner classes with `$`.
const THROWABLE = /^((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*)(?::\s?([\s\S]*))?$/;

/** Each throwable of the chain, outermost first, with its (possibly several-line) message. Suppressed ones are left out. */
export function throwableChain(trace: string): ThrowableLine[] {
  const chain: ThrowableLine[] = [];
  let current: string[] | undefined;
  let suppressed = false;
  const finish = () => {
    if (current && !suppressed) chain.push(parseThrowable(current.join('\n').trim()));
    current = undefined;
  };
  for (const [index, line] of trace.split(/\r?\n/).entries()) {
    if (index === 0) {
      current = [line];
    } else if (CAUSED_BY.test(line)) {
      finish();
      // a Caused by inside a Suppressed block is indented further than the chain's own
      suppressed = suppressed && /^\s+/.test(line);
      current = [line.replace(CAUSED_BY, '')];
    } else if (/^\s*Suppressed: /.test(line)) {
      finish();
      suppressed = true;
    } else if (FRAME.test(line)) {
      finish();
    } else if (current) {
      current.push(line);
    }
  }
  finish();
  return chain.filter((item) => item.message || item.exception);
}

function parseThrowable(text: string): ThrowableLine {
  const match = THROWABLE.exec(text);
  if (!match) return { exception: null, message: text };
  return { exception: match[1]!, message: (match[2] ?? '').trim() };
}

/**
 * The cause to headline: the deepest one a known pattern recognises (its hint with it), else the deepest one
 * with a message. Null for an empty trace.
 */
export function failureCause(trace: string | null | undefined): FailureCause | null {
  if (!trace?.trim()) return null;
  const deepestFirst = throwableChain(trace).reverse();
  if (deepestFirst.length === 0) return null;
  for (const item of deepestFirst) {
    const known = knownCause(`${item.exception ?? ''}: ${item.message}`);
    if (known) return { message: item.message || item.exception || '', exception: item.exception, hint: known.hint };
  }
  const withMessage = deepestFirst.find((item) => item.message) ?? deepestFirst[0]!;
  return { message: withMessage.message || withMessage.exception || '', exception: withMessage.exception, hint: null };
}

/** One error of a plugin's validation, with what it is about. */
export interface ValidationProblem {
  field: string;
  message: string;
  hint: string | null;
  /** Reaching or signing in to the external system failed: the connection settings as a whole, whatever field the plugin hung it on. */
  connection: boolean;
  /** The field has no value and needs one (Connect's and Debezium's "required" messages). */
  missing: boolean;
}

// Connect's own, and Debezium's ("The 'topic.prefix' value is invalid: A value is required").
const MISSING = /^Missing required configuration "[^"]*" which has no default value|(^|: )A value is required$/;

/** Every error of every field, in the validation's field order. */
export function validationProblems(fields: readonly { name: string; errors: readonly string[] }[]): ValidationProblem[] {
  return fields.flatMap((field) =>
    field.errors.map((message) => {
      const known = knownCause(message);
      return { field: field.name, message, hint: known?.hint ?? null, connection: known?.connection ?? false, missing: MISSING.test(message) };
    }),
  );
}
