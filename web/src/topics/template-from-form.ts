// "Save as template" on the topic create form: what the form holds (partitions, replication factor, the settings
// given a value) becomes a topic template. The topic's name is not part of it: a template is for many topics.
import type { Scope } from '../templates/scope';
import type { NewTopicTemplate } from './templates-api';
import { wholeNumberProblem } from './settings';

export interface TopicFormValues {
  partitions: string;
  replicationFactor: string;
  /** Every setting field of the form; empty ones mean the cluster's default and are left out. */
  values: Record<string, string>;
}

/** Problems with the numbers the template would keep, by form field; empty when there are none. */
export function templateFormProblems(form: TopicFormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  const partitions = wholeNumberProblem(form.partitions, 'number of partitions');
  if (partitions) problems.partitions = partitions;
  const replication = wholeNumberProblem(form.replicationFactor, 'replication factor');
  if (replication) problems.replicationFactor = replication;
  return problems;
}

/** The settings the template sets: those given a value, as given. */
export function setConfigs(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
}

export function topicTemplateFromForm(form: TopicFormValues, chosen: { id: string; name: string; description: string; kafkaClusterId: Scope }): NewTopicTemplate {
  return {
    id: chosen.id,
    name: chosen.name.trim(),
    description: chosen.description.trim(),
    kafkaClusterId: chosen.kafkaClusterId,
    partitions: Number(form.partitions.trim()),
    replicationFactor: Number(form.replicationFactor.trim()),
    configs: setConfigs(form.values),
  };
}
