import { statfs } from 'node:fs/promises';
import os from 'node:os';

export interface NodeHealth {
  disk: { path: string; totalBytes: number; freeBytes: number };
  memory: { totalBytes: number; freeBytes: number };
  load: [number, number, number];
  cpus: number;
}

/**
 * The physical node's view that Kafka cannot give: room left where plugins are unpacked,
 * memory and load. Free disk is what an unprivileged process may use (bavail), not bfree.
 */
export async function readNodeHealth(pluginPath: string): Promise<NodeHealth> {
  const fs = await statfs(pluginPath);
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    disk: { path: pluginPath, totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    load: [one, five, fifteen],
    cpus: os.availableParallelism(),
  };
}
