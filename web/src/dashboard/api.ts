// GET /api/v1/dashboard: every Kafka and Connect cluster the caller may see, at a glance.
// Each part may be null with an error beside it: a slow or failing system never hides the rest.
import { get } from '../lib/api';
import type { Dashboard } from '../api/types';
export type { ConnectOverview, Dashboard, KafkaOverview, NodeHealth, WorkerOverview } from '../api/types';

export const fetchDashboard = (signal?: AbortSignal) => get<Dashboard>('/api/v1/dashboard', { signal });
