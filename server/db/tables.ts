/**
 * The database schema. Migrations in ./migrations are generated from this file by `npm run db:generate`
 * (drizzle-kit) and run unchanged on PostgreSQL and on embedded PGlite.
 *
 * Conventions: timestamps are timestamptz; secrets are stored only as ciphertext (`*_enc` text columns, or
 * `*Enc` fields inside jsonb) made by server/secrets; tokens and session ids only as hashes. Closed sets of
 * values are text columns with a CHECK constraint rather than enums, so adding a value is a one-line migration.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

/** `"column" in ('a', 'b')` for CHECK constraints; values are this file's own constants, never user input. */
function oneOf(column: string, values: readonly string[]): SQL {
  return sql.raw(`"${column}" in (${values.map((value) => `'${value}'`).join(', ')})`);
}

// ---------------------------------------------------------------------------------------------- users & access

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** Connect/Kafka cluster ids the user may touch; null means every cluster. */
  scopeClusters: text('scope_clusters').array(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    role: text('role').$type<Role>().notNull(),
    /** Connect/Kafka cluster ids the token may touch; null means every cluster. */
    scopeClusters: text('scope_clusters').array(),
    expiresAt: at('expires_at'),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_created_by_idx').on(t.createdBy)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the session cookie value: a leaked table does not let anyone log in. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfTokenHash: text('csrf_token_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_expires_at_idx').on(t.expiresAt)],
);

// ---------------------------------------------------------------------------------------------- clusters

export interface KafkaTlsSettings {
  enabled: boolean;
  rejectUnauthorized?: boolean;
  caPem?: string;
  certPem?: string;
  /** Client private key, encrypted. */
  keyPemEnc?: string;
}

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSaslSettings {
  mechanism: SaslMechanism;
  username: string;
  /** Encrypted. */
  passwordEnc: string;
}

export type ConnectAuthSettings =
  | { kind: 'basic'; username: string; /** Encrypted. */ passwordEnc: string }
  | { kind: 'bearer'; /** Encrypted. */ tokenEnc: string };

/** How Connectory reaches a Connect REST API served over https. */
export interface ConnectTlsSettings {
  /** PEM of the CA that signed the workers' certificates, when it is not a public one (and the plugin agents'). */
  caPem?: string;
  rejectUnauthorized?: boolean;
  /** Client certificate (PEM) and encrypted key for plugin agents that require mutual TLS. */
  agentCertPem?: string;
  agentKeyPemEnc?: string;
}

