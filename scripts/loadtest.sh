#!/usr/bin/env bash
# Load test: dateline serving the demo site, uncached, against nginx serving
# the same bytes from disk, both on loopback, measured by wrk in the same run.
# Needs Debian's wrk and nginx-light (apt-get install wrk nginx-light).
# Usage: scripts/loadtest.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
conns="${2:-32}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; nginx -p "$work/nginx" -c nginx.conf -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/dateline" ./cmd/dateline
"$work/dateline" serve --demo --data "$work/data" --addr 127.0.0.1:18080 >"$work/serve.log" 2>&1 &
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.5; done

article="$(curl -s http://127.0.0.1:18080/ | grep -m1 -o 'href="/20[0-9][0-9]/[^"]*"' | cut -d'"' -f2)"
mkdir -p "$work/nginx/html" "$work/nginx/logs"
curl -s http://127.0.0.1:18080/ >"$work/nginx/html/home.html"
curl -s "http://127.0.0.1:18080$article" >"$work/nginx/html/article.html"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  default_type text/html;
  server { listen 127.0.0.1:18081; root $work/nginx/html; }
}
CONF
nginx -p "$work/nginx" -c nginx.conf

run() {
  local name="$1" url="$2"
  printf '%-34s ' "$name"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$url" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%10s req/s   p50 %8s   p99 %8s\n", rps, p50, p99}'
}
echo "wrk -t2 -c$conns -d${secs}s, $(nproc) cores, $(go version | cut -d' ' -f3)"
echo "article: $article ($(wc -c <"$work/nginx/html/article.html") bytes)"
run "dateline article (uncached)" "http://127.0.0.1:18080$article"
run "nginx article (static file)" "http://127.0.0.1:18081/article.html"
run "dateline home (uncached)" "http://127.0.0.1:18080/"
run "nginx home (static file)" "http://127.0.0.1:18081/home.html"
