#!/usr/bin/env bash
# Runs the whole platform on this machine: a real Kafka broker (KRaft, a local process), an
# embedded PostgreSQL (or the database in RINGBACK_DB_URL) and the five services.
# Builds what is missing first. Ctrl-C (or SIGTERM, SIGHUP) stops everything it started, in order:
# the services, then the broker, then the database.
#
#   deploy/local/run.sh           build if needed, then run
#   deploy/local/run.sh --build   rebuild everything first
#
# Environment: RINGBACK_DB_URL / RINGBACK_DB_USER / RINGBACK_DB_PASSWORD (use an existing database),
# RINGBACK_STATE_DIR (default .ringback), RINGBACK_PG_PORT (15432), RINGBACK_KAFKA_PORT (19092),
# RINGBACK_PORT_BASE (8080: services on 8081-8085).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

needs_build=false
[[ "${1:-}" == "--build" ]] && needs_build=true
for service in accounts rating media cdr signaling; do
  [[ -f "services/$service/target/quarkus-app/quarkus-run.jar" ]] || needs_build=true
done
[[ -d deploy/local/target/lib && -d deploy/local/target/classes ]] || needs_build=true

if $needs_build; then
  echo "[ringback] building (./mvnw install -DskipTests) ..."
  ./mvnw -B -q install -DskipTests
fi

# The launcher and everything it starts (PostgreSQL, Kafka, the services) run in a session of their
# own, so a Ctrl-C or a hang-up of the terminal does not reach them all at once: this script turns
# any of those signals into one SIGTERM to the launcher, which stops the services first, then the
# broker, then the database.
setsid java -Dringback.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/local/target/classes:deploy/local/target/lib/*" io.ringback.local.LocalPlatform &
launcher=$!
trap 'kill -TERM "$launcher" 2>/dev/null || true' INT TERM HUP
status=0
while kill -0 "$launcher" 2>/dev/null; do
  wait "$launcher" && status=0 || status=$?
done
exit "$status"
