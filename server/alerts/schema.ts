/** Every alerts input and output, one strict schema each; they make the /api/v1/alerts part of the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { ALERT_CHANNEL_KINDS, ALERT_SEVERITIES } from '../db/tables';
import { LAG_STATUSES } from '../metrics/status';

const id = z.string().uuid();
export const IdParamSchema = z.object({ id: id.openapi({ param: { name: 'id', in: 'path' } }) });

/** An https URL (http only on loopback, for receivers in tests and on the same host). */
const receiverUrl = z
  .string()
  .max(2000)
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, 'must be an https URL (http only for 127.0.0.1/localhost)');

const slackUrl = receiverUrl.refine((value) => /^\/services\/[^/]+\/[^/]+\/[^/]+$/.test(new URL(value).pathname), 'must be a Slack incoming-webhook URL (…/services/T…/B…/…)');
const name = z.string().trim().min(1).max(200);
const shared = z.boolean().default(false);
const labels = z.array(z.string().regex(/^\S+$/, 'labels have no spaces').max(255)).max(20).default([]);
const jira = {
  url: receiverUrl.openapi({ description: 'The Jira base URL, e.g. https://acme.atlassian.net' }),
  project: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key like OPS'),
  issueType: z.string().min(1).max(100).default('Task'),
  labels,
};

export const CreateChannelSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('slack'), name, shared, url: slackUrl.openapi({ description: 'Incoming-webhook URL (secret: stored encrypted, masked on reads)' }) }),
    z.object({ kind: z.literal('jira-cloud'), name, shared, ...jira, email: z.string().email().max(320), apiToken: z.string().min(1).max(1000) }),
    z.object({ kind: z.literal('jira-server'), name, shared, ...jira, token: z.string().min(1).max(1000).openapi({ description: 'A personal access token' }) }),
    z.object({
      kind: z.literal('webhook'),
      name,
      shared,
      url: receiverUrl,
      secret: z.string().min(16).max(200).optional().openapi({ description: 'HMAC secret; generated when left out (shown once in the answer)' }),
    }),
  ])
  .openapi('CreateAlertChannel', { description: '`shared: true` makes a shared channel (admins only); a personal one of the caller otherwise' });
export type CreateChannel = z.infer<typeof CreateChannelSchema>;

export const ChannelSchema = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(ALERT_CHANNEL_KINDS),
    shared: z.boolean(),
    ownerId: z.string().nullable(),
    /** Non-secret settings as stored, the secret ones masked. */
    settings: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AlertChannel');
export const ChannelListSchema = z.object({ items: z.array(ChannelSchema) }).openapi('AlertChannelList');
export const CreatedSchema = z.object({ id, secret: z.string().optional().openapi({ description: 'A generated webhook secret, shown this once' }) }).openapi('AlertCreated');

/** Send test takes no input; declared so a malformed body is a 400 like everywhere else. */
export const TestBodySchema = z.object({}).openapi('AlertChannelTestRequest');

export const TestResultSchema = z
  .object({
    ok: z.boolean(),
    status: z.number().int().nullable().openapi({ description: 'The receiver’s HTTP status; null when no answer came' }),
    body: z.string().openapi({ description: 'The receiver’s answer, truncated to 2 000 characters' }),
    error: z.string().optional(),
    durationMs: z.number().int(),
  })
  .openapi('AlertChannelTest');

