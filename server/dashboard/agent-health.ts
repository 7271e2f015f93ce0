import type { NodeHealth } from '../../plugins/agent/node-health';
import type { WorkerStatus } from '../../plugins/agent/worker-control';

export interface AgentHealth {
  node: NodeHealth;
  /** The worker process as the agent supervising it sees it; absent from agents that do not say. */
  worker?: Pick<WorkerStatus, 'state' | 'restarts'>;
}

/** `GET {agentUrl}/health` on a worker's plugin agent, with its bearer token; throws naming the agent. */
export async function fetchAgentHealth(agentUrl: string, token: string, timeoutMs: number): Promise<AgentHealth> {
  const url = `${agentUrl.replace(/\/+$/, '')}/health`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new Error(`plugin agent ${agentUrl}: ${reason}`);
  }
  const body = (await response.json().catch(() => undefined)) as { node?: NodeHealth; worker?: WorkerStatus; error?: { message?: string } } | undefined;
  if (!response.ok) throw new Error(`plugin agent ${agentUrl}: HTTP ${response.status}${body?.error?.message ? ` (${body.error.message})` : ''}`);
  if (!body?.node) throw new Error(`plugin agent ${agentUrl}: the health answer has no node section`);
  const health: AgentHealth = { node: body.node };
  if (body.worker) health.worker = { state: body.worker.state, restarts: body.worker.restarts };
  return health;
}
