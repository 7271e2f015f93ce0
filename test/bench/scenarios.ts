// Every benchmark scenario, in the order `npm run bench` runs them.
import { connectorsScenario } from './connectors';
import { consumerGroupsScenario } from './consumer-groups';
import { installScenario } from './install';
import type { Scenario } from './run';
import { schemaRegistryScenario } from './schema-registry';
import { topicsScenario } from './topics';

export const scenarios: Scenario[] = [connectorsScenario, topicsScenario, consumerGroupsScenario, installScenario, schemaRegistryScenario];