const scope = {
  connect: z.string().min(1).max(200).optional().openapi({ description: 'Connect cluster id' }),
  kafka: z.string().min(1).max(200).optional().openapi({ description: 'Kafka cluster id' }),
  name: z.string().min(1).max(500).optional().openapi({ description: 'Connector or group name, or a glob (`orders-*`)' }),
};
const percent = z.number().gt(0).max(100).openapi({ description: 'Used space of the volume, in percent' });
/** Kinds judged on a Connect cluster (scope `connect`); the others on a Kafka cluster (scope `kafka`). */
export const CONNECT_CONDITION_KINDS = ['connector-failed', 'connector-not-running', 'agent-disk-above', 'plugin-drift', 'install-failed'] as const;
export const ConditionSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('connector-failed'), connect: scope.connect, name: scope.name }),
    z.object({ kind: z.literal('connector-not-running'), connect: scope.connect, name: scope.name }),
    z.object({ kind: z.literal('lag-status'), kafka: scope.kafka, name: scope.name, statuses: z.array(z.enum(LAG_STATUSES)).min(1).default(['WARN', 'STOP', 'STALL', 'ERR']) }),
    z.object({ kind: z.literal('lag-above'), kafka: scope.kafka, name: scope.name, threshold: z.number().int().min(0) }),
    z.object({ kind: z.literal('broker-offline'), kafka: scope.kafka }),
    z.object({ kind: z.literal('consumed-rate-below'), kafka: scope.kafka, name: scope.name, floor: z.number().min(0).openapi({ description: 'Messages per second the group consumes (CMPS); below it (with `forSeconds`) the pipeline went quiet' }) }),
    z.object({ kind: z.literal('partitions-offline'), kafka: scope.kafka, name: scope.name.openapi({ description: 'Topic name or glob' }) }),
    z.object({ kind: z.literal('partitions-under-replicated'), kafka: scope.kafka, name: scope.name.openapi({ description: 'Topic name or glob' }) }),
    z.object({ kind: z.literal('broker-disk-above'), kafka: scope.kafka, percent: percent }),
    z.object({ kind: z.literal('agent-disk-above'), connect: scope.connect, percent: percent }),
    z.object({ kind: z.literal('plugin-drift'), connect: scope.connect, name: scope.name.openapi({ description: 'Plugin class or glob' }) }),
    z.object({ kind: z.literal('install-failed'), connect: scope.connect, name: scope.name.openapi({ description: 'Plugin name or glob' }) }),
  ])
  .openapi('AlertCondition', { description: 'What makes an alert fire; `name` narrows it to connectors or groups matching a glob' });
export type AlertCondition = z.infer<typeof ConditionSchema>;

const ruleFields = {
  name,
  condition: ConditionSchema,
  channels: z.array(id).max(20).default([]),
  forSeconds: z.number().int().min(0).max(86_400).default(0).openapi({ description: 'The condition must hold this long before the alert fires' }),
  severity: z.enum(ALERT_SEVERITIES).default('warning'),
  reminderSeconds: z.number().int().min(60).max(604_800).nullable().optional().openapi({ description: 'Notify again while still firing, this often' }),
  minIntervalSeconds: z.number().int().min(0).max(86_400).default(0).openapi({ description: 'At least this long between two notifications of one alert (flap damping)' }),
  enabled: z.boolean().default(true),
};
export const CreateRuleSchema = z.object(ruleFields).openapi('CreateAlertRule');
export type CreateRule = z.infer<typeof CreateRuleSchema>;

