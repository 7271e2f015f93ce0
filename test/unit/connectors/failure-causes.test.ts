// The headline of a failed connector or task: the deepest "Caused by", with a hint for the well-known causes.
import { describe, expect, it } from 'vitest';
import { failureCause, KNOWN_CAUSES, knownCause, throwableChain, validationProblems } from '../../../server/connectors/failure-causes';

// As Debezium 3 MariaDB reports a second connector with the same database.server.id (trimmed frames).
const DUPLICATE_SERVER_ID = `org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.
\tat io.debezium.pipeline.ErrorHandler.setProducerThrowable(ErrorHandler.java:67)
\tat io.debezium.connector.binlog.BinlogStreamingChangeEventSource$ReaderThreadLifecycleListener.onCommunicationFailure(BinlogStreamingChangeEventSource.java:1316)
\tat com.github.shyiko.mysql.binlog.BinaryLogClient.listenForEventPackets(BinaryLogClient.java:1131)
\tat java.base/java.lang.Thread.run(Thread.java:840)
Caused by: io.debezium.DebeziumException: A slave with the same server_uuid/server_id as this slave has connected to the master; the first event 'mysql-bin.000003' at 4, the last event read from 'mysql-bin.000003' at 1423, the last byte read from 'mysql-bin.000003' at 1423. Error code: 1236; SQLSTATE: HY000.
\tat io.debezium.connector.binlog.BinlogStreamingChangeEventSource.wrap(BinlogStreamingChangeEventSource.java:1270)
\t... 5 more
Caused by: com.github.shyiko.mysql.binlog.network.ServerException: A slave with the same server_uuid/server_id as this slave has connected to the master; the first event 'mysql-bin.000003' at 4, the last event read from 'mysql-bin.000003' at 1423, the last byte read from 'mysql-bin.000003' at 1423.
\tat com.github.shyiko.mysql.binlog.BinaryLogClient.listenForEventPackets(BinaryLogClient.java:1090)
\t... 3 more
`;

// A JDBC sink whose password is wrong: the refusal is two causes deep.
const REFUSED_PASSWORD = `org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.
\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)
Caused by: org.hibernate.exception.GenericJDBCException: unable to obtain isolated JDBC connection [FATAL: password authentication failed for user "app"] [n/a]
\tat org.hibernate.exception.internal.StandardSQLExceptionConverter.convert(StandardSQLExceptionConverter.java:63)
\t... 12 more
Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user "app"
\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)
\t... 20 more
`;

const MISSING_TABLE = `org.apache.kafka.connect.errors.ConnectException: java.sql.SQLSyntaxErrorException: Table 'inventory.orderz' doesn't exist
\tat io.confluent.connect.jdbc.source.JdbcSourceTask.poll(JdbcSourceTask.java:420)
Caused by: java.sql.SQLSyntaxErrorException: Table 'inventory.orderz' doesn't exist
\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:121)
\t... 10 more
`;

const MULTI_LINE_UNKNOWN = `org.apache.kafka.connect.errors.ConnectException: wrapper
\tat a.B.c(B.java:1)
Caused by: java.lang.IllegalStateException: first line of the message
second line of the message
\tat a.B.d(B.java:2)
\tSuppressed: java.lang.RuntimeException: cleanup failed
\t\tat a.B.e(B.java:3)
`;

describe('failureCause', () => {
  it('headlines the duplicate server id with its hint, not the change event producer wrapper', () => {
    const cause = failureCause(DUPLICATE_SERVER_ID);
    expect(cause?.exception).toBe('com.github.shyiko.mysql.binlog.network.ServerException');
    expect(cause?.message).toMatch(/^A slave with the same server_uuid\/server_id as this slave has connected/);
    expect(cause?.hint).toMatch(/database\.server\.id/);
  });

  it('finds a refused password two causes deep', () => {
    const cause = failureCause(REFUSED_PASSWORD);
    expect(cause).toEqual({ message: 'FATAL: password authentication failed for user "app"', exception: 'org.postgresql.util.PSQLException', hint: expect.stringMatching(/password/) });
  });

  it('names a missing table', () => {
    expect(failureCause(MISSING_TABLE)).toMatchObject({ message: "Table 'inventory.orderz' doesn't exist", hint: expect.stringMatching(/table/i) });
  });

  it('keeps a message of several lines, leaves suppressed exceptions out, and has no hint for an unknown cause', () => {
    expect(throwableChain(MULTI_LINE_UNKNOWN).map((item) => item.exception)).toEqual(['org.apache.kafka.connect.errors.ConnectException', 'java.lang.IllegalStateException']);
    expect(failureCause(MULTI_LINE_UNKNOWN)).toEqual({ message: 'first line of the message\nsecond line of the message', exception: 'java.lang.IllegalStateException', hint: null });
  });

  it('takes a trace of one line as it is, and nothing for no trace', () => {
    expect(failureCause('java.lang.OutOfMemoryError: Java heap space')).toEqual({ message: 'Java heap space', exception: 'java.lang.OutOfMemoryError', hint: null });
    expect(failureCause(null)).toBeNull();
    expect(failureCause('  ')).toBeNull();
  });

  it('falls back to the exception class when the deepest cause has no message', () => {
    const trace = 'org.apache.kafka.connect.errors.ConnectException: outer\n\tat a.B.c(B.java:1)\nCaused by: java.io.EOFException\n\tat a.B.d(B.java:2)\n';
    expect(failureCause(trace)).toEqual({ message: 'outer', exception: 'org.apache.kafka.connect.errors.ConnectException', hint: null });
  });
});

