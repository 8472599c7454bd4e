#!/bin/sh
# Registers (or updates) the memories sink on a Kafka Connect worker, from the project's connector config
# connectors/src/main/resources/memstream/memories-sink.json, whose ${...} placeholders are filled from the
# environment: MEMORIES_TOPIC, JDBC_URL, JDBC_USER, JDBC_PASSWORD, SCHEMA_REGISTRY_URL, DLQ_REPLICATION_FACTOR.
# PUT /connectors/<name>/config creates the connector or updates it, so running the job twice is harmless.
#   register-connector.sh              wait for Connect, then PUT the config
#   register-connector.sh --render     print the config that would be PUT, and exit
#   register-connector.sh --supervise  register, then restart the connector whenever it FAILS (supervise-connector.sh
#                                      beside this script, with its backoff)
set -eu

CONNECT_URL="${CONNECT_URL:-http://connect:8083}"
TEMPLATE="${TEMPLATE:-/config/memories-sink.json}"

escape() {
  # The value goes into a JSON string (escape \ and "), through a sed replacement (escape \, | and &).
  printf '%s' "$1" | sed -e 's/[\\"]/\\&/g' | sed -e 's/[\\|&]/\\&/g'
}

render() {
  # The config object only (PUT takes it without the name): from the line after "config": { to the matching }.
  sed -e "s|\${topic}|$(escape "${MEMORIES_TOPIC:-enhanced-memories}")|g" \
      -e "s|\${jdbc.url}|$(escape "${JDBC_URL:?set JDBC_URL}")|g" \
      -e "s|\${jdbc.user}|$(escape "${JDBC_USER:?set JDBC_USER}")|g" \
      -e "s|\${jdbc.password}|$(escape "${JDBC_PASSWORD:?set JDBC_PASSWORD}")|g" \
      -e "s|\${schema.registry.url}|$(escape "${SCHEMA_REGISTRY_URL:?set SCHEMA_REGISTRY_URL}")|g" \
      -e "s|\${dlq.replication.factor}|$(escape "${DLQ_REPLICATION_FACTOR:-1}")|g" \
      "$TEMPLATE" \
    | sed -n '/"config"[[:space:]]*:[[:space:]]*{/,$p' \
    | sed -e '1s/.*"config"[[:space:]]*:[[:space:]]*{/{/' -e '$d'
}

if [ "${1:-}" = "--render" ]; then
  render
  exit 0
fi

NAME="$(sed -n 's/^[[:space:]]*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$TEMPLATE" | head -n1)"
echo "waiting for Kafka Connect at $CONNECT_URL"
tries=0
until curl -fsS "$CONNECT_URL/connector-plugins" 2>/dev/null | grep -q 'JdbcSinkConnector'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "Kafka Connect at $CONNECT_URL did not list the Debezium JDBC sink after 5 minutes" >&2
    exit 1
  fi
  sleep 3
done
render > /tmp/connector-config.json
echo "registering connector $NAME"
curl -fsS -X PUT -H 'Content-Type: application/json' --data @/tmp/connector-config.json \
  "$CONNECT_URL/connectors/$NAME/config"
echo
tries=0
until curl -fsS "$CONNECT_URL/connectors/$NAME/status" | grep -q '"state":"RUNNING"'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 40 ]; then
    echo "connector $NAME is not RUNNING: $(curl -sS "$CONNECT_URL/connectors/$NAME/status")" >&2
    exit 1
  fi
  sleep 3
done
echo "connector $NAME is RUNNING"
if [ "${1:-}" = "--supervise" ]; then
  CONNECTOR="$NAME" exec sh "$(dirname "$0")/supervise-connector.sh"
fi