/** PATCH: only the fields given change (no defaults fill the others in). */
export const PatchRuleSchema = z
  .object({
    name: name.optional(),
    condition: ConditionSchema.optional(),
    channels: z.array(id).max(20).optional(),
    forSeconds: z.number().int().min(0).max(86_400).optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    reminderSeconds: z.number().int().min(60).max(604_800).nullable().optional(),
    minIntervalSeconds: z.number().int().min(0).max(86_400).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('PatchAlertRule', { description: 'The fields to change; a changed condition starts its alerts afresh (those pending or firing are dropped)' });
export type PatchRule = z.infer<typeof PatchRuleSchema>;

export const RuleSchema = z
  .object({
    id,
    name: z.string(),
    condition: z.record(z.string(), z.unknown()),
    channels: z.array(z.string()),
    forSeconds: z.number().int(),
    severity: z.enum(ALERT_SEVERITIES),
    reminderSeconds: z.number().int().nullable(),
    minIntervalSeconds: z.number().int(),
    enabled: z.boolean(),
    builtin: z.boolean(),
    firing: z.number().int().openapi({ description: 'Alerts of this rule firing now' }),
    subscribed: z.array(z.string()).openapi({ description: 'The caller’s own channels this rule is routed to (My alerts)' }),
    mutedUntil: z.string().nullable(),
  })
  .openapi('AlertRule');
export const RuleListSchema = z.object({ items: z.array(RuleSchema) }).openapi('AlertRuleList');

export const SubscribeSchema = z
  .object({ channels: z.array(id).min(1).max(10), mutedUntil: z.string().datetime().nullable().optional() })
  .openapi('AlertSubscription', { description: 'Route a rule to one’s own channels; `mutedUntil` mutes it for oneself' });

export const AlertSchema = z
  .object({
    key: z.string().openapi({ description: 'The dedupe key: rule id + resource' }),
    ruleId: z.string(),
    ruleName: z.string(),
    resource: z.string(),
    clusterId: z.string().nullable(),
    state: z.enum(['pending', 'firing', 'resolved']),
    severity: z.enum(ALERT_SEVERITIES),
    summary: z.string(),
    since: z.string(),
    firedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    silenced: z.boolean(),
  })
  .openapi('Alert');
export const AlertListSchema = z.object({ items: z.array(AlertSchema), firing: z.number().int() }).openapi('AlertList');
export const AlertKeyParamSchema = z.object({ key: z.string().min(1).max(1000).openapi({ param: { name: 'key', in: 'path' } }) });

export const EventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    key: z.string(),
    ruleId: z.string(),
    resource: z.string(),
    clusterId: z.string().nullable(),
    state: z.enum(['firing', 'resolved']),
    severity: z.enum(ALERT_SEVERITIES),
    summary: z.string(),
  })
  .openapi('AlertEvent');
export const EventListSchema = z.object({ items: z.array(EventSchema) }).openapi('AlertEventList');
export const LimitQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const CreateSilenceSchema = z
  .object({
    ruleId: id.optional(),
    resource: z.string().min(1).max(500).optional().openapi({ description: 'A glob over the alert’s resource; every resource when left out' }),
    reason: z.string().trim().min(1).max(1000),
    expiresAt: z.string().datetime().refine((value) => Date.parse(value) > Date.now(), 'must be in the future'),
  })
  .openapi('CreateAlertSilence');
export const SilenceSchema = z
  .object({ id, ruleId: z.string().nullable(), resource: z.string().nullable(), reason: z.string(), expiresAt: z.string(), createdBy: z.string() })
  .openapi('AlertSilence');
export const SilenceListSchema = z.object({ items: z.array(SilenceSchema) }).openapi('AlertSilenceList');

export const DeliverySchema = z
  .object({
    id: z.number().int(),
    outboxId: z.number().int(),
    channelId: z.string(),
    at: z.string(),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    dedupeKey: z.string(),
  })
  .openapi('AlertDelivery');
export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema) }).openapi('AlertDeliveryList');

/**
 * The generic webhook's body: stable, versioned by `schema`. Receivers verify `X-Connectory-Signature`
 * (`sha256=<hex HMAC-SHA256 of "<X-Connectory-Timestamp>.<raw body>">` with the channel secret) and refuse old
 * timestamps; `dedupeKey` is the same on every retry of one notification.
 */
export const WebhookBodySchema = z
  .object({
    schema: z.literal('connectory.alert/v1'),
    dedupeKey: z.string(),
    alertKey: z.string(),
    state: z.enum(['firing', 'resolved', 'reminder', 'test', 'event']),
    severity: z.enum(ALERT_SEVERITIES),
    rule: z.object({ id: z.string().nullable(), name: z.string() }),
    cluster: z.string().nullable(),
    resource: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
    since: z.string(),
    url: z.string().nullable().openapi({ description: 'Link back into the console' }),
  })
  .openapi('AlertWebhookBody');
export type Notification = z.infer<typeof WebhookBodySchema>;
