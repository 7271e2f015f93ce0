import { and, eq } from 'drizzle-orm';
import { auditActorOf } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import { alertRules, alertSilences, alertStates } from '../db/tables';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import type { SecretBox } from '../secrets/secret-box';
import { channelConfig, createChannel, deleteChannel, listChannels, maskedChannel, ownChannel, receiverName } from './channels';
import { deliveryLog } from './outbox';
import { buildRequest } from './payloads';
import { actingUserId, checkChannels, checkRule, createRule, isAlertAdmin, listAlerts, listEvents, listRules, readableRule, ruleInput, ruleReadable, subscribe, unsubscribe, updateRule } from './rules';
import {
  AlertListSchema,
  ChannelListSchema,
  CreateChannelSchema,
  CreatedSchema,
  CreateRuleSchema,
  CreateSilenceSchema,
  DeliveryListSchema,
  EventListSchema,
  IdParamSchema,
  LimitQuerySchema,
  PatchRuleSchema,
  RuleListSchema,
  SilenceListSchema,
  SubscribeSchema,
  TestBodySchema,
  TestResultSchema,
  WebhookBodySchema,
  type AlertCondition,
  type CreateRule,
  type Notification,
} from './schema';
import { send } from './sender';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from './settings';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';

const withoutUndefined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

const TAGS = ['Alerts'];
const BASE = '/alerts';
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, ...json(schema) });
const noContent = { 204: { description: 'Done' } };

