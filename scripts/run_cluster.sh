#!/usr/bin/env bash
# The dashboard as a local cluster on http://localhost:8501: a private PostgreSQL (the DuckLake catalog) and the
# lake's files under data/cluster/, REPLICAS (default 2) Streamlit processes of app.py on loopback ports sharing the
# lake, and haproxy in front (sticky sessions by cookie, websockets, health checks). Seeds sample data when the lake
# is empty. Ctrl-C stops everything. Settings: PORT, REPLICAS, ADDRESS (haproxy's listen address, default all),
# CLUSTER_DIR, PG_PORT, REPLICA_PORT (the first replica's port), SEED_SCALE (0: no sample data),
# STREAMLIT_COMMAND (what runs `run app.py`: default the launcher `.venv/bin/python -m binjai.ui.serve`, which warms
# a replica up before it answers health checks; the benchmark's timed wrapper is `.venv/bin/python -m bench.serve`),
# LAKE_DATA_PATH (the lake's files, default $CLUSTER_DIR/lake/; `s3://bucket/` with the S3 variables of README's
# Deployment section in the environment, for a new CLUSTER_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8501}"
replicas="${REPLICAS:-2}"
pg_port="${PG_PORT:-55432}"
first_port="${REPLICA_PORT:-$((port + 10))}"
dir="${CLUSTER_DIR:-data/cluster}"
mkdir -p "$dir" && dir=$(cd "$dir" && pwd)
bash scripts/setup.sh
bash scripts/install_system_packages.sh --haproxy-only
bash scripts/install_chromium.sh || echo "Chromium not installed: PDF/PPTX handouts will explain what is missing."

loops=()
stop() {
  trap - EXIT INT TERM
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done
  local pids=() file
  for file in "$dir"/replica-*.pid "$dir"/haproxy.pid; do
    [ -f "$file" ] && pids+=("$(cat "$file")") && rm -f "$file"
  done
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 0.2; done
  kill -9 "${pids[@]}" 2>/dev/null || true
  wait || true
  bash scripts/postgres.sh stop "$dir/postgres" 2>/dev/null || true
}
rm -f "$dir"/replica-*.pid "$dir"/haproxy.pid  # left by a run that was killed outright
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/postgres.sh start "$dir/postgres" "$pg_port"
export BINJAI_WAREHOUSE="ducklake+postgresql://postgres@127.0.0.1:$pg_port/binjai?data_path=${LAKE_DATA_PATH:-$dir/lake/}"
if [ "${SEED_SCALE:-1}" != 0 ]; then
  .venv/bin/python -m etl seed --if-empty --scale "${SEED_SCALE:-1}"
fi
# One cookie secret for every replica, so that a browser handed to another replica keeps its XSRF token.
[ -f "$dir/cookie_secret" ] || (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_hex(32))" \
  > "$dir/cookie_secret")
export STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$dir/cookie_secret")"

read -ra streamlit <<< "${STREAMLIT_COMMAND:-.venv/bin/python -m binjai.ui.serve}"
servers=""
for i in $(seq 1 "$replicas"); do
  replica_port=$((first_port + i - 1))
  servers+="    server r$i 127.0.0.1:$replica_port check cookie r$i"$'\n'
  (  # a replica that stops (a crash, kill -9) is started again; haproxy sends its browsers elsewhere meanwhile
    while true; do
      "${streamlit[@]}" run app.py --server.port "$replica_port" --server.address 127.0.0.1 \
        --server.headless true "$@" &
      echo "$!" > "$dir/replica-$i.pid"
      wait "$!" || echo "replica r$i (port $replica_port) stopped with status $?; starting it again" >&2
      sleep 1
    done
  ) &
  loops+=("$!")
done
ports=$(seq -s ' ' "$first_port" $((first_port + replicas - 1)))
if ! .venv/bin/python - $ports <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 180
for port in sys.argv[1:]:
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(1)
            time.sleep(0.5)
PY
then
  echo "Not every replica answered within 3 minutes; haproxy sends browsers to those that do." >&2
fi
template=$(cat config/haproxy.cfg.in)
template=${template//@ADDRESS@/${ADDRESS:-*}}
template=${template//@PORT@/$port}
printf '%s\n' "${template//@SERVERS@/${servers%$'\n'}}" > "$dir/haproxy.cfg"
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
"$haproxy" -c -q -f "$dir/haproxy.cfg"
"$haproxy" -db -f "$dir/haproxy.cfg" &
haproxy_pid=$!
echo "$haproxy_pid" > "$dir/haproxy.pid"
sleep 1
kill -0 "$haproxy_pid" 2>/dev/null || { echo "haproxy did not start (is port $port taken?)" >&2; exit 1; }

echo "Binjai dashboard cluster ready: http://localhost:$port ($replicas replicas on ports $ports," \
    "catalog on 127.0.0.1:$pg_port)"
wait "$haproxy_pid"
