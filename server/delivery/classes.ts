import type { ArchiveInspection } from '../../plugins/archive';
import type { AgentPlugin } from './agent-client';

type ClassLists = ArchiveInspection['classes'] | AgentPlugin['classes'];

/**
 * The classes that prove a worker loaded a plugin: its connectors, or, for a plugin without any
 * (converters, transforms only), everything else it provides. Workers list all of them in
 * `GET /connector-plugins?connectorsOnly=false`.
 */
export function pluginClasses(classes: ClassLists): string[] {
  const connectors = classes.connectors.map((c) => c.class);
  if (connectors.length > 0) return [...new Set(connectors)].sort();
  const others = [...classes.converters, ...classes.headerConverters, ...classes.transforms, ...classes.predicates];
  return [...new Set(others)].sort();
}

export function connectorClassesOf(inspection: ArchiveInspection): string[] {
  return pluginClasses(inspection.classes);
}
