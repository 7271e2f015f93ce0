// GET /api/v1/pipelines: source connectors → topics → sink connectors and consumer groups, per Kafka cluster.
import { get } from '../lib/api';
import type { Pipelines } from '../api/types';
export type { PipelineCluster, PipelineEdge, PipelineFlow, PipelineGroup, PipelineSink, PipelineSource, PipelineTopic, Pipelines } from '../api/types';

export const fetchPipelines = (signal?: AbortSignal) => get<Pipelines>('/api/v1/pipelines', { signal });