export const kafkaClusters = pgTable('kafka_clusters', {
  /** Chosen at registration and used in URLs (`local` for the demo's own stack). */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  bootstrapServers: text('bootstrap_servers').array().notNull(),
  tls: jsonb('tls').$type<KafkaTlsSettings>(),
  sasl: jsonb('sasl').$type<KafkaSaslSettings>(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const connectClusters = pgTable(
  'connect_clusters',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kafkaClusterId: text('kafka_cluster_id').references(() => kafkaClusters.id, { onDelete: 'set null' }),
    auth: jsonb('auth').$type<ConnectAuthSettings>(),
    tls: jsonb('tls').$type<ConnectTlsSettings>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connect_clusters_kafka_cluster_id_idx').on(t.kafkaClusterId)],
);

export const connectWorkers = pgTable(
  'connect_workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectClusterId: text('connect_cluster_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The plugin agent beside this worker; null when plugins are delivered some other way. */
    agentUrl: text('agent_url'),
    agentTokenEnc: text('agent_token_enc'),
    createdAt: createdAt(),
  },
  (t) => [unique('connect_workers_cluster_url_unique').on(t.connectClusterId, t.url)],
);

// ---------------------------------------------------------------------------------------------- plugin delivery

export const ARTIFACT_KINDS = ['zip', 'tar.gz', 'jar'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** Where an artifact came from: a catalog version fetched from Maven, or an upload. */
export type ArtifactSource =
  | { kind: 'catalog'; catalogId: string; version: string; coordinates: string; url: string }
  | { kind: 'upload'; filename: string; uploadedBy?: string };

export const artifacts = pgTable(
  'artifacts',
  {
    sha256: text('sha256').primaryKey(),
    name: text('name').notNull(),
    version: text('version'),
    kind: text('kind').$type<ArtifactKind>().notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** What archive inspection found (jars, connector/converter/transform classes); shape owned by plugins/. */
    inspection: jsonb('inspection').$type<Record<string, unknown>>().notNull(),
    source: jsonb('source').$type<ArtifactSource>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('artifacts_kind_check', oneOf('kind', ARTIFACT_KINDS)), index('artifacts_name_idx').on(t.name)],
);

export const INSTALL_KINDS = ['install', 'upgrade', 'uninstall'] as const;
export type InstallKind = (typeof INSTALL_KINDS)[number];
export const INSTALL_STATES = ['queued', 'running', 'succeeded', 'failed', 'rolled_back'] as const;
export type InstallState = (typeof INSTALL_STATES)[number];
/** States in which an operation still owns its Connect cluster. */
export const ACTIVE_INSTALL_STATES = ['queued', 'running'] as const satisfies readonly InstallState[];

/** Before an install: each worker's artifact under the plugin's name (by worker URL), null where there was none. */
export interface InstallPrevious {
  workers: Record<string, string | null>;
}

/** A connector using a plugin's classes, as seen when an operation on that plugin was asked for. */
export interface AffectedConnector {
  name: string;
  class: string;
  state: string;
}

export const installOperations = pgTable(
  'install_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectClusterId: text('connect_cluster_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<InstallKind>().notNull(),
    /** Null for an uninstall. */
    artifactSha256: text('artifact_sha256').references(() => artifacts.sha256, { onDelete: 'restrict' }),
    pluginName: text('plugin_name').notNull(),
    pluginVersion: text('plugin_version'),
    state: text('state').$type<InstallState>().notNull().default('queued'),
    requestedBy: text('requested_by').notNull(),
    error: text('error'),
    /** What each worker had under the plugin's name before (sha256, or null for nothing): what a rollback restores. */
    previous: jsonb('previous').$type<InstallPrevious>(),
    /** Connectors that used the plugin's classes when the operation was asked for (upgrade and uninstall warn). */
    affectedConnectors: jsonb('affected_connectors').$type<AffectedConnector[]>().notNull().default([]),
    /** Classes each worker must list afterwards (or no longer list, for an uninstall). */
    classes: jsonb('classes').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [
    check('install_operations_kind_check', oneOf('kind', INSTALL_KINDS)),
    check('install_operations_state_check', oneOf('state', INSTALL_STATES)),
    // One operation per Connect cluster at a time, enforced by the database rather than by luck.
    uniqueIndex('install_operations_one_active_per_cluster')
      .on(t.connectClusterId)
      .where(oneOf('state', ACTIVE_INSTALL_STATES)),
    index('install_operations_cluster_created_idx').on(t.connectClusterId, t.createdAt),
    index('install_operations_state_idx').on(t.state),
  ],
);

/** `remove` is an uninstall's (or a rollback's) counterpart of `push`. */
export const INSTALL_STEP_KINDS = ['push', 'extract', 'restart', 'verify', 'remove'] as const;
export type InstallStepKind = (typeof INSTALL_STEP_KINDS)[number];
export const INSTALL_STEP_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type InstallStepState = (typeof INSTALL_STEP_STATES)[number];
export const INSTALL_STEP_PHASES = ['apply', 'rollback'] as const;
export type InstallStepPhase = (typeof INSTALL_STEP_PHASES)[number];

export const installSteps = pgTable(
  'install_steps',
  {
    operationId: uuid('operation_id')
      .notNull()
      .references(() => installOperations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    workerUrl: text('worker_url').notNull(),
    step: text('step').$type<InstallStepKind>().notNull(),
    state: text('state').$type<InstallStepState>().notNull().default('pending'),
    /** A rollback's steps come after the failed operation's own. */
    phase: text('phase').$type<InstallStepPhase>().notNull().default('apply'),
    /** What a push step puts on the worker; null means the operation's artifact. */
    artifactSha256: text('artifact_sha256'),
    error: text('error'),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [
    primaryKey({ name: 'install_steps_pk', columns: [t.operationId, t.position] }),
    check('install_steps_step_check', oneOf('step', INSTALL_STEP_KINDS)),
    check('install_steps_state_check', oneOf('state', INSTALL_STEP_STATES)),
    check('install_steps_phase_check', oneOf('phase', INSTALL_STEP_PHASES)),
  ],
);

// ---------------------------------------------------------------------------------------------- connectors

export const CONFIG_SOURCES = ['connectory', 'external'] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export const connectorConfigVersions = pgTable(
  'connector_config_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectClusterId: text('connect_cluster_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    connectorName: text('connector_name').notNull(),
    version: integer('version').notNull(),
    /** The whole connector config, encrypted: configs carry database passwords. */
    configEnc: text('config_enc').notNull(),
    /** sha256 of the canonical config, to notice changes made outside Connectory without decrypting. */
    configHash: text('config_hash').notNull(),
    source: text('source').$type<ConfigSource>().notNull(),
    actor: text('actor'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('connector_config_versions_cluster_name_version_unique').on(t.connectClusterId, t.connectorName, t.version),
    check('connector_config_versions_source_check', oneOf('source', CONFIG_SOURCES)),
  ],
);

/** A config key's `${name}` blank in a connector template. */
export interface TemplatePlaceholder {
  name: string;
  description: string;
  default?: string;
  secret?: boolean;
  required: boolean;
}

/** Reusable connector configs with blanks; their format is server/templates/schema.ts, shared with the catalog. */
export const connectorTemplates = pgTable(
  'connector_templates',
  {
    /** A slug chosen at creation, used in URLs. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    connectorClass: text('connector_class').notNull(),
    /** Never holds a secret: secret-looking keys may only hold a `${placeholder}` (checked by the template schema). */
    config: jsonb('config').$type<Record<string, string>>().notNull(),
    placeholders: jsonb('placeholders').$type<TemplatePlaceholder[]>().notNull(),
    /**
     * The one Connect cluster the template is for; null: every cluster. It goes with its cluster (see
     * server/templates/scope.ts for why the Connect cluster, and why deleted rather than made global).
     */
    connectClusterId: text('connect_cluster_id').references(() => connectClusters.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connector_templates_connect_cluster_id_idx').on(t.connectClusterId)],
);

/** Topic templates of users' own (the built-in ones are code: server/topics/templates.ts). */
export const topicTemplates = pgTable(
  'topic_templates',
  {
    /** A slug chosen at creation, used in URLs and as `template` when creating a topic; never a built-in's id. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The one Kafka cluster the template is for; null: every cluster. Deleted with its cluster, as connector templates. */
    kafkaClusterId: text('kafka_cluster_id').references(() => kafkaClusters.id, { onDelete: 'cascade' }),
    partitions: integer('partitions').notNull(),
    /** As saved; capped at the broker count when applied, like a built-in template's. */
    replicationFactor: integer('replication_factor').notNull(),
    configs: jsonb('configs').$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('topic_templates_kafka_cluster_id_idx').on(t.kafkaClusterId)],
);

// ---------------------------------------------------------------------------------------------- audit

export const ACTOR_KINDS = ['user', 'token', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Append-only. No foreign keys on purpose: the record of what happened outlives the things it names. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').$type<ActorKind>().notNull(),
    sourceIp: text('source_ip'),
    action: text('action').notNull(),
    clusterId: text('cluster_id'),
    objectType: text('object_type'),
    objectId: text('object_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
  },
  (t) => [
    check('audit_log_actor_kind_check', oneOf('actor_kind', ACTOR_KINDS)),
    check('audit_log_outcome_check', oneOf('outcome', AUDIT_OUTCOMES)),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_cluster_at_idx').on(t.clusterId, t.at),
    index('audit_log_actor_at_idx').on(t.actor, t.at),
    index('audit_log_object_idx').on(t.objectType, t.objectId),
  ],
);

// ---------------------------------------------------------------------------------------------- background jobs

/**
 * One row per background job (server/jobs): which server process runs it, until when. Times are the database's
 * own clock, so servers whose clocks disagree still agree on when a lease has run out.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  /** `<host>:<pid>:<random>` of the server process holding the lease. */
  holder: text('holder').notNull(),
  acquiredAt: at('acquired_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
});

// ---------------------------------------------------------------------------------------------- metric history

/** What a history row describes: one consumer group, a whole Kafka cluster, or one broker. */
export const METRIC_SERIES = ['group', 'cluster', 'broker'] as const;
export type MetricSeries = (typeof METRIC_SERIES)[number];
/** Seconds per row: raw samples (10), then the rollups kept for a week (60) and for 90 days (600). */
export const METRIC_RESOLUTIONS = [10, 60, 600] as const;
export type MetricResolution = (typeof METRIC_RESOLUTIONS)[number];

/**
 * The sampler's numbers kept across restarts (server/metrics/store.ts): one row per series, subject, resolution
 * and bucket start. Rates are messages per second averaged over the bucket; peaks the highest raw rate in it;
 * lag and disk the highest value in it (a short spike must not vanish in a rollup).
 */
export const metricHistory = pgTable(
  'metric_history',
  {
    clusterId: text('cluster_id').notNull(),
    series: text('series').$type<MetricSeries>().notNull(),
    /** The group id, the broker's node id, or '' for the cluster. */
    subject: text('subject').notNull(),
    resolution: integer('resolution').$type<MetricResolution>().notNull(),
    at: at('at').notNull(),
    lag: bigint('lag', { mode: 'number' }),
    consumedRate: doublePrecision('consumed_rate'),
    consumedPeak: doublePrecision('consumed_peak'),
    produceRate: doublePrecision('produce_rate'),
    producePeak: doublePrecision('produce_peak'),
    diskBytes: bigint('disk_bytes', { mode: 'number' }),
    /** Brokers: bytes per second produced to the partitions they lead, and consumed from them (server/metrics/traffic.ts). */
    bytesInRate: doublePrecision('bytes_in_rate'),
    bytesOutRate: doublePrecision('bytes_out_rate'),
  },
  (t) => [
    primaryKey({ columns: [t.clusterId, t.series, t.subject, t.resolution, t.at] }),
    check('metric_history_series_check', oneOf('series', METRIC_SERIES)),
    check('metric_history_resolution_check', sql.raw(`"resolution" in (${METRIC_RESOLUTIONS.join(', ')})`)),
    // Rollups and pruning scan one resolution by time.
    index('metric_history_resolution_at_idx').on(t.resolution, t.at),
  ],
);

// ---------------------------------------------------------------------------------------------- auto-restart

/**
 * Auto-restart policies (server/connectors/auto-restart): one row per Connect cluster with `connector_name` ''
 * (the cluster's default), and one per connector that has its own. A connector without a row follows the
 * cluster's default, a cluster without one the built-in default (off).
 */
export const autoRestartPolicies = pgTable(
  'auto_restart_policies',
  {
    connectClusterId: text('connect_cluster_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    connectorName: text('connector_name').notNull(),
    enabled: boolean('enabled').notNull(),
    maxRestarts: integer('max_restarts').notNull(),
    /** The n-th wait is min(n² + n, 60) of these (60 s: the well-known minutes schedule). */
    backoffUnitSeconds: integer('backoff_unit_seconds').notNull(),
    /** When set, the waits in seconds, the last repeated; replaces the formula. */
    backoffScheduleSeconds: jsonb('backoff_schedule_seconds').$type<number[]>(),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectClusterId, t.connectorName] })],
);

/**
 * What auto-restart has done to each connector, kept in the database so a server restart or a lease moving to
 * another server neither resets the count nor restarts sooner than the backoff allows.
 */
export const autoRestartStates = pgTable(
  'auto_restart_states',
  {
    connectClusterId: text('connect_cluster_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    connectorName: text('connector_name').notNull(),
    restarts: integer('restarts').notNull().default(0),
    lastRestartAt: at('last_restart_at'),
    nextTryAt: at('next_try_at'),
    gaveUpAt: at('gave_up_at'),
    /** Since when every instance has been seen RUNNING after the last restart (the count resets after a while). */
    runningSince: at('running_since'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectClusterId, t.connectorName] })],
);

// ---------------------------------------------------------------------------------------------- alerts

export const ALERT_CHANNEL_KINDS = ['slack', 'jira-cloud', 'jira-server', 'webhook'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Where notifications go (server/alerts/channels.ts). `settings` holds what is not secret (Jira project key,
 * issue type, labels, email); `secretEnc` the encrypted JSON of the URL and tokens, never returned unmasked.
 * No owner: a shared channel (admins manage it); an owner: that user's personal channel.
 */
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<AlertChannelKind>().notNull(),
    ownerId: uuid('owner_id'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    secretEnc: text('secret_enc').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('alert_channels_kind_check', oneOf('kind', ALERT_CHANNEL_KINDS)), index('alert_channels_owner_idx').on(t.ownerId)],
);

/** What to watch and whom to tell (server/alerts/rules.ts); `condition` is the validated AlertCondition. */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    condition: jsonb('condition').$type<Record<string, unknown>>().notNull(),
    channelIds: text('channel_ids').array().notNull(),
    forSeconds: integer('for_seconds').notNull().default(0),
    severity: text('severity').$type<AlertSeverity>().notNull().default('warning'),
    reminderSeconds: integer('reminder_seconds'),
    minIntervalSeconds: integer('min_interval_seconds').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    builtin: boolean('builtin').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('alert_rules_severity_check', oneOf('severity', ALERT_SEVERITIES))],
);

/** A user routing a rule to their own channels ("My alerts"), and muting it for themselves until a time. */
export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    ruleId: uuid('rule_id').notNull().references(() => alertRules.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    channelIds: text('channel_ids').array().notNull(),
    mutedUntil: at('muted_until'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.userId] })],
);

