// How many alerts fire now, for the navigation and the dashboard: one poller shared by both.
import { Poller } from '../lib/poller.svelte';
import { listAlerts } from './api';

export const firingAlerts = new Poller(async (signal) => (await listAlerts(signal)).firing, 10_000);
