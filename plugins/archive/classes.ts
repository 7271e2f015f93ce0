/** The Kafka Connect plugin classes an archive provides, by kind; each list sorted and unique. */
export interface PluginClasses {
  connectors: ConnectorClass[];
  converters: string[];
  headerConverters: string[];
  transforms: string[];
  predicates: string[];
  configProviders: string[];
}

export interface ConnectorClass {
  class: string;
  type: 'source' | 'sink';
}

export type ClassKind = Exclude<keyof PluginClasses, 'connectors'> | 'sourceConnectors' | 'sinkConnectors';

/**
 * The service interfaces Kafka Connect reads from META-INF/services (KIP-898); a plugin that
 * declares its classes this way is loaded without a full classpath scan.
 */
export const SERVICE_INTERFACES: Record<string, ClassKind> = {
  'org.apache.kafka.connect.source.SourceConnector': 'sourceConnectors',
  'org.apache.kafka.connect.sink.SinkConnector': 'sinkConnectors',
  'org.apache.kafka.connect.storage.Converter': 'converters',
  'org.apache.kafka.connect.storage.HeaderConverter': 'headerConverters',
  'org.apache.kafka.connect.transforms.Transformation': 'transforms',
  'org.apache.kafka.connect.transforms.predicates.Predicate': 'predicates',
  'org.apache.kafka.common.config.provider.ConfigProvider': 'configProviders',
};

export const SERVICES_PREFIX = 'META-INF/services/';

/** Lines of a service manifest: one class per line, `#` starts a comment. */
export function parseServiceFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => /^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u.test(line));
}

/** Naming conventions, only used when a plugin ships no service manifests at all (pre-3.6 era). */
const HEURISTICS: [RegExp, ClassKind][] = [
  [/SourceConnector$/, 'sourceConnectors'],
  [/SinkConnector$/, 'sinkConnectors'],
  [/HeaderConverter$/, 'headerConverters'],
  [/Converter$/, 'converters'],
  [/(Transform|Transformation)$/, 'transforms'],
  [/Predicate$/, 'predicates'],
  [/ConfigProvider$/, 'configProviders'],
];

/**
 * The kind a class's name suggests, for a `.class` entry path. Only concrete-looking top-level
 * classes count, and anything but connectors must live in a Kafka/Connect-flavoured package, or
 * every library's `*Converter` would be reported.
 */
export function guessClassKind(entryPath: string): { className: string; kind: ClassKind } | undefined {
  if (!entryPath.endsWith('.class') || entryPath.includes('$') || entryPath.startsWith('META-INF/')) return undefined;
  const className = entryPath.slice(0, -'.class'.length).replace(/\//g, '.');
  const simple = className.slice(className.lastIndexOf('.') + 1);
  if (/^(Abstract|Base|Test|Mock)/.test(simple) || /Test$/.test(simple)) return undefined;
  for (const [pattern, kind] of HEURISTICS) {
    if (!pattern.test(simple)) continue;
    const isConnector = kind === 'sourceConnectors' || kind === 'sinkConnectors';
    if (!isConnector && !/(^|\.)(kafka|connect|kafkaconnector)(\.|$)/i.test(className)) return undefined;
    return { className, kind };
  }
  return undefined;
}

export type ClassSets = Record<ClassKind, Set<string>>;

export function emptyClassSets(): ClassSets {
  return {
    sourceConnectors: new Set(),
    sinkConnectors: new Set(),
    converters: new Set(),
    headerConverters: new Set(),
    transforms: new Set(),
    predicates: new Set(),
    configProviders: new Set(),
  };
}

export function mergeInto(target: ClassSets, source: ClassSets): void {
  for (const kind of Object.keys(target) as ClassKind[]) source[kind].forEach((c) => target[kind].add(c));
}

const sorted = (set: Set<string>) => [...set].sort();

export function toPluginClasses(sets: ClassSets): PluginClasses {
  return {
    connectors: [
      ...sorted(sets.sourceConnectors).map((c) => ({ class: c, type: 'source' as const })),
      ...sorted(sets.sinkConnectors).map((c) => ({ class: c, type: 'sink' as const })),
    ],
    converters: sorted(sets.converters),
    headerConverters: sorted(sets.headerConverters),
    transforms: sorted(sets.transforms),
    predicates: sorted(sets.predicates),
    configProviders: sorted(sets.configProviders),
  };
}

export type ClassSource = 'service-manifest' | 'heuristic' | 'none';

const CONNECTOR_KINDS: ClassKind[] = ['sourceConnectors', 'sinkConnectors'];
const hasAny = (sets: ClassSets, kinds: ClassKind[]) => kinds.some((kind) => sets[kind].size > 0);

/**
 * A plugin whose manifests declare its connectors says exactly what it provides, so names are not
 * consulted at all (guessing would report the Kafka API classes such plugins often bundle). Names
 * are the fallback for plugins from before service manifests: connectors by name, other kinds
 * by name only when no bundled jar declares any. The interfaces themselves are never reported.
 */
export function combineFindings(declared: ClassSets, guessed: ClassSets): { classes: PluginClasses; classSource: ClassSource } {
  const otherKinds = (Object.keys(declared) as ClassKind[]).filter((kind) => !CONNECTOR_KINDS.includes(kind));
  const connectorsDeclared = hasAny(declared, CONNECTOR_KINDS);
  const othersDeclared = hasAny(declared, otherKinds);
  const combined = emptyClassSets();
  for (const kind of Object.keys(combined) as ClassKind[]) {
    const useDeclared = CONNECTOR_KINDS.includes(kind) ? connectorsDeclared : connectorsDeclared || othersDeclared;
    (useDeclared ? declared : guessed)[kind].forEach((c) => {
      if (!(c in SERVICE_INTERFACES)) combined[kind].add(c);
    });
  }
  const anyConnectors = hasAny(combined, CONNECTOR_KINDS);
  const classSource: ClassSource = connectorsDeclared ? 'service-manifest' : anyConnectors ? 'heuristic' : 'none';
  return { classes: toPluginClasses(combined), classSource };
}
