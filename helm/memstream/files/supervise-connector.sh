#!/bin/sh
# Restarts the memories sink when Kafka Connect reports it FAILED: Connect never restarts a failed connector or task by
# itself, so after a PostgreSQL restart the sink would stay down until someone POSTs a restart. Runs forever beside
# Connect (Docker Compose: after register-connector.sh; Helm without Strimzi: the connector-supervisor Deployment;
# with Strimzi, the KafkaConnector's autoRestart does this instead).
#
# Every POLL_SECONDS it reads GET /connectors/$CONNECTOR/status; while the connector or a task is FAILED it POSTs
# /connectors/$CONNECTOR/restart?includeTasks=true&onlyFailed=true, the n-th time (n from 0, counted since the
# connector last ran for BACKOFF_MAX_SECONDS) min(BACKOFF_INITIAL_SECONDS * 2^n, BACKOFF_MAX_SECONDS) seconds after it
# saw the failure: the formula of memstream's own supervisor (io.memstream.sink.RestartBackoff, 1 s and 60 s).
#   supervise-connector.sh              supervise until stopped
#   supervise-connector.sh --delay N    print the wait before restart N, and exit
set -eu

CONNECT_URL="${CONNECT_URL:-http://connect:8083}"
CONNECTOR="${CONNECTOR:-memories-sink}"
POLL_SECONDS="${POLL_SECONDS:-5}"
BACKOFF_INITIAL_SECONDS="${BACKOFF_INITIAL_SECONDS:-1}"
BACKOFF_MAX_SECONDS="${BACKOFF_MAX_SECONDS:-60}"

delay() {
  d="$BACKOFF_INITIAL_SECONDS"
  i=0
  while [ "$i" -lt "$1" ] && [ "$d" -lt "$BACKOFF_MAX_SECONDS" ]; do
    d=$((d * 2))
    i=$((i + 1))
  done
  if [ "$d" -gt "$BACKOFF_MAX_SECONDS" ]; then
    d="$BACKOFF_MAX_SECONDS"
  fi
  echo "$d"
}

if [ "${1:-}" = "--delay" ]; then
  delay "${2:?--delay N}"
  exit 0
fi

echo "supervising connector $CONNECTOR at $CONNECT_URL (restart backoff ${BACKOFF_INITIAL_SECONDS}s doubling to ${BACKOFF_MAX_SECONDS}s)"
restarts=0
next_restart=""
running_since=""
while true; do
  now="$(date +%s)"
  status="$(curl -fsS "$CONNECT_URL/connectors/$CONNECTOR/status" 2>/dev/null || true)"
  if printf '%s' "$status" | grep -q '"state":"FAILED"'; then
    running_since=""
    if [ -z "$next_restart" ]; then
      next_restart=$((now + $(delay "$restarts")))
      echo "connector $CONNECTOR FAILED; restarting it in $((next_restart - now)) s"
    fi
    if [ "$now" -ge "$next_restart" ]; then
      if curl -fsS -X POST "$CONNECT_URL/connectors/$CONNECTOR/restart?includeTasks=true&onlyFailed=true" > /dev/null; then
        restarts=$((restarts + 1))
        next_restart=""
        echo "restarted the failed parts of $CONNECTOR (restart $restarts since it last ran)"
      else
        next_restart=$((now + $(delay "$restarts")))
      fi
    fi
  elif printf '%s' "$status" | grep -q '"state":"RUNNING"' \
      && ! printf '%s' "$status" | grep -Eq '"state":"(UNASSIGNED|PAUSED|RESTARTING|STOPPED)"'; then
    next_restart=""
    if [ -z "$running_since" ]; then
      running_since="$now"
    fi
    if [ $((now - running_since)) -ge "$BACKOFF_MAX_SECONDS" ]; then
      restarts=0
    fi
  else
    running_since=""
  fi
  sleep "$POLL_SECONDS"
done
