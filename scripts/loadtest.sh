#!/usr/bin/env bash
# Load test on loopback, every case in the same run with the same settings:
# dateline's article and home pages with the page cache on and off, the
# static mirror behind nginx, and two references serving the same bytes —
# a minimal net/http handler answering from memory (the ceiling of Go's
# HTTP stack) and nginx serving files with gzip_static. Needs Debian's wrk
# and nginx (apt-get install wrk nginx; libnginx-mod-http-brotli-static is
# used when present). Bounded in time, cleans up after itself.
# Usage: scripts/loadtest.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
conns="${2:-32}"
work="$(mktemp -d)"
chmod 755 "$work" # nginx's workers read the files as another user
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  nginx -p "$work/nginx" -c nginx.conf -s stop 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/dateline" ./cmd/dateline
go build -o "$work/rawhttp" ./scripts/rawhttp
wait_up() { for _ in $(seq 1 240); do curl -sf "$1/healthz" >/dev/null && return; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

# One demo database; the cached server (with the mirror) and an uncached one on it.
"$work/dateline" serve --demo --data "$work/data" --addr 127.0.0.1:18080 \
  --static-dir "$work/mirror" --trusted-proxies 127.0.0.1 >"$work/cached.log" 2>&1 &
wait_up http://127.0.0.1:18080
"$work/dateline" serve --data "$work/data" --addr 127.0.0.1:18082 --cache-mb 0 >"$work/uncached.log" 2>&1 &
wait_up http://127.0.0.1:18082

article="$(curl -s http://127.0.0.1:18080/ | grep -m1 -o 'href="/20[0-9][0-9]/[^"]*"' | cut -d'"' -f2)"
mkdir -p "$work/nginx/html" "$work/nginx/logs"
curl -s http://127.0.0.1:18080/ >"$work/nginx/html/home.html"
curl -s "http://127.0.0.1:18080$article" >"$work/nginx/html/article.html"
curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:18080$article" >"$work/nginx/html/article.html.gz"
curl -s -H 'Accept-Encoding: gzip' http://127.0.0.1:18080/ >"$work/nginx/html/home.html.gz"

brotli=""
if [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
  brotli="load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
fi
cat >"$work/nginx/nginx.conf" <<CONF
$brotli
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  default_type text/html;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream dateline { server 127.0.0.1:18080; keepalive 64; }
  # The same bytes as files.
  server { listen 127.0.0.1:18081; root $work/nginx/html; gzip_static on; }
  # The static mirror, dateline behind it (docs/nginx.md).
  server {
    listen 127.0.0.1:18083;
    location @dateline {
      proxy_pass http://dateline; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
    location / {
      root $work/mirror;
      gzip_static on;
      try_files \${uri}index.html @dateline;
    }
  }
}
CONF
nginx -p "$work/nginx" -c nginx.conf
"$work/rawhttp" 127.0.0.1:18084 "$work/nginx/html/article.html.gz" gzip &
"$work/rawhttp" 127.0.0.1:18085 "$work/nginx/html/article.html" &
sleep 0.5
curl -s -o /dev/null "http://127.0.0.1:18083$article" # into the mirror

declare -A rps
run() {
  local key="$1" name="$2" url="$3" enc="$4"
  printf '%-44s ' "$name"
  local out
  out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Accept-Encoding: $enc" "$url")"
  rps[$key]="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {e=$NF}
       END {printf "%10s req/s   p50 %8s   p99 %8s%s\n", r, p50, p99, (e ? "   non-2xx " e : "")}' <<<"$out"
}
ratio() { awk -v a="${rps[$1]}" -v b="${rps[$2]}" -v n="$3" 'BEGIN {printf "  %-58s %.2f\n", n, a/b}'; }

echo "wrk -t2 -c$conns -d${secs}s on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(go version | cut -d' ' -f3)"
echo "article: $article ($(wc -c <"$work/nginx/html/article.html") bytes, $(wc -c <"$work/nginx/html/article.html.gz") gzipped)"
run cached_gz   "dateline article, cached, gzip"        "http://127.0.0.1:18080$article" gzip
run raw_gz      "net/http, the same bytes from memory, gzip" "http://127.0.0.1:18084/" gzip
run cached_id   "dateline article, cached, identity"    "http://127.0.0.1:18080$article" identity
run raw_id      "net/http, the same bytes, identity"     "http://127.0.0.1:18085/" identity
run uncached    "dateline article, cache off, gzip"     "http://127.0.0.1:18082$article" gzip
run mirror      "nginx + static mirror, article, gzip"  "http://127.0.0.1:18083$article" gzip
run nginx       "nginx, the same bytes as a file, gzip" "http://127.0.0.1:18081/article.html" gzip
run home_cached "dateline home, cached, gzip"           "http://127.0.0.1:18080/" gzip
run home_off    "dateline home, cache off, gzip"        "http://127.0.0.1:18082/" gzip
echo "ratios:"
ratio cached_gz raw_gz "cached article / net/http on the same bytes (gzip)"
ratio cached_id raw_id "cached article / net/http on the same bytes (identity)"
ratio cached_gz uncached "cached article / cache off"
ratio mirror nginx "mirror behind nginx / nginx on the plain file"
