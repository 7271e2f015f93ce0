// The alerts part of the server's public API (/api/v1/alerts...).
import { del, get, post, put } from '../lib/api';
import type { Alert, AlertChannel, AlertChannelTest, AlertCreated, AlertDelivery, AlertEvent, AlertList, AlertRule, AlertSilence, NewAlertChannel, NewAlertRule } from '../api/types';
export type { Alert, AlertChannel, AlertChannelTest, AlertDelivery, AlertEvent, AlertList, AlertRule, AlertSilence, NewAlertChannel, NewAlertRule } from '../api/types';

const BASE = '/api/v1/alerts';

export const listAlerts = (signal?: AbortSignal) => get<AlertList>(BASE, { signal });
export const listRules = async (signal?: AbortSignal) => (await get<{ items: AlertRule[] }>(`${BASE}/rules`, { signal })).items;
export const listChannels = async (signal?: AbortSignal) => (await get<{ items: AlertChannel[] }>(`${BASE}/channels`, { signal })).items;
export const listEvents = async (signal?: AbortSignal) => (await get<{ items: AlertEvent[] }>(`${BASE}/events`, { signal, query: { limit: 100 } })).items;
export const listSilences = async (signal?: AbortSignal) => (await get<{ items: AlertSilence[] }>(`${BASE}/silences`, { signal })).items;
export const listDeliveries = async (signal?: AbortSignal) => (await get<{ items: AlertDelivery[] }>(`${BASE}/deliveries`, { signal, query: { limit: 50 } })).items;

export const createChannel = (channel: NewAlertChannel) => post<AlertCreated>(`${BASE}/channels`, channel);
export const deleteChannel = (id: string) => del<void>(`${BASE}/channels/${encodeURIComponent(id)}`);
export const testChannel = (id: string) => post<AlertChannelTest>(`${BASE}/channels/${encodeURIComponent(id)}/test`);
export const createRule = (rule: NewAlertRule) => post<AlertCreated>(`${BASE}/rules`, rule);
export const updateRule = (id: string, rule: NewAlertRule) => put<void>(`${BASE}/rules/${encodeURIComponent(id)}`, rule);
export const deleteRule = (id: string) => del<void>(`${BASE}/rules/${encodeURIComponent(id)}`);
export const subscribe = (ruleId: string, channels: string[], mutedUntil: string | null = null) =>
  put<void>(`${BASE}/rules/${encodeURIComponent(ruleId)}/subscription`, { channels, mutedUntil });
export const unsubscribe = (ruleId: string) => del<void>(`${BASE}/rules/${encodeURIComponent(ruleId)}/subscription`);
export const acknowledge = (key: string) => post<void>(`${BASE}/acknowledge`, { key });
export const createSilence = (silence: { ruleId?: string; resource?: string; reason: string; expiresAt: string }) => post<AlertCreated>(`${BASE}/silences`, silence);
export const deleteSilence = (id: string) => del<void>(`${BASE}/silences/${encodeURIComponent(id)}`);

export type { Alert as FiringAlert };