const routes = {
  listChannels: apiRoute({ method: 'get', path: `${BASE}/channels`, permission: PERMISSIONS.alertSubscribe, tags: TAGS, summary: 'Shared channels and the caller’s own (admins: all), secrets masked', responses: { 200: ok('Channels', ChannelListSchema) } }),
  createChannel: apiRoute({
    method: 'post',
    path: `${BASE}/channels`,
    permission: PERMISSIONS.alertSubscribe,
    tags: TAGS,
    summary: 'Create a channel: personal, or shared (`shared: true`, needs alert:manage)',
    description: 'Webhook receivers get the body documented as `AlertWebhookBody`, signed: `X-Connectory-Signature: sha256=<hex HMAC-SHA256 of "<X-Connectory-Timestamp>.<body>">` with the channel secret; `X-Connectory-Dedupe-Key` is the same on every retry of one notification.',
    request: { body: { required: true, ...json(CreateChannelSchema) } },
    responses: { 201: ok('Created', CreatedSchema), ...errorResponses(400) },
  }),
  deleteChannel: apiRoute({ method: 'delete', path: `${BASE}/channels/{id}`, permission: PERMISSIONS.alertSubscribe, tags: TAGS, summary: 'Delete one’s own channel (admins: a shared one)', request: { params: IdParamSchema }, responses: { ...noContent, ...errorResponses(404) } }),
  testChannel: apiRoute({
    method: 'post',
    path: `${BASE}/channels/{id}/test`,
    permission: PERMISSIONS.alertSubscribe,
    tags: TAGS,
    summary: 'Send a test notification now and answer with the receiver’s exact status and body',
    request: { params: IdParamSchema, body: { required: false, ...json(TestBodySchema) } },
    responses: { 200: ok('What the receiver answered', TestResultSchema), ...errorResponses(404) },
  }),
  listRules: apiRoute({ method: 'get', path: `${BASE}/rules`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'Rules on clusters the caller may read, with how many alerts fire and the caller’s subscription', responses: { 200: ok('Rules', RuleListSchema) } }),
  createRule: apiRoute({
    method: 'post',
    path: `${BASE}/rules`,
    permission: PERMISSIONS.alertWrite,
    tags: TAGS,
    summary: 'Create a rule on a cluster the caller may operate',
    request: { body: { required: true, ...json(CreateRuleSchema) } },
    responses: { 201: ok('Created', CreatedSchema), ...errorResponses(400) },
  }),
  replaceRule: apiRoute({
    method: 'put',
    path: `${BASE}/rules/{id}`,
    permission: PERMISSIONS.alertWrite,
    tags: TAGS,
    summary: 'Replace a rule’s settings (the body of a create; fields left out take their defaults)',
    description: 'A changed condition starts its alerts afresh: those pending or firing under the old one are dropped.',
    request: { params: IdParamSchema, body: { required: true, ...json(CreateRuleSchema) } },
    responses: { ...noContent, ...errorResponses(400, 404) },
  }),
  patchRule: apiRoute({
    method: 'patch',
    path: `${BASE}/rules/{id}`,
    permission: PERMISSIONS.alertWrite,
    tags: TAGS,
    summary: 'Change some of a rule’s settings (e.g. its channels, threshold or for-duration, or disable it)',
    request: { params: IdParamSchema, body: { required: true, ...json(PatchRuleSchema) } },
    responses: { ...noContent, ...errorResponses(400, 404) },
  }),
  deleteRule: apiRoute({ method: 'delete', path: `${BASE}/rules/{id}`, permission: PERMISSIONS.alertWrite, tags: TAGS, summary: 'Delete a rule (its alerts and subscriptions go with it)', request: { params: IdParamSchema }, responses: { ...noContent, ...errorResponses(404) } }),
  subscribe: apiRoute({
    method: 'put',
    path: `${BASE}/rules/{id}/subscription`,
    permission: PERMISSIONS.alertSubscribe,
    tags: TAGS,
    summary: 'Route a rule to one’s own channels (My alerts), or mute it for oneself until a time',
    request: { params: IdParamSchema, body: { required: true, ...json(SubscribeSchema) } },
    responses: { ...noContent, ...errorResponses(400, 404) },
  }),
  unsubscribe: apiRoute({ method: 'delete', path: `${BASE}/rules/{id}/subscription`, permission: PERMISSIONS.alertSubscribe, tags: TAGS, summary: 'Stop one’s own subscription', request: { params: IdParamSchema }, responses: { ...noContent, ...errorResponses(404) } }),
  listAlerts: apiRoute({ method: 'get', path: BASE, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'Alerts pending or firing now, and how many fire', responses: { 200: ok('Alerts', AlertListSchema) } }),
  acknowledge: apiRoute({
    method: 'post',
    path: `${BASE}/acknowledge`,
    permission: PERMISSIONS.alertWrite,
    tags: TAGS,
    summary: 'Acknowledge a firing alert: no reminders until it fires again',
    request: { body: { required: true, ...json(z.object({ key: z.string().min(1).max(1000) })) } },
    responses: { ...noContent, ...errorResponses(400, 404) },
  }),
  events: apiRoute({ method: 'get', path: `${BASE}/events`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'History: every firing and resolve, newest first', request: { query: LimitQuerySchema }, responses: { 200: ok('Events', EventListSchema) } }),
  listSilences: apiRoute({ method: 'get', path: `${BASE}/silences`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'Silences not yet expired', responses: { 200: ok('Silences', SilenceListSchema) } }),
  createSilence: apiRoute({ method: 'post', path: `${BASE}/silences`, permission: PERMISSIONS.alertWrite, tags: TAGS, summary: 'Silence notifications of a rule and/or resources (glob) until a time, with a reason (audited)', request: { body: { required: true, ...json(CreateSilenceSchema) } }, responses: { 201: ok('Created', CreatedSchema), ...errorResponses(400) } }),
  deleteSilence: apiRoute({ method: 'delete', path: `${BASE}/silences/{id}`, permission: PERMISSIONS.alertWrite, tags: TAGS, summary: 'End a silence now', request: { params: IdParamSchema }, responses: { ...noContent, ...errorResponses(404) } }),
  deliveries: apiRoute({ method: 'get', path: `${BASE}/deliveries`, permission: PERMISSIONS.alertSubscribe, tags: TAGS, summary: 'Delivery log: every attempt (status, error, duration) on the caller’s channels (admins: all)', request: { query: LimitQuerySchema }, responses: { 200: ok('Attempts', DeliveryListSchema) } }),
};

export interface AlertRouteDeps {
  db: Db;
  secrets: SecretBox;
  settings?: AlertSettings;
}

