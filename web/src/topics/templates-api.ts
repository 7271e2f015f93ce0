// Topic templates (/api/v1/topic-templates): the built-in ones and users' own, global or for one Kafka cluster.
import type { NewTopicTemplate, TopicTemplate, TopicTemplateList, TopicTemplateUpdate } from '../api/types';
import { del, get, post, put } from '../lib/api';
export type { NewTopicTemplate, TopicTemplate, TopicTemplateUpdate } from '../api/types';

const enc = encodeURIComponent;

/** Built-in templates first, then users' own by name; with `cluster` only those usable on that Kafka cluster. */
export async function listTopicTemplates(cluster?: string): Promise<TopicTemplate[]> {
  return (await get<TopicTemplateList>('/api/v1/topic-templates', { query: { cluster: cluster || undefined } })).items;
}

export const createTopicTemplate = (template: NewTopicTemplate) => post<TopicTemplate>('/api/v1/topic-templates', template);

/** Sends the scope as given: leaving `kafkaClusterId` out would keep the stored one. */
export const updateTopicTemplate = (id: string, body: TopicTemplateUpdate) => put<TopicTemplate>(`/api/v1/topic-templates/${enc(id)}`, body);

export const deleteTopicTemplate = (id: string) => del<void>(`/api/v1/topic-templates/${enc(id)}`);
