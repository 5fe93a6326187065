#!/usr/bin/env bash
# The trigger benchmark (issue #10): SIPp, as a provider's trunk, sends trigger INVITEs to a DID
# of the whole platform started the way deploy/local/run.sh starts it (real accounts on an
# embedded PostgreSQL, a real Kafka broker) and prints the response times it measured (INVITE
# sent -> final answer received), the answers by code, and signaling's own counters.
#
#   bench/sipp-trigger.sh [rate per second] [seconds] [callers]      defaults: 500 60 10000
#
# Every caller is a registered phone of one funded account. Callers are used in turn, so each sends
# rate*seconds/callers triggers: its first creates a callback job (answered with the service's
# reject code, 480), the next ones find that job still open (already pending: 480 too; no worker
# runs the jobs in this benchmark). Nothing is ever answered 200: SIPp counts any other answer as a
# failed call. The platform runs in a fresh state directory on ports of its own (base 18080, SIP
# 25080, PostgreSQL 25432, Kafka 29092) and is stopped at the end. Needs sipp (Debian sip-tester),
# python3 and curl; builds the platform first when a service jar is missing.
set -euo pipefail
rate="${1:-500}"
seconds="${2:-60}"
callers="${3:-10000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/ringback-trigger-bench.XXXXXX)"

export RINGBACK_STATE_DIR="$work/state"
export RINGBACK_PORT_BASE="${RINGBACK_PORT_BASE:-18080}"
export RINGBACK_SIP_PORT="${RINGBACK_SIP_PORT:-25080}"
export RINGBACK_PG_PORT="${RINGBACK_PG_PORT:-25432}"
export RINGBACK_KAFKA_PORT="${RINGBACK_KAFKA_PORT:-29092}"
# One trunk sends everything, from one address: the per-source limit (200/s by default) is lifted.
export RINGBACK_SIGNALING_TRIGGER_PER_SOURCE_PER_SECOND=0
accounts="http://127.0.0.1:$((RINGBACK_PORT_BASE + 1))/api/v1"
signaling="http://127.0.0.1:$((RINGBACK_PORT_BASE + 5))"

echo "[bench] machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); work dir $work"
"$root/deploy/local/run.sh" > "$work/platform.log" 2>&1 &
platform=$!
stop_platform() {
  kill -TERM "$platform" 2>/dev/null || true
  wait "$platform" 2>/dev/null || true
}
trap stop_platform EXIT
until grep -q "Ringback is up" "$work/platform.log"; do
  kill -0 "$platform" 2>/dev/null || { cat "$work/platform.log"; exit 1; }
  sleep 2
done
echo "[bench] platform up: $(grep -o 'ready in [0-9]* s' "$work/platform.log")"

did=525580009999
python3 - "$accounts" "$signaling/api/v1" "$(cat "$RINGBACK_STATE_DIR/admin-key")" "$callers" "$did" \
  "$work/callers.csv" <<'PY'
import http.client, json, sys, urllib.parse
accounts, signaling, key, callers, did, csv_path = sys.argv[1:7]
callers = int(callers)

def client(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port), url.path

def call(conn, path, method, body=None, headers=None):
    h = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    h.update(headers or {})
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data.decode()}")
    return json.loads(data) if data else None

a, ap = client(accounts)
account = call(a, ap + "/accounts", "POST", {"name": "trigger-bench", "currency": "USD"})["id"]
call(a, ap + f"/accounts/{account}/payments", "POST",
     {"kind": "PAYMENT", "amount": "1000000", "description": "trigger benchmark"},
     {"Idempotency-Key": "trigger-bench-funds"})
with open(csv_path, "w") as csv:
    csv.write("SEQUENTIAL\n")
    for i in range(callers):
        number = f"1555{i:07d}"
        call(a, ap + f"/accounts/{account}/phones", "POST", {"number": number})
        csv.write(number + "\n")
s, sp = client(signaling)
template = call(s, sp + "/templates?size=1", "GET")
template_id = (template["items"] if isinstance(template, dict) else template)[0]["id"]
service = call(s, sp + "/callback-services", "POST",
               {"name": "trigger-bench", "templateId": template_id, "rejectCode": 480})["id"]
call(s, sp + "/dids", "POST", {"number": did, "callbackServiceId": service, "trustedSources": ["127.0.0.1/32"]})
print(f"[bench] provisioned {callers} callers on account {account}, DID {did}")
PY

# Signaling's trigger directory reloads configuration within a second: wait for it, or the first
# triggers find the DID unknown (404).
sleep 2

# The tests' trunk scenario, with the caller from the CSV and the response time measured.
sed -e 's/\[caller\]/[field0]/g' -e 's/@EXPECTED@/480/g' \
    -e 's/<send retrans="500">/<send retrans="500" start_rtd="1">/' \
    -e 's/<recv response="480"\/>/<recv response="480" rtd="1"\/>/' \
    "$root/services/signaling/src/test/resources/sipp/trigger.xml" > "$work/trigger.xml"
total=$((rate * seconds))
echo "[bench] sending $total triggers at $rate/s from $callers callers"
(cd "$work" && sipp "127.0.0.1:$RINGBACK_SIP_PORT" -sf trigger.xml -inf callers.csv -key did "$did" \
   -t u1 -i 127.0.0.1 -p 25090 -mp 25100 -r "$rate" -m "$total" -l $((rate * 10)) \
   -trace_rtt -rtt_freq 1 -trace_stat -fd 5 -trace_err -recv_timeout 10s -timeout $((seconds + 60))s \
   -nostdin > sipp.out 2>&1) && sipp_status=0 || sipp_status=$?

python3 - "$work" "$sipp_status" <<'PY'
import glob, sys
work, status = sys.argv[1], int(sys.argv[2])
times = []
for path in glob.glob(f"{work}/trigger_*_rtt.csv"):
    for line in open(path):
        parts = line.strip().split(";")
        if len(parts) >= 2 and parts[1].replace(".", "", 1).isdigit():
            times.append(float(parts[1]))
times.sort()
stat = sorted(glob.glob(f"{work}/trigger_*_.csv"))
fields = {}
if stat:
    rows = [l.rstrip("\n").split(";") for l in open(stat[-1]) if l.strip()]
    fields = dict(zip(rows[0], rows[-1]))
def pct(p):
    return times[min(len(times) - 1, int(round(p / 100 * len(times) + 0.5)) - 1)] if times else float("nan")
print(f"[bench] SIPp exit {status}; calls: successful {fields.get('SuccessfulCall(C)', '?')}, "
      f"failed {fields.get('FailedCall(C)', '?')}, retransmissions {fields.get('Retransmissions(C)', '?')}")
print(f"[bench] response time (INVITE -> final) over {len(times)} triggers, ms: "
      f"p50 {pct(50):.2f}  p90 {pct(90):.2f}  p99 {pct(99):.2f}  max {times[-1] if times else float('nan'):.2f}")
PY
echo "[bench] signaling's counters:"
curl -s "$signaling/q/metrics" | grep -E '^ringback_signaling_(triggers_[a-z_]*total|callback_jobs_created_total|trigger_limit_hits_total|trigger_response_seconds_(count|max))' | sed 's/^/  /'
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