describe('KNOWN_CAUSES', () => {
  const cases: [string, string, boolean][] = [
    ['duplicate-server-id', 'A replica with the same server_uuid/server_id as this replica has connected to the source', false],
    ['replication-privileges', "Access denied; you need (at least one of) the SUPER, REPLICATION CLIENT privilege(s) for this operation", false],
    ['access-denied', "Access denied for user 'connectory'@'localhost' (using password: YES)", true],
    ['access-denied', 'FATAL: password authentication failed for user "postgres"', true],
    ['unknown-database', "Unknown database 'inventori'", true],
    ['unknown-database', 'FATAL: database "inventori" does not exist', true],
    ['unreachable', 'Communications link failure\n\nThe last packet sent successfully to the server was 0 milliseconds ago.', true],
    ['unreachable', 'Connection to localhost:5433 refused. Check that the hostname and port are correct', true],
    ['no-driver', 'No suitable driver found for jdbc:oracle:thin:@db:1521/x', true],
    ['missing-table', 'ERROR: relation "public.orders" does not exist', false],
    ['missing-column', "Unknown column 'email' in 'field list'", false],
    ['duplicate-key', 'ERROR: duplicate key value violates unique constraint "orders_pkey"', false],
    ['binlog-purged', "The connector is trying to read binlog starting at ..., but this is no longer available on the server.", false],
    ['slot-in-use', 'ERROR: replication slot "debezium" is active for PID 4242', false],
    ['wal-level', 'ERROR: logical decoding requires wal_level >= logical', false],
    ['publication-missing', 'ERROR: publication "dbz_publication" does not exist', false],
    ['schema-history-missing', 'The db history topic is missing. You may attempt to recover it by reconfiguring the connector to recovery.', false],
    ['converter-mismatch', 'Unknown magic byte!', false],
    ['file-unreadable', 'java.nio.file.AccessDeniedException: /data/in.txt', false],
  ];

  it.each(cases)('recognises %s in %j (about the connection: %s)', (id, message, connection) => {
    const known = knownCause(message);
    expect(known?.id).toBe(id);
    expect(known?.connection).toBe(connection);
  });

  it('has unique ids and a hint for each', () => {
    expect(new Set(KNOWN_CAUSES.map((cause) => cause.id)).size).toBe(KNOWN_CAUSES.length);
    expect(KNOWN_CAUSES.filter((cause) => cause.hint.length < 20)).toEqual([]);
  });

  it('has no hint for an everyday message', () => {
    expect(knownCause('Invalid value abc for configuration tasks.max: Not a number of type INT')).toBeUndefined();
  });
});

describe('validationProblems', () => {
  it('lists each message, marks connection errors and missing values', () => {
    const problems = validationProblems([
      { name: 'database.hostname', errors: ["Unable to connect: Access denied for user 'connectory'@'localhost' (using password: YES)"] },
      { name: 'database.port', errors: [] },
      { name: 'topic.prefix', errors: ["The 'topic.prefix' value is invalid: A value is required"] },
      { name: 'topic', errors: ['Missing required configuration "topic" which has no default value.', 'second'] },
    ]);
    expect(problems.map(({ field, connection, missing }) => [field, connection, missing])).toEqual([
      ['database.hostname', true, false],
      ['topic.prefix', false, true],
      ['topic', false, true],
      ['topic', false, false],
    ]);
    expect(problems[0]!.hint).toMatch(/password/);
    expect(problems[1]!.hint).toBeNull();
  });
});