/** Mounted under /api/v1. */
export function alertRoutes(deps: AlertRouteDeps) {
  const { db, secrets } = deps;
  const settings = deps.settings ?? DEFAULT_ALERT_SETTINGS;
  const router = createRouter();
  // The webhook body is part of the contract: document it even though no route returns it.
  router.openAPIRegistry.register('AlertWebhookBody', WebhookBodySchema);
  const viewerOf = (c: Parameters<typeof requirePrincipal>[0]) => {
    const principal = requirePrincipal(c);
    return { principal, userId: actingUserId(principal), admin: isAlertAdmin(principal) };
  };
  /** The new settings are checked like a new rule's (cluster, grant, channels), and the change is audited. */
  const editRule = async (c: Context, id: string, next: (current: CreateRule) => CreateRule) => {
    const principal = requirePrincipal(c);
    const row = await readableRule(db, principal, id);
    const input = next(ruleInput(row));
    await checkRule(db, principal, input);
    await db.transaction(async (tx) => {
      const { conditionChanged } = await updateRule(tx as unknown as Db, row, input);
      await recordAudit(tx, auditActorOf(c), { action: 'alert.rule.update', objectType: 'alert-rule', objectId: row.id, details: { name: input.name, condition: input.condition, channels: input.channels, enabled: input.enabled, conditionChanged } });
    });
  };
  return router
    .openapi(routes.listChannels, async (c) => {
      const { userId, admin } = viewerOf(c);
      return c.json({ items: (await listChannels(db, { userId, admin })).map(maskedChannel) }, 200);
    })
    .openapi(routes.createChannel, async (c) => {
      const input = c.req.valid('json');
      const { userId, admin } = viewerOf(c);
      if (input.shared && !admin) throw ApiError.forbidden('Shared alert channels need the permission "alert:manage"');
      if (!input.shared && !userId) throw ApiError.badRequest('This token belongs to no user: create a shared channel instead', 'shared');
      const created = await db.transaction(async (tx) => {
        const result = await createChannel(tx as unknown as Db, secrets, input, input.shared ? null : userId);
        await recordAudit(tx, auditActorOf(c), { action: 'alert.channel.create', objectType: 'alert-channel', objectId: result.id, details: { name: input.name, kind: input.kind, shared: input.shared } });
        return result;
      });
      return c.json(created, 201);
    })
    .openapi(routes.deleteChannel, async (c) => {
      const { id } = c.req.valid('param');
      const { userId, admin } = viewerOf(c);
      const row = await ownChannel(db, id, { userId, admin });
      await db.transaction(async (tx) => {
        await deleteChannel(tx as unknown as Db, row.id);
        await recordAudit(tx, auditActorOf(c), { action: 'alert.channel.delete', objectType: 'alert-channel', objectId: row.id, details: { name: row.name } });
      });
      return c.body(null, 204);
    })
    .openapi(routes.testChannel, async (c) => {
      const { id } = c.req.valid('param');
      const { userId, admin } = viewerOf(c);
      const row = await ownChannel(db, id, { userId, admin });
      const now = new Date();
      const notification: Notification = {
        schema: 'connectory.alert/v1',
        dedupeKey: `test:${row.id}:${now.getTime()}`,
        alertKey: `test:${row.id}`,
        state: 'test',
        severity: 'info',
        rule: { id: null, name: 'Connectory test' },
        cluster: null,
        resource: row.name,
        summary: `A test notification from Connectory to the channel "${row.name}"`,
        details: {},
        since: now.toISOString(),
        url: settings.consoleUrl ? `${settings.consoleUrl}/alerts` : null,
      };
      const result = await send(buildRequest(channelConfig(row, secrets), notification, Math.floor(now.getTime() / 1000)), settings.sendTimeoutMs, receiverName(row));
      return c.json({ ok: result.ok, status: result.status, body: result.body, durationMs: result.durationMs, ...(result.error ? { error: result.error } : {}) }, 200);
    })
    .openapi(routes.listRules, async (c) => c.json({ items: await listRules(db, requirePrincipal(c)) }, 200))
    .openapi(routes.createRule, async (c) => {
      const input = c.req.valid('json');
      const principal = requirePrincipal(c);
      await checkRule(db, principal, input);
      const id = await db.transaction(async (tx) => {
        const created = await createRule(tx as unknown as Db, input, principal.name);
        await recordAudit(tx, auditActorOf(c), { action: 'alert.rule.create', objectType: 'alert-rule', objectId: created, details: { name: input.name, condition: input.condition, channels: input.channels } });
        return created;
      });
      return c.json({ id }, 201);
    })
    .openapi(routes.replaceRule, async (c) => {
      await editRule(c, c.req.valid('param').id, () => c.req.valid('json'));
      return c.body(null, 204);
    })
    .openapi(routes.patchRule, async (c) => {
      const patch = c.req.valid('json');
      await editRule(c, c.req.valid('param').id, (current) => ({ ...current, ...withoutUndefined(patch) }));
      return c.body(null, 204);
    })
    .openapi(routes.deleteRule, async (c) => {
      const rule = await readableRule(db, requirePrincipal(c), c.req.valid('param').id);
      await db.transaction(async (tx) => {
        await tx.delete(alertRules).where(eq(alertRules.id, rule.id));
        await recordAudit(tx, auditActorOf(c), { action: 'alert.rule.delete', objectType: 'alert-rule', objectId: rule.id, details: { name: rule.name } });
      });
      return c.body(null, 204);
    })
    .openapi(routes.subscribe, async (c) => {
      const principal = requirePrincipal(c);
      const userId = actingUserId(principal);
      if (!userId) throw ApiError.badRequest('This token belongs to no user: subscriptions are per user');
      const rule = await readableRule(db, principal, c.req.valid('param').id);
      const input = c.req.valid('json');
      await checkChannels(db, principal, input.channels, 'channels', false);
      const mutedUntil = input.mutedUntil ? new Date(input.mutedUntil) : null;
      await db.transaction(async (tx) => {
        await subscribe(tx as unknown as Db, rule.id, userId, input.channels, mutedUntil);
        await recordAudit(tx, auditActorOf(c), { action: 'alert.subscribe', objectType: 'alert-rule', objectId: rule.id, details: { channels: input.channels, mutedUntil: input.mutedUntil ?? null } });
      });
      return c.body(null, 204);
    })
    .openapi(routes.unsubscribe, async (c) => {
      const principal = requirePrincipal(c);
      const rule = await readableRule(db, principal, c.req.valid('param').id);
      const userId = actingUserId(principal);
      if (userId) await unsubscribe(db, rule.id, userId);
      return c.body(null, 204);
    })
    .openapi(routes.listAlerts, async (c) => c.json(await listAlerts(db, requirePrincipal(c)), 200))
    .openapi(routes.acknowledge, async (c) => {
      const { key } = c.req.valid('json');
      const principal = requirePrincipal(c);
      const [row] = await db.select({ state: alertStates, condition: alertRules.condition }).from(alertStates).innerJoin(alertRules, eq(alertRules.id, alertStates.ruleId)).where(eq(alertStates.key, key));
      if (!row || row.state.state !== 'firing' || !ruleReadable(principal, row.condition as AlertCondition)) throw ApiError.notFound(`No firing alert "${key}"`);
      await db.transaction(async (tx) => {
        await tx.update(alertStates).set({ acknowledgedBy: principal.name, acknowledgedAt: new Date() }).where(and(eq(alertStates.key, key)));
        await recordAudit(tx, auditActorOf(c), { action: 'alert.acknowledge', clusterId: row.state.clusterId, objectType: 'alert', objectId: key });
      });
      return c.body(null, 204);
    })
    .openapi(routes.events, async (c) => c.json({ items: await listEvents(db, requirePrincipal(c), c.req.valid('query').limit) }, 200))
    .openapi(routes.listSilences, async (c) => {
      const rows = await db.select().from(alertSilences).orderBy(alertSilences.expiresAt);
      const now = Date.now();
      return c.json({ items: rows.filter((s) => s.expiresAt.getTime() > now).map((s) => ({ id: s.id, ruleId: s.ruleId, resource: s.resource, reason: s.reason, expiresAt: s.expiresAt.toISOString(), createdBy: s.createdBy })) }, 200);
    })
    .openapi(routes.createSilence, async (c) => {
      const input = c.req.valid('json');
      const principal = requirePrincipal(c);
      if (input.ruleId) await readableRule(db, principal, input.ruleId).catch(() => Promise.reject(ApiError.badRequest(`Alert rule "${input.ruleId}" does not exist`, 'ruleId')));
      else if (principal.clusters !== null) throw ApiError.badRequest('A grant limited to some clusters silences one rule at a time', 'ruleId');
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.insert(alertSilences).values({ ruleId: input.ruleId ?? null, resource: input.resource ?? null, reason: input.reason, expiresAt: new Date(input.expiresAt), createdBy: principal.name }).returning({ id: alertSilences.id });
        await recordAudit(tx, auditActorOf(c), { action: 'alert.silence.create', objectType: 'alert-silence', objectId: row!.id, details: { ...input } });
        return row!.id;
      });
      return c.json({ id }, 201);
    })
    .openapi(routes.deleteSilence, async (c) => {
      const { id } = c.req.valid('param');
      const deleted = await db.transaction(async (tx) => {
        const rows = await tx.delete(alertSilences).where(eq(alertSilences.id, id)).returning({ id: alertSilences.id, reason: alertSilences.reason });
        if (rows.length) await recordAudit(tx, auditActorOf(c), { action: 'alert.silence.delete', objectType: 'alert-silence', objectId: id, details: { reason: rows[0]!.reason } });
        return rows.length;
      });
      if (!deleted) throw ApiError.notFound(`No silence "${id}"`);
      return c.body(null, 204);
    })
    .openapi(routes.deliveries, async (c) => {
      const { userId, admin } = viewerOf(c);
      const channels = admin ? null : (await listChannels(db, { userId, admin })).filter((ch) => ch.ownerId !== null).map((ch) => ch.id);
      return c.json({ items: await deliveryLog(db, channels, c.req.valid('query').limit) }, 200);
    });
}
