// Runs the server's lag sample in a process of its own, so every Kafka request leaving this process is the
// sample's: the wire counter (imported first, before any socket exists) counts them at the socket. Prints one
// JSON line per sample. Arguments: the bootstrap servers, the broker ports, the number of samples.
import { takeWireCounts, watchBrokerPorts } from './wire-count';
import { KafkaClients } from '../../server/kafka/pool';
import { takeSample } from '../../server/metrics/sample';

const [bootstrap, ports, samples] = process.argv.slice(2);
watchBrokerPorts(ports!.split(',').map(Number));
const clients = new KafkaClients();
try {
  const kafka = clients.get({ clusterId: 'bench', brokers: bootstrap!.split(',') });
  for (let i = 0; i < Number(samples); i++) {
    takeWireCounts();
    const sample = await takeSample(kafka);
    const wire = takeWireCounts();
    const groups = [...sample.groups.keys()];
    process.stdout.write(
      `${JSON.stringify({ durationMs: sample.durationMs, brokers: sample.brokers, groups, errors: sample.errors, selfCounted: sample.requests, selfByApi: sample.requestsByApi, wire })}\n`,
    );
  }
} finally {
  await clients.closeAll();
}