/** One row per rule + resource (the dedupe key): where its alert stands now. */
export const alertStates = pgTable(
  'alert_states',
  {
    key: text('key').primaryKey(),
    ruleId: uuid('rule_id').notNull().references(() => alertRules.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    clusterId: text('cluster_id'),
    state: text('state').$type<AlertState>().notNull(),
    /** When the condition began to hold (pending) or, once resolved, when it stopped. */
    since: at('since').notNull(),
    firedAt: at('fired_at'),
    resolvedAt: at('resolved_at'),
    lastNotifiedAt: at('last_notified_at'),
    /** Bumped at each firing, so a dedupe key names one firing and a later one is a new notification. */
    episode: integer('episode').notNull().default(0),
    summary: text('summary').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: at('acknowledged_at'),
  },
  (t) => [check('alert_states_state_check', oneOf('state', ALERT_STATES)), index('alert_states_rule_idx').on(t.ruleId)],
);

/** The history timeline: every firing and resolve (GET /api/v1/alerts/events). */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    key: text('key').notNull(),
    ruleId: uuid('rule_id').notNull(),
    resource: text('resource').notNull(),
    clusterId: text('cluster_id'),
    state: text('state').$type<'firing' | 'resolved'>().notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('alert_events_at_idx').on(t.at), index('alert_events_rule_idx').on(t.ruleId, t.at)],
);

