import { mkdirSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createBrokerAgentApp, isBrokerRole, parseBrokerAgentConfig, type BrokerAgentConfig } from './broker';
import { parseAgentConfig, readAgentConfigFile, type AgentConfig } from './config';
import { httpsOptions } from './https';
import { ExternalWorker } from './external-worker';
import { createAgentApp } from './routes';
import { ProcessSupervisor } from './supervisor';
import type { WorkerControl } from './worker-control';
import { readWorkerTopics, workerPropertiesFile } from './worker-topics';

const log = pino({ name: 'plugin-agent', level: process.env.LOG_LEVEL ?? 'info' });

function createWorkerControl(config: AgentConfig): WorkerControl {
  if (config.worker) {
    return new ProcessSupervisor({
      spec: config.worker,
      restUrl: config.restUrl,
      ...(config.logFile ? { logFile: config.logFile } : {}),
      stopTimeoutMs: config.stopTimeoutMs,
      backoff: config.restartBackoff,
      probeIntervalMs: config.probeIntervalMs,
      onEvent: (event, detail) => log.info({ workerId: config.workerId, ...detail }, `worker ${event}`),
    });
  }
  return new ExternalWorker({
    restUrl: config.restUrl,
    restartCommand: config.restartCommand!,
    ...(config.startCommand ? { startCommand: config.startCommand } : {}),
    ...(config.stopCommand ? { stopCommand: config.stopCommand } : {}),
    timeoutMs: config.stopTimeoutMs,
  });
}

/** Beside a broker: only the host's health, nothing to supervise. */
function runBrokerAgent(config: BrokerAgentConfig): void {
  const app = createBrokerAgentApp({ token: config.token, logDirs: config.logDirs, ...(config.brokerId !== undefined ? { brokerId: config.brokerId } : {}) });
  const tls = httpsOptions(config);
  const server = serve({ fetch: app.fetch, hostname: config.listen.host, port: config.listen.port, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, (info) =>
    log.info(`plugin agent (broker role${config.brokerId !== undefined ? `, broker ${config.brokerId}` : ''}) listening on ${tls ? 'https' : 'http'}://${info.address}:${info.port}`),
  );
  server.on('error', (err) => {
    log.fatal({ err }, `plugin agent: cannot listen on ${config.listen.host}:${config.listen.port}`);
    process.exit(1);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
}

async function main(): Promise<void> {
  const raw = readAgentConfigFile();
  if (isBrokerRole(raw)) return runBrokerAgent(parseBrokerAgentConfig(raw));
  const config = parseAgentConfig(raw);
  // plugins are unpacked here and its disk is what /health reports
  mkdirSync(config.pluginPath, { recursive: true });
  const worker = createWorkerControl(config);
  const propertiesFile = workerPropertiesFile(config.workerProperties, config.worker?.args);
  const app = createAgentApp({
    ...(propertiesFile ? { workerTopics: () => readWorkerTopics(propertiesFile) } : {}),
    token: config.token,
    worker,
    pluginPath: config.pluginPath,
    onError: (err) => log.error({ err }, 'request failed'),
  });

  const tls = httpsOptions(config);
  const server = serve(
    { fetch: app.fetch, hostname: config.listen.host, port: config.listen.port, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) },
    (info) => {
      const how = tls ? (tls.requestCert ? 'https, client certificate required' : 'https') : 'http';
      log.info(`plugin agent for ${config.workerId} listening on ${tls ? 'https' : 'http'}://${info.address}:${info.port} (${how})`);
    },
  );
  server.on('error', (err) => {
    log.fatal({ err }, `plugin agent: cannot listen on ${config.listen.host}:${config.listen.port}`);
    process.exit(1);
  });

  // an externally managed worker is already run by its service manager
  if (config.worker) await worker.start();

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    log.info(`${signal}: stopping the worker, then exiting`);
    server.close();
    await worker.close();
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));
}

main().catch((err: Error) => {
  log.fatal(err.message);
  process.exit(1);
});
