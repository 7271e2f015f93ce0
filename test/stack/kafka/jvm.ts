import { LOG4J2_CONFIG } from './classpath';

/**
 * Small heaps and the serial collector: the stack runs up to five JVMs on a 2-core machine,
 * where parallel GC threads and large heaps only cost memory and CPU.
 */
export function jvmArgs(heapMb: number, logLevel = 'info'): string[] {
  return [
    `-Xms${Math.min(128, heapMb)}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`,
    `-Dconnectory.log.level=${logLevel}`,
  ];
}

export function writeProperties(entries: Record<string, string | number | boolean>): string {
  return `${Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}