/** Silences: no notification for matching alerts until `expiresAt` (they still fire on the Alerts page). */
export const alertSilences = pgTable('alert_silences', {
  id: uuid('id').primaryKey().defaultRandom(),
  ruleId: uuid('rule_id'),
  /** A glob over the resource (`local/orders*`); null matches every resource. */
  resource: text('resource'),
  reason: text('reason').notNull(),
  expiresAt: at('expires_at').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/**
 * Notifications waiting to be sent (server/alerts/outbox.ts): written in the transaction that changes the alert,
 * sent by the one server holding the `alerts-outbox` lease, kept after sending as the record of what went out.
 * `(channelId, dedupeKey)` is unique, so a notification is queued once whatever retries the evaluation makes.
 */
export const alertOutbox = pgTable(
  'alert_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: uuid('channel_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The alert's key (rule + resource), so a resolve finds the Jira issue its firing opened. */
    alertKey: text('alert_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state').$type<OutboxState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: at('next_at').notNull().defaultNow(),
    lastError: text('last_error'),
    /** What the receiver gave back that a later notification needs (the Jira issue key). */
    reference: text('reference'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
  },
  (t) => [
    check('alert_outbox_state_check', oneOf('state', OUTBOX_STATES)),
    uniqueIndex('alert_outbox_channel_dedupe_idx').on(t.channelId, t.dedupeKey),
    index('alert_outbox_due_idx').on(t.state, t.nextAt),
  ],
);

/** Every attempt at sending an outbox row: the delivery log. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    channelId: uuid('channel_id').notNull(),
    at: at('at').notNull().defaultNow(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('alert_deliveries_channel_at_idx').on(t.channelId, t.at), index('alert_deliveries_outbox_idx').on(t.outboxId)],
);
export const GROUP_HISTORY_RESOLUTIONS = [60, 3600] as const;
export type GroupHistoryResolution = (typeof GROUP_HISTORY_RESOLUTIONS)[number];

/**
 * Per consumer group history, packed: one row holds a bucket's points as arrays (resolution 60: an hour of
 * one-minute points; 3600: a day of hourly points), so 1,000 groups over 90 days fit in about 100 MiB where a row
 * per point took 7.5 MiB per group. Element i (1-based) is the point at bucket + (i - 1) × resolution; null: no sample.
 */
export const groupHistory = pgTable(
  'group_history',
  {
    clusterId: text('cluster_id').notNull(),
    groupId: text('group_id').notNull(),
    resolution: integer('resolution').$type<GroupHistoryResolution>().notNull(),
    bucket: at('bucket').notNull(),
    // double precision, not bigint: a null element must read back as null (exact up to 2^53 messages of lag).
    lag: doublePrecision('lag').array().notNull(),
    consumedRate: real('consumed_rate').array().notNull(),
    consumedPeak: real('consumed_peak').array().notNull(),
    produceRate: real('produce_rate').array().notNull(),
    producePeak: real('produce_peak').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clusterId, t.groupId, t.resolution, t.bucket] }),
    check('group_history_resolution_check', sql.raw(`"resolution" in (${GROUP_HISTORY_RESOLUTIONS.join(', ')})`)),
    index('group_history_resolution_bucket_idx').on(t.resolution, t.bucket),
  ],
);

