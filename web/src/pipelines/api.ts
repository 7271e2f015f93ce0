// GET /api/v1/pipelines: source connectors → topics → sink connectors and consumer groups, per Kafka cluster.
import { get, post } from '../lib/api';
import type { CreatedPipeline, CreatePipeline, PipelineTemplateList, Pipelines } from '../api/types';
export type { CreatedPipeline, PipelineTemplate } from '../api/types';
export type { PipelineCluster, PipelineEdge, PipelineFlow, PipelineGroup, PipelineSink, PipelineSource, PipelineTopic, Pipelines } from '../api/types';

export const fetchPipelines = (signal?: AbortSignal) => get<Pipelines>('/api/v1/pipelines', { signal });

export const listPipelineTemplates = () => get<PipelineTemplateList>('/api/v1/pipeline-templates').then((answer) => answer.items);

export const createPipeline = (connectId: string, body: CreatePipeline) => post<CreatedPipeline>(`/api/v1/connect/${encodeURIComponent(connectId)}/pipelines`, body);
