#!/bin/sh
# Writes the worker's properties and the agent's config from the environment, then runs the agent,
# which starts and supervises the Connect worker.
set -eu
: "${BOOTSTRAP_SERVERS:?}" "${CONNECT_GROUP_ID:?}" "${WORKER_ID:?}" "${AGENT_TOKEN:?}"
host=$(hostname)
mkdir -p /etc/connect
cat > /etc/connect/worker.properties <<PROPS
bootstrap.servers=${BOOTSTRAP_SERVERS}
group.id=${CONNECT_GROUP_ID}
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
config.storage.topic=connect-configs
offset.storage.topic=connect-offsets
status.storage.topic=connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
listeners=http://0.0.0.0:8083
rest.advertised.host.name=${host}
rest.advertised.port=8083
plugin.path=/opt/connect/plugins
scheduled.rebalance.max.delay.ms=10000
PROPS
cat > /etc/connect/agent.json <<JSON
{
  "listen": { "host": "0.0.0.0", "port": 8084 },
  "workerId": "${WORKER_ID}",
  "restUrl": "http://127.0.0.1:8083",
  "pluginPath": "/opt/connect/plugins",
  "worker": {
    "command": "/opt/kafka/bin/connect-distributed.sh",
    "args": ["/etc/connect/worker.properties"],
    "env": { "KAFKA_HEAP_OPTS": "-Xmx512m -Xms256m" }
  }
}
JSON
export AGENT_CONFIG=/etc/connect/agent.json
exec node_modules/.bin/tsx plugins/agent/main.ts