/**
 * Per topic history, packed like group_history (same resolutions and layout): messages and bytes produced per
 * second and the topic's size, a point a minute. Kept for the busiest topics only (server/metrics/topic-store.ts):
 * 10,000 topics at 100 KiB each would not fit the history's 200 MiB.
 */
export const topicHistory = pgTable(
  'topic_history',
  {
    clusterId: text('cluster_id').notNull(),
    topic: text('topic').notNull(),
    resolution: integer('resolution').$type<GroupHistoryResolution>().notNull(),
    bucket: at('bucket').notNull(),
    messagesIn: real('messages_in').array().notNull(),
    messagesInPeak: real('messages_in_peak').array().notNull(),
    bytesIn: real('bytes_in').array().notNull(),
    // double precision: a size must be exact to the byte far beyond real's 2^24.
    sizeBytes: doublePrecision('size_bytes').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clusterId, t.topic, t.resolution, t.bucket] }),
    check('topic_history_resolution_check', sql.raw(`"resolution" in (${GROUP_HISTORY_RESOLUTIONS.join(', ')})`)),
    index('topic_history_resolution_bucket_idx').on(t.resolution, t.bucket),
  ],
);

// ---------------------------------------------------------------------------------------------- rebalancing

export const REBALANCE_KINDS = ['rebalance', 'replication-factor'] as const;
export type RebalanceKind = (typeof REBALANCE_KINDS)[number];
export const PROPOSAL_STATES = ['proposed', 'executing', 'done', 'cancelled', 'failed'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * A reassignment plan the operator reads before approving it, then the executor's progress through it. The moves,
 * loads before/after and the throttles set live in jsonb: they are read and written whole, with the proposal. The
 * fingerprint is the assignment the plan was made against: a plan made on a cluster that changed since is stale.
 */
export type ThrottledTargets = { brokers: number[]; topics: string[]; rate?: number };

export const rebalanceProposals = pgTable(
  'rebalance_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kafkaClusterId: text('kafka_cluster_id')
      .notNull()
      .references(() => kafkaClusters.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<RebalanceKind>().notNull(),
    state: text('state').$type<ProposalState>().notNull().default('proposed'),
    /** Set by the cancel request; the executor (the one writer of a running proposal) reverts and ends it. */
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** mode, brokers, excludeTopics, maxMoves; or topic and replicationFactor. */
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    moves: jsonb('moves').$type<unknown[]>().notNull(),
    before: jsonb('before').$type<unknown[]>().notNull(),
    after: jsonb('after').$type<unknown[]>().notNull(),
    fingerprint: text('fingerprint').notNull(),
    throttleBytesPerSecond: bigint('throttle_bytes_per_second', { mode: 'number' }),
    /**
     * The brokers and topics whose throttle configs the executor set, so they are removed even after a restart;
     * `rate` is the rate on the brokers now (absent in rows from before the throttle could change mid-flight).
     */
    throttled: jsonb('throttled').$type<ThrottledTargets>(),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    approvedBy: text('approved_by'),
    createdAt: createdAt(),
    approvedAt: at('approved_at'),
    finishedAt: at('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('rebalance_proposals_kind_check', oneOf('kind', REBALANCE_KINDS)),
    check('rebalance_proposals_state_check', oneOf('state', PROPOSAL_STATES)),
    index('rebalance_proposals_cluster_idx').on(t.kafkaClusterId, t.createdAt),
    // the executor looks for unfinished work at every start
    index('rebalance_proposals_state_idx').on(t.state),
  ],
);

/**
 * What Kafka cannot say about a broker's host: the disk capacity an operator entered, and the plugin agent running
 * beside the broker (broker role), whose /health gives the host's disk, memory and load even when the broker is down.
 * The planner's capacity is the operator's number, else the agent's disk, else the log dirs' volume size (Kafka 3.3+).
 */
export const brokerHosts = pgTable(
  'broker_hosts',
  {
    kafkaClusterId: text('kafka_cluster_id')
      .notNull()
      .references(() => kafkaClusters.id, { onDelete: 'cascade' }),
    brokerId: integer('broker_id').notNull(),
    capacityBytes: bigint('capacity_bytes', { mode: 'number' }),
    agentUrl: text('agent_url'),
    agentTokenEnc: text('agent_token_enc'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.kafkaClusterId, t.brokerId] })],
);

