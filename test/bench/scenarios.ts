// Every benchmark scenario, in the order `npm run bench` runs them.
import { alertsScenario } from './alerts';
import { connectorsScenario } from './connectors';
import { consumerGroupsScenario } from './consumer-groups';
import { metricsScenario } from './metrics';
import { installScenario } from './install';
import { rebalanceScenario } from './rebalance';
import type { Scenario } from './run';
import { schemaRegistryScenario } from './schema-registry';
import { topicsScenario } from './topics';

export const scenarios: Scenario[] = [connectorsScenario, topicsScenario, consumerGroupsScenario, metricsScenario, installScenario, rebalanceScenario, schemaRegistryScenario, alertsScenario];
