// The topics part of the server's public API (/api/v1/clusters/{kafkaId}/topics...).
import { del, get, patch, post } from '../lib/api';
import type { ConfigHelpAnswer, CreatedTopic, HistoryRange, TopicHistory, MessageFormat, MessagesAnswer, NewTopic, TopicChange, TopicDetail, TopicPage, TopicRates } from '../api/types';
export type { HistoryRange, TopicHistory } from '../api/types';
export type { BrowsedPartition, ConfigHelp, ConfigHelpAnswer, CreatedTopic, DecodedField, MessageFormat, MessageHeader, MessagesAnswer, NewTopic, PartitionInfo, ReplicaSize, TopicChange, TopicConfig, TopicDetail, TopicMessage, TopicPage, TopicRates, TopicSummary, TopicTemplate } from '../api/types';

export interface TopicQuery {
  q: string;
  internal: boolean;
  /** 1-based. */
  page: number;
  size: number;
}

export interface MessageQuery {
  /** Every partition when absent. */
  partition?: number;
  /** Read forward from here; with neither offset nor timestamp the newest messages are shown. */
  offset?: number;
  /** Milliseconds since the epoch: read forward from the first message at or after it. */
  timestamp?: number;
  limit: number;
  format: MessageFormat;
}

export const MAX_MESSAGES = 500;

const topicsPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/topics`;
const topicPath = (kafkaId: string, topic: string) => `${topicsPath(kafkaId)}/${encodeURIComponent(topic)}`;

export function listTopics(kafkaId: string, query: TopicQuery, signal?: AbortSignal): Promise<TopicPage> {
  return get<TopicPage>(topicsPath(kafkaId), {
    signal,
    // The server reads `internal=false` as "hide Kafka's internal topics" and no parameter as "every topic".
    query: { q: query.q.trim() || undefined, internal: query.internal ? undefined : false, page: query.page, size: query.size },
  });
}

export const getTopic = (kafkaId: string, topic: string, signal?: AbortSignal) =>
  get<TopicDetail>(topicPath(kafkaId, topic), { signal });

export const createTopic = (kafkaId: string, topic: NewTopic) => post<CreatedTopic>(topicsPath(kafkaId), topic);

export const changeTopic = (kafkaId: string, topic: string, change: TopicChange) =>
  patch<TopicDetail>(topicPath(kafkaId, topic), change);

/** The server refuses unless `confirm` repeats the topic's name. */
export const deleteTopic = (kafkaId: string, topic: string, confirm: string) =>
  del<void>(topicPath(kafkaId, topic), { query: { confirm } });

export const topicRates = (kafkaId: string, topic: string, signal?: AbortSignal) =>
  get<TopicRates>(`${topicPath(kafkaId, topic)}/rates`, { signal });

export function readMessages(kafkaId: string, topic: string, query: MessageQuery, signal?: AbortSignal) {
  return get<MessagesAnswer>(`${topicPath(kafkaId, topic)}/messages`, {
    signal,
    query: { partition: query.partition, offset: query.offset, timestamp: query.timestamp, limit: query.limit, format: query.format },
  });
}

export const topicConfigHelp = (kafkaId: string) =>
  get<ConfigHelpAnswer>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/topic-config-help`);

/** Stored per-minute history (PostgreSQL) of the topic's messages and bytes in and size, for the busiest topics. */
export const getTopicHistory = (kafkaId: string, topic: string, range: HistoryRange, signal?: AbortSignal) =>
  get<TopicHistory>(`${topicPath(kafkaId, topic)}/history`, { signal, query: { range } });