// ---------------------------------------------------------------------------------------------- schema registries

/**
 * Schema registries reached through the Confluent-compatible API (Confluent, Karapace, Redpanda, Apicurio's
 * `/apis/ccompat/v7`). Linked to the Kafka cluster whose messages they encode, so the message browser knows
 * which registry decodes a topic's wire-format messages.
 */
export const schemaRegistries = pgTable(
  'schema_registries',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Base URL of the Confluent-compatible API. */
    url: text('url').notNull(),
    kafkaClusterId: text('kafka_cluster_id').references(() => kafkaClusters.id, { onDelete: 'set null' }),
    auth: jsonb('auth').$type<ConnectAuthSettings>(),
    tls: jsonb('tls').$type<ConnectTlsSettings>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('schema_registries_kafka_cluster_id_idx').on(t.kafkaClusterId)],
);

// ---------------------------------------------------------------------------------------------- migrations

/**
 * Where a migration is in its life; while `running`, how far the copy is (copying, caught up, ready to cut over)
 * is read live from both clusters, not stored. `installing`: MirrorMaker 2 is being installed on the Connect
 * cluster first (install_operation_id).
 */
export const MIGRATION_STATES = ['installing', 'running', 'finished', 'aborted', 'failed'] as const;
export type MigrationState = (typeof MIGRATION_STATES)[number];

