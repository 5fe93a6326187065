#!/usr/bin/env bash
# Runs the whole platform on this machine: a real Kafka broker (KRaft, a local process), an
# embedded PostgreSQL (or the database in RINGBACK_DB_URL) and the five services.
# Builds what is missing first. Ctrl-C stops everything it started.
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

exec java -Dringback.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "deploy/local/target/classes:deploy/local/target/lib/*" \
  io.ringback.local.LocalPlatform