/** Topics or groups: a list of names or one regular expression (Java syntax, as MirrorMaker 2 reads it). */
export type MigrationSelection = { names: string[] } | { pattern: string };

export interface MigrationOptions {
  /** `identity` keeps topic names (the default for a migration); `prefix` names them `<sourceAlias>.<topic>`. */
  replicationPolicy: 'identity' | 'prefix';
  syncTopicConfigs: boolean;
  /** Of the topics MirrorMaker 2 creates on the target; null: the target's default. */
  replicationFactor: number | null;
  sourceAlias: string;
  targetAlias: string;
}

export const migrations = pgTable(
  'migrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    sourceKafkaId: text('source_kafka_id')
      .notNull()
      .references(() => kafkaClusters.id, { onDelete: 'cascade' }),
    targetKafkaId: text('target_kafka_id')
      .notNull()
      .references(() => kafkaClusters.id, { onDelete: 'cascade' }),
    connectId: text('connect_id')
      .notNull()
      .references(() => connectClusters.id, { onDelete: 'cascade' }),
    topics: jsonb('topics').$type<MigrationSelection>().notNull(),
    groups: jsonb('groups').$type<MigrationSelection>().notNull(),
    options: jsonb('options').$type<MigrationOptions>().notNull(),
    state: text('state').$type<MigrationState>().notNull(),
    /** The MirrorMaker 2 install this migration waits for (state `installing`). */
    installOperationId: uuid('install_operation_id'),
    /** The connectors it created and owns on the Connect cluster. */
    connectors: jsonb('connectors').$type<string[]>().notNull().default([]),
    error: text('error'),
    /** What finish or abort recorded: checklist, counts, internal topics removed. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    /** When the connectors were created (the copy began). */
    startedAt: at('started_at'),
    /** The first time every partition was seen caught up. */
    caughtUpAt: at('caught_up_at'),
    finishedAt: at('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [check('migrations_state_check', oneOf('state', MIGRATION_STATES)), index('migrations_state_idx').on(t.state)],
);
