#!/usr/bin/env bash
# The load benchmark (docs/benchmarks.md): seeds 10,000 articles, starts
# dateline, and measures with wrk, in one run with the same settings, its
# article and home pages cached (gzip and identity) and with the cache off,
# against a minimal net/http handler answering the same bytes from memory
# (bench/rawhttp: once with only the body's headers, once with the very
# headers dateline sent) and nginx serving the same bytes as files with
# gzip_static; the static mirror behind nginx; a mixed load of 95% reads and
# 5% comment posts (every acknowledged comment checked in the database and
# on its page); a breaking-news run (readers on a few pages, a publish
# every 30 s, comments arriving) with the page cache's hit ratio; dateline's
# resident memory with the cache full; and how soon a change made through
# the API shows through nginx's mirror. Then the ratios and every target of
# issue 12 with PASS or FAIL, a results table (bench/results/latest.txt)
# and a chart (docs/benchmarks-chart.svg); on PostgreSQL
# bench/results/latest-postgres.txt and docs/benchmarks-chart-postgres.svg.
#
# Usage: bench/run.sh [seconds per case, default 10] [connections, default 32]
#   bench/run.sh 3 32    a quick check (about 1.5 minutes; the default about 4)
# Environment: BENCH_ARTICLES (10000), BENCH_CACHE_MB (64), BENCH_THREADS (2),
#   BENCH_SEED_CACHE=DIR to seed once into DIR and copy it on later runs,
#   BENCH_DB: empty (or sqlite) for a fresh SQLite file in the data folder,
#   or postgres://USER@HOST:PORT/DATABASE?sslmode=disable (a URL that psql
#   takes too) for PostgreSQL: the run connects to that database only to
#   create a fresh one of its own (dateline_bench_PID) on the same server,
#   seeds and serves that one, and drops it on the way out. On PostgreSQL
#   the seed cache keeps a pg_dump of the seeded database beside the media
#   (DIR/seed-N-postgresMAJOR) and restores it with pg_restore.
#
# Loopback only (127.0.0.1, ports 18080-18088; PostgreSQL wherever BENCH_DB
# says); installs wrk, nginx and libnginx-mod-http-brotli-static (and
# postgresql-client for PostgreSQL) with apt-get when missing; stops every
# process it started, by PID, drops the database it made and removes its
# temporary folder on the way out; gives up after the time limit it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
# go.mod's Go release, as CI builds it (these machines set GOTOOLCHAIN=local).
[ "${GOTOOLCHAIN:-local}" != local ] || export GOTOOLCHAIN="$(awk '$1 == "toolchain" {print $2}' go.mod)"
root="$PWD"
secs="${1:-10}"
conns="${2:-32}"
threads="${BENCH_THREADS:-2}"
articles="${BENCH_ARTICLES:-10000}"
cache_mb="${BENCH_CACHE_MB:-64}"
for v in "$secs" "$conns" "$threads" "$articles" "$cache_mb"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/run.sh [seconds] [connections] (whole numbers above 0)" >&2; exit 2; }
done
(( secs <= 600 && conns <= 10000 && threads <= conns )) || { echo "bench/run.sh: at most 600 s a case and 10,000 connections, no more threads than connections" >&2; exit 2; }
# The database: SQLite by default; on PostgreSQL a database of the run's
# own, made beside the one BENCH_DB names (its URL with another name).
pg_admin="" pg_db=""
case "${BENCH_DB:-}" in
  "" | sqlite) backend=sqlite ;;
  postgres://* | postgresql://*)
    backend=postgres
    pg_admin="$BENCH_DB"
    pg_db="dateline_bench_$$"
    re='^(postgres(ql)?://[^/?#]*)(/[^?#]*)?(\?[^#]*)?$'
    [[ "$pg_admin" =~ $re ]] || { echo "bench/run.sh: BENCH_DB is not a postgres://USER@HOST:PORT/DATABASE URL" >&2; exit 2; }
    pg_url="${BASH_REMATCH[1]}/$pg_db${BASH_REMATCH[4]}"
    ;;
  *) echo "bench/run.sh: BENCH_DB=${BENCH_DB%%\?*}: give postgres://USER@HOST:PORT/DATABASE, or nothing for SQLite" >&2; exit 2 ;;
esac
bn_secs=$(( secs * 6 < 30 ? 30 : secs * 6 ))     # the breaking-news run
publish_every=$(( bn_secs / 2 < 30 ? bn_secs / 2 : 30 ))
fill_secs=$(( secs * 2 < 20 ? 20 : secs * 2 ))   # at most, to fill the cache
limit=$(( 13 * (secs + 2) + bn_secs + fill_secs + 300 ))
# On PostgreSQL an uncached page costs several round trips to the server,
# so the cache takes longer to fill; and seeding commits each story's
# transactions to the server: 34 stories a second on two busy cores,
# against hundreds into SQLite.
if [ "$backend" = postgres ]; then
  fill_secs=$(( fill_secs * 3 ))
  limit=$(( 13 * (secs + 2) + bn_secs + fill_secs + 300 + articles / 10 ))
fi
started=$SECONDS

# --- tools -----------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || need+=(nginx)
brotli_so=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
[ -f "$brotli_so" ] || need+=(libnginx-mod-http-brotli-static)
command -v curl >/dev/null || need+=(curl)
if [ "$backend" = postgres ]; then
  { command -v psql && command -v pg_dump && command -v pg_restore; } >/dev/null || need+=(postgresql-client)
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# --- clean-up: only what this script started ---------------------------------
work="$(mktemp -d /tmp/dateline-bench.XXXXXX)"
chmod 755 "$work" # nginx's workers read the files as another user
pids=()
pg_made=""
# pg runs psql on a database URL, quietly, stopping at the first error.
pg() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -f "$work/nginx/nginx.pid" ]; then
    kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do [ -f "$work/nginx/nginx.pid" ] || break; sleep 0.1; done
  if [ -n "$pg_made" ]; then
    pg "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" ||
      echo "bench/run.sh: could not drop the database $pg_db; drop it with: psql -c 'DROP DATABASE $pg_db'" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench/run.sh: interrupted" >&2; exit 130' INT
trap 'echo "bench/run.sh: stopped after the time limit of ${limit} s" >&2; exit 124' TERM
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$limit" & nap=$!; wait "$nap" && kill -TERM $$ ) 2>/dev/null &
pids+=($!)
# start CMD... runs a process in the background and remembers its PID.
start() { "$@" & pids+=($!); }
# stop PID stops one process this script started.
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

out="$root/bench/results"
mkdir -p "$out"
suffix=""
[ "$backend" = sqlite ] || suffix="-$backend"
report="$out/latest$suffix.txt"
tsv="$out/latest$suffix.tsv"
chart="docs/benchmarks-chart$suffix.svg"
: >"$report"
: >"$tsv"
say() { printf '%s\n' "$*" | tee -a "$report"; }

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs || true)"
say "bench/run.sh $secs $conns: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (${cpu:-unknown CPU}), $(go version | cut -d' ' -f3), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$nginx_bin" -v 2>&1 | cut -d' ' -f3)"
say "settings: wrk -t$threads -c$conns -d${secs}s a case, $articles articles, --cache-mb $cache_mb, breaking news ${bn_secs}s with a publish every ${publish_every}s; time limit ${limit}s"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$backend" = postgres ]; then
  pg_made=1 # dropped on the way out, however the run ends
  pg "$pg_admin" -c "CREATE DATABASE $pg_db"
  pg_major="$(pg "$pg_url" -c "SELECT current_setting('server_version_num')::int / 10000")"
  say "database: PostgreSQL $(pg "$pg_url" -c 'SHOW server_version' | cut -d' ' -f1), a fresh database $pg_db on $(pg "$pg_url" -c "SELECT coalesce(host(inet_server_addr()), 'its socket') || ':' || current_setting('port')")"
fi

# --- build and seed ----------------------------------------------------------
echo "== building"
for cmd in cmd/dateline bench/rawhttp bench/seed bench/probe bench/chart; do
  go build -o "$work/$(basename "$cmd")" "./$cmd"
done
data="$work/data"
db_url="sqlite:$data/dateline.db"
[ "$backend" = sqlite ] || db_url="$pg_url"
seed() { "$work/seed" --data "$1" --articles "$articles" "${@:2}" & local p=$!; pids+=("$p"); wait "$p"; }
echo "== seeding $articles articles"
if [ "$backend" = postgres ]; then
  # The cache is the seeded database as pg_dump wrote it and the media.
  cache_dir="${BENCH_SEED_CACHE:+$BENCH_SEED_CACHE/seed-$articles-postgres$pg_major}"
  if [ -n "$cache_dir" ] && [ -f "$cache_dir/.seeded" ]; then
    t0=$SECONDS
    mkdir -p "$data"
    cp -a "$cache_dir/media" "$data/"
    pg_restore --exit-on-error --no-owner -d "$pg_url" "$cache_dir/dateline.pgdump"
    echo "restored the seeded database from $cache_dir in $((SECONDS - t0)) s" >"$work/seed.txt"
  else
    mkdir -p "$data"
    seed "$data" --db "$pg_url" >"$work/seed.txt"
    if [ -n "$cache_dir" ]; then
      rm -rf "$cache_dir"
      mkdir -p "$cache_dir"
      pg_dump -Fc -f "$cache_dir/dateline.pgdump" "$pg_url"
      cp -a "$data/media" "$cache_dir/"
      touch "$cache_dir/.seeded"
    fi
  fi
  # Statistics for the planner, as autovacuum would give them in time
  # (pg_restore brings none).
  pg "$pg_url" -c "VACUUM (ANALYZE)"
elif [ -n "${BENCH_SEED_CACHE:-}" ]; then
  cache_dir="$BENCH_SEED_CACHE/seed-$articles"
  if [ ! -f "$cache_dir/.seeded" ]; then
    rm -rf "$cache_dir"
    seed "$cache_dir" >"$work/seed.txt"
    touch "$cache_dir/.seeded"
  else
    echo "reused the seeded folder $cache_dir" >"$work/seed.txt"
  fi
  cp -a "$cache_dir" "$data"
else
  seed "$data" >"$work/seed.txt"
fi
cat "$work/seed.txt"
say "seed: $(head -1 "$work/seed.txt")"
token="$("$work/dateline" token create --data "$data" --db "$db_url" --user desk@bench.example --name "load benchmark")"

# --- servers -----------------------------------------------------------------
D=http://127.0.0.1:18080    # dateline, page cache on, with the mirror
U=http://127.0.0.1:18082    # dateline, page cache off, same database
N=http://127.0.0.1:18081    # nginx, the same bytes as files
P=http://127.0.0.1:18088    # nginx, the mirror's own files as plain files
M=http://127.0.0.1:18083    # nginx in front of dateline's mirror
serve_flags=(--data "$data" --db "$db_url" --trusted-proxies 127.0.0.1 --weather-url http://127.0.0.1:9 --log-format json)
start "$work/dateline" serve "${serve_flags[@]}" --addr 127.0.0.1:18080 --cache-mb "$cache_mb" \
  --static-dir "$work/mirror" >"$work/cached.log" 2>&1
dateline_pid="${pids[-1]}"
start "$work/dateline" serve "${serve_flags[@]}" --addr 127.0.0.1:18082 --cache-mb 0 >"$work/uncached.log" 2>&1
uncached_pid="${pids[-1]}"
wait_up() {
  for _ in $(seq 1 600); do curl -sf -m 2 -o /dev/null "$1/healthz" && return; sleep 0.1; done
  echo "no answer from $1; its log:" >&2; tail -20 "$2" >&2; exit 1
}
wait_up "$D" "$work/cached.log"
wait_up "$U" "$work/uncached.log"

"$work/probe" articles --db "$db_url" --n "$articles" >"$work/all.txt"
head -50 "$work/all.txt" >"$work/hot50.txt"
read -r article_id article < <(sed -n 3p "$work/all.txt") # a recent story, not the newest
html="$work/nginx/html"
mkdir -p "$html" "$work/nginx/logs"
curl -sf -m 10 -o /dev/null "$D$article"                 # into the cache and the mirror
curl -sf -m 10 -D "$work/identity.headers" -o "$html/article.html" "$D$article"
curl -sf -m 10 -H 'Accept-Encoding: gzip' -D "$work/gzip.headers" -o "$html/article.html.gz" "$D$article"
grep -qi '^content-encoding: gzip' "$work/gzip.headers" || { echo "dateline did not answer gzip" >&2; exit 1; }

brotli_conf=""
[ -f "$brotli_so" ] && brotli_conf="load_module $brotli_so;"
brotli_on=""
[ -f "$brotli_so" ] && brotli_on="brotli_static on;"
cat >"$work/nginx/nginx.conf" <<CONF
$brotli_conf
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream dateline { server 127.0.0.1:18080; keepalive 64; }
  # The same bytes as files.
  server { listen 127.0.0.1:18081; root $html; gzip_static on; }
  # The mirror's own files, served as plain files: the same folder, the
  # same paths and headers as the mirror below, without its fallback to
  # dateline. The mirror's target is judged against it: what the mirror's
  # configuration costs over nginx serving the very same files.
  server {
    listen 127.0.0.1:18088;
    root $work/mirror;
    gzip_static on;
    add_header Vary Accept-Encoding;
    add_header Cache-Control "public, max-age=60";
  }
  # The static mirror with dateline behind it, as docs/nginx.md configures it.
  server {
    listen 127.0.0.1:18083;
    location @dateline {
      proxy_pass http://dateline; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
    location / {
      if (\$args) { rewrite ^ /__dateline__\$uri last; }
      root $work/mirror;
      gzip_static on;
      $brotli_on
      add_header Vary Accept-Encoding;
      add_header Cache-Control "public, max-age=60";
      try_files \${uri}index.html @dateline;
    }
    location /__dateline__/ {
      internal;
      rewrite ^/__dateline__(.*)\$ \$1 break;
      proxy_pass http://dateline; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -e "$work/nginx/logs/error.log" -c nginx.conf
start "$work/rawhttp" 127.0.0.1:18084 "$html/article.html.gz" gzip
start "$work/rawhttp" 127.0.0.1:18085 "$html/article.html"
start "$work/rawhttp" 127.0.0.1:18086 "$html/article.html.gz" gzip "$work/gzip.headers"
start "$work/rawhttp" 127.0.0.1:18087 "$html/article.html" "" "$work/identity.headers"
for port in 18084 18085 18086 18087; do
  for _ in $(seq 100); do curl -sf -m 1 -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
done
curl -sf -m 10 -o /dev/null "$M$article"                                   # the mirror has it
[ -f "$work/mirror${article}index.html.gz" ] || { echo "the mirror did not write ${article}index.html.gz" >&2; exit 1; }
say "article: $article (id $article_id; $(wc -c <"$html/article.html") bytes, $(wc -c <"$html/article.html.gz") gzipped, $(grep -c ':' "$work/identity.headers") header lines)"

# --- measuring ---------------------------------------------------------------
declare -A rps p50 p99 errs
# ms converts wrk's latency (850.00us, 1.23ms, 2.01s) to milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
# measure KEY KIND LABEL WRK-ARGS... runs one case and records its figures.
measure() {
  local key="$1" kind="$2" label="$3"
  shift 3
  local o
  o="$(wrk -t"$threads" -c"$conns" --timeout 5s --latency "$@" 2>&1)" || { echo "$o" >&2; exit 1; }
  echo "$o" >"$work/wrk-$key.txt"
  rps[$key]="$(awk '/^Requests\/sec/ {print $2}' <<<"$o")"
  p50[$key]="$(ms "$(awk '$1 == "50%" {print $2}' <<<"$o")")"
  p99[$key]="$(ms "$(awk '$1 == "99%" {print $2}' <<<"$o")")"
  errs[$key]="$(awk '/Socket errors/ {gsub(",", ""); e += $4 + $6 + $8 + $10} /Non-2xx or 3xx/ {e += $NF} END {print e + 0}' <<<"$o")"
  printf '%-58s %10.0f req/s   p50 %8s ms   p99 %8s ms   errors %s\n' "$label" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${errs[$key]}" | tee -a "$report"
  printf '%s\t%s\t%s\n' "$label" "${rps[$key]}" "$kind" >>"$tsv"
}
# On PostgreSQL, where an uncached page's time goes: the CPU of the
# uncached dateline and of the server's processes working on this run's
# database (their titles name it; from /proc, in clock ticks), and the
# database's transactions, over a case. The CPU is read 0.3 s before the
# case ends: the requests wrk leaves in flight when it stops are cancelled,
# and pgx closes the connections they were querying on, whose backends
# then exit with their counts.
hz="$(getconf CLK_TCK)"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local ids
  ids="$(awk -v db="$pg_db" 'FNR == 1 && index($0, " " db " ") { split(FILENAME, a, "/"); print a[3] }' /proc/[0-9]*/cmdline 2>/dev/null || true)" # processes come and go
  [ -z "$ids" ] || (cd /proc && awk '{print $1, $14 + $15}' $(sed 's|$|/stat|' <<<"$ids") 2>/dev/null) || true
}
# pool_wait prints the uncached server's waits for a pooled connection and
# the seconds they took, and the pool's size.
pool_wait() {
  curl -sf -m 5 "$U/metrics" | awk '$1 ~ /^dateline_db_(waits_total|wait_seconds_total|connections_max)\{pool="postgres"\}$/ {v[$1] = $2}
    END {print v["dateline_db_waits_total{pool=\"postgres\"}"] + 0, v["dateline_db_wait_seconds_total{pool=\"postgres\"}"] + 0, v["dateline_db_connections_max{pool=\"postgres\"}"] + 0}'
}
pg_xacts() { pg "$db_url" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
cost_start() {
  [ "$backend" = postgres ] || return 0
  sleep 1.1 # a backend reports its counts at most once a second
  xacts0="$(pg_xacts)"
  pool_wait >"$work/wait0"
  ticks "$uncached_pid" >"$work/dl-ticks0"
  pg_ticks >"$work/pg-ticks0"
  ( sleep "$(awk -v s="$secs" 'BEGIN {print s - 0.3}')"; ticks "$uncached_pid" >"$work/dl-ticks1"; pg_ticks >"$work/pg-ticks1" ) &
  sampler_pid=$!
  pids+=("$sampler_pid")
}
# cost_say KEY LABEL reports the case KEY's cost a request.
cost_say() {
  [ "$backend" = postgres ] || return 0
  wait "$sampler_pid"
  sleep 1.1
  local x n
  pool_wait >"$work/wait1"
  x=$(( $(pg_xacts) - xacts0 ))
  n="$(awk '/requests in/ {print $1}' "$work/wrk-$1.txt")"
  say "$(awk -v l="$2" -v x="$x" -v hz="$hz" -v n="$n" -v s="$secs" '
    FILENAME ~ /dl-ticks0$/ { d -= $1 } FILENAME ~ /dl-ticks1$/ { d += $1 }
    FILENAME ~ /pg-ticks0$/ { before[$1] = $2 } FILENAME ~ /pg-ticks1$/ { p += $2 - before[$1] }
    FILENAME ~ /wait0$/ { w -= $1; ws -= $2 } FILENAME ~ /wait1$/ { w += $1; ws += $2; max = $3 }
    END { r = n * (s - 0.3) / s   # the requests until the CPU was read
      printf "postgres: %s: a request took %.2f ms of dateline'"'"'s CPU and %.2f ms of PostgreSQL'"'"'s, %.1f transactions, and waited %.1f times, %.2f ms in all, for one of the %d pooled connections", l, d * 1000 / hz / r, p * 1000 / hz / r, x / n, w / n, ws * 1000 / n, max }' \
    "$work/dl-ticks0" "$work/dl-ticks1" "$work/pg-ticks0" "$work/pg-ticks1" "$work/wait0" "$work/wait1")"
}
gz=(-H 'Accept-Encoding: gzip')
id=(-H 'Accept-Encoding: identity')
echo "== cases (${secs}s each)" | tee -a "$report"
curl -sf -m 10 -o /dev/null "$D/"
# A warm-up, not measured: the first seconds after a start (the first
# collections, the view counter's first writes, connections opening) cost
# the first case a quarter of its rate in two runs.
for u in "$D$article" "$D/" http://127.0.0.1:18086/ http://127.0.0.1:18087/; do
  wrk -t"$threads" -c"$conns" -d3s "${gz[@]}" "$u" >/dev/null 2>&1 || true
done
measure art_gz   dateline  "dateline article, cached, gzip"                        -d"${secs}s" "${gz[@]}" "$D$article"
measure raw_h_gz reference "net/http, same bytes and headers, gzip"                -d"${secs}s" "${gz[@]}" http://127.0.0.1:18086/
measure raw_gz   reference "net/http, same body, its own headers, gzip"            -d"${secs}s" "${gz[@]}" http://127.0.0.1:18084/
measure art_id   dateline  "dateline article, cached, identity"                    -d"${secs}s" "${id[@]}" "$D$article"
measure raw_h_id reference "net/http, same bytes and headers, identity"            -d"${secs}s" "${id[@]}" http://127.0.0.1:18087/
measure raw_id   reference "net/http, same body, its own headers, identity"        -d"${secs}s" "${id[@]}" http://127.0.0.1:18085/
measure home_gz  dateline  "dateline home, cached, gzip"                           -d"${secs}s" "${gz[@]}" "$D/"
measure home_id  dateline  "dateline home, cached, identity"                       -d"${secs}s" "${id[@]}" "$D/"
cost_start
measure off_art  dateline  "dateline article, cache off, gzip ($articles articles)" -d"${secs}s" "${gz[@]}" "$U$article"
cost_say off_art "article, cache off"
cost_start
measure off_home dateline  "dateline home, cache off, gzip"                        -d"${secs}s" "${gz[@]}" "$U/"
cost_say off_home "home, cache off"
stop "$uncached_pid"
measure nginx    nginx     "nginx, the same bytes as a file, gzip_static"          -d"${secs}s" "${gz[@]}" "$N/article.html"
# The mirror drops a page when its minute of freshness is over, as the
# cache does: a request through the mirror writes it again first.
curl -sf -m 10 -o /dev/null -H 'Accept-Encoding: gzip' "$M$article"
[ -f "$work/mirror${article}index.html.gz" ] || { echo "the mirror did not write ${article}index.html.gz" >&2; exit 1; }
measure plain    nginx     "nginx, the mirror's files as plain files, gzip_static" -d"${secs}s" "${gz[@]}" "$P${article}index.html"
measure mirror   nginx     "nginx + dateline's static mirror, article, gzip"       -d"${secs}s" "${gz[@]}" "$M$article"

# Mixed load: 95% reads of the 50 newest articles, 5% comment posts.
stamp="$(curl -sf -m 10 "$D$(sed -n 1p "$work/hot50.txt" | cut -d' ' -f2)" | grep -o 'name="dl_ts" value="[^"]*"' | cut -d'"' -f4)"
[ -n "$stamp" ] || { echo "no dl_ts stamp in the article page" >&2; exit 1; }
sleep 3.2 # the policy's minimum delay between a page and its comment
before="$("$work/probe" lastcomment --db "$db_url")"
measure mixed mixed "mixed: 95% reads, 5% comment posts" -d"${secs}s" -s bench/lua/mixed.lua "$D" -- "$work/hot50.txt" "$stamp" "$work/acked.txt"
grep '^mixed:' "$work/wrk-mixed.txt" | tee -a "$report"
acked_n="$(wc -l <"$work/acked.txt")"
say "mixed: $(awk -v n="$acked_n" -v s="$secs" 'BEGIN {printf "%.0f", n / s}') comment posts/s acknowledged"
comments_check="$("$work/probe" comments --db "$db_url" --base "$D" --acked "$work/acked.txt" --after "$before")"
say "mixed: $(head -1 <<<"$comments_check")"
mixed_odd="$(grep '^mixed:' "$work/wrk-mixed.txt" | sed 's/.*(\([0-9]*\) held), \([0-9]*\) answers.*/\1 \2/')"

# Breaking news: readers on five stories, the home and their sections; a
# story published every $publish_every s through the API; comments.
metric() { curl -sf -m 5 "$D/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
: >"$work/breaking.txt"
for _ in $(seq 8); do sed -n 1,5p "$work/all.txt" >>"$work/breaking.txt"; done
for _ in $(seq 4); do echo "/" >>"$work/breaking.txt"; done
echo "/category/thailand/" >>"$work/breaking.txt"
echo "/category/asia/" >>"$work/breaking.txt"
hot_ids="$(sed -n 1,5p "$work/all.txt" | cut -d' ' -f1 | paste -sd,)"
h0="$(metric dateline_cache_hits_total)"; m0="$(metric dateline_cache_misses_total)"; s0="$(metric dateline_cache_stale_total)"
"$work/probe" newsroom --base "$D" --token "$token" --for "${bn_secs}s" --publish-every "${publish_every}s" \
  --comments-per-second 2 --articles "$hot_ids" >"$work/newsroom.txt" 2>&1 &
newsroom_pid=$!
pids+=("$newsroom_pid")
measure breaking mixed "breaking news: 5 stories, publishes, comments" -d"${bn_secs}s" -s bench/lua/paths.lua "$D" -- "$work/breaking.txt" 0 "$threads"
newsroom_ok=1
wait "$newsroom_pid" || newsroom_ok=0
h1="$(metric dateline_cache_hits_total)"; m1="$(metric dateline_cache_misses_total)"; s1="$(metric dateline_cache_stale_total)"
hit_ratio="$(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) -v s=$((s1 - s0)) 'BEGIN {t = h + m + s; printf "%.4f", t ? (h + s) / t : 0}')"
say "breaking news: $(head -1 "$work/newsroom.txt"); cache hits $((h1 - h0)), stale $((s1 - s0)), misses $((m1 - m0)): hit ratio $(awk -v r="$hit_ratio" 'BEGIN {printf "%.2f%%", r * 100}')"
[ "$newsroom_ok" -eq 1 ] || say "breaking news: the newsroom met errors: $(tail -n +2 "$work/newsroom.txt" | head -3)"

# A change through the API, seen through nginx's mirror.
delays=()
for k in 10 11 12; do
  read -r vid vpath < <(sed -n "${k}p" "$work/all.txt")
  curl -sf -m 10 -o /dev/null "$M$vpath"
  [ -f "$work/mirror${vpath}index.html" ] || { echo "the mirror did not write ${vpath}index.html" >&2; exit 1; }
  delays+=("$("$work/probe" visible --base "$D" --token "$token" --id "$vid" --watch "$M$vpath")")
done
worst_delay="$(printf '%s\n' "${delays[@]}" | sort -g | tail -1)"
say "mirror: a headline changed through the API showed through nginx after ${delays[*]} ms"

# Fill the page cache with distinct article pages, then read dateline's
# resident memory.
bound=$((cache_mb * 1024 * 1024))
filled=0
fill_start=$SECONDS
while (( SECONDS - fill_start < fill_secs )); do
  wrk -t"$threads" -c"$conns" -d2s --timeout 5s -s bench/lua/paths.lua "$D" -- "$work/all.txt" "$filled" "$threads" >"$work/wrk-fill.txt" 2>&1
  filled=$(( filled + $(awk '/requests in/ {print $1}' "$work/wrk-fill.txt") ))
  (( $(metric dateline_cache_bytes) * 100 >= bound * 97 )) && break
  (( filled >= articles )) && break
done
cache_bytes="$(metric dateline_cache_bytes)"
rss_kb="$(awk '/^VmRSS/ {print $2}' "/proc/$dateline_pid/status")"
hwm_kb="$(awk '/^VmHWM/ {print $2}' "/proc/$dateline_pid/status")"
anon_kb="$(awk '/^RssAnon/ {print $2}' "/proc/$dateline_pid/status")"
file_kb="$(awk '/^RssFile/ {print $2}' "/proc/$dateline_pid/status")"
pss_file_kb="$(awk '/^Pss_File/ {print $2}' "/proc/$dateline_pid/smaps_rollup" 2>/dev/null || echo 0)"
if [ "$backend" = sqlite ]; then
  db_files="the database of $(( $(stat -c %s "$data/dateline.db") / 1048576 )) MB mapped by each reading connection, and the program"
  db_mapped="the mapped database file besides"
else
  db_files="the program; the database of $(( $(pg "$db_url" -c 'SELECT pg_database_size(current_database())') / 1048576 )) MB (pg_database_size) is the PostgreSQL server's, not mapped here"
  db_mapped="the program's files besides"
fi
say "memory: after $filled page requests the cache holds $(metric dateline_cache_entries) answers in $((cache_bytes / 1048576)) MB of its $cache_mb MB ($(metric dateline_cache_evictions_total) evicted); dateline's RSS $((rss_kb / 1024)) MB (peak $((hwm_kb / 1024)) MB): anonymous $((anon_kb / 1024)) MB, files $((file_kb / 1024)) MB, $((pss_file_kb / 1024)) MB once each ($db_files)"

say "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (run took $((SECONDS - started)) s)"

# --- ratios and targets --------------------------------------------------------
ratio() { awk -v a="${rps[$1]}" -v b="${rps[$2]}" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
verdict() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
say ""
say "ratios:"
say "  cached article / net/http, same bytes and headers, gzip      $(ratio art_gz raw_h_gz)   (the same bytes)"
say "  cached article / net/http, same bytes and headers, identity  $(ratio art_id raw_h_id)   (the same bytes)"
say "  cached article / net/http, same body only, gzip              $(ratio art_gz raw_gz)"
say "  cached article / net/http, same body only, identity          $(ratio art_id raw_id)"
say "  cached article / cache off                                   $(ratio art_gz off_art)"
say "  cached home / cache off                                      $(ratio home_gz off_home)"
say "  mirror behind nginx / nginx on the mirror's files as plain    $(ratio mirror plain)"
say "  mirror behind nginx / nginx on one file at the root            $(ratio mirror nginx)"
say ""
say "targets (issue 12):"
r1="$(ratio art_gz raw_h_gz)"; r2="$(ratio art_id raw_h_id)"
say "  $(verdict "$r1 >= 0.9 && $r2 >= 0.9")  cached article >= 0.9 x net/http on the same bytes: gzip $r1, identity $r2"
say "  $(verdict "${p99[art_gz]} < 10 && ${p99[art_id]} < 10")  cached article p99 < 10 ms: gzip ${p99[art_gz]} ms, identity ${p99[art_id]} ms"
say "  $(verdict "${rps[off_art]} >= 3000")  uncached article on $articles articles >= 3,000 req/s: ${rps[off_art]}"
read -r mixed_held mixed_other <<<"$mixed_odd"
say "  $(verdict "${errs[mixed]} == 0 && ${mixed_other:-1} == 0 && ${mixed_held:-1} == 0")  mixed load: zero errors (wrk errors ${errs[mixed]}, other answers ${mixed_other:-?}, held ${mixed_held:-?})"
say "  $(tail -1 <<<"$comments_check")  mixed load: no lost comment, every approved comment on the next request of its page"
rm_="$(ratio mirror plain)"
say "  $(verdict "$rm_ >= 0.95")  mirror behind nginx >= 0.95 x nginx on its files as plain files: $rm_ (on one file at the root: $(ratio mirror nginx))"
say "  $(verdict "$worst_delay <= 1000")  a published change visible through nginx within 1 s: worst ${worst_delay} ms"
say "  $(verdict "$hit_ratio >= 0.95")  breaking news: page cache hit ratio >= 95%: $(awk -v r="$hit_ratio" 'BEGIN {printf "%.2f%%", r * 100}')"
say "  $(verdict "$newsroom_ok == 1")  breaking news: every publish and comment of the newsroom accepted: $(head -1 "$work/newsroom.txt")"
# The target is judged on the memory the process holds (RssAnon: the Go
# heap with the cache, SQLite's page caches); the database file's pages
# that the reading connections map are the kernel's page cache, shared and
# dropped under pressure, and are reported beside it.
say "  $(verdict "$anon_kb <= ($cache_mb + 100) * 1024 && $cache_bytes * 100 >= $bound * 90")  memory: resident memory of its own with a full cache <= cache bound + 100 MB: $((anon_kb / 1024)) MB <= $((cache_mb + 100)) MB (cache $((cache_bytes / 1048576)) of $cache_mb MB; $db_mapped: $((pss_file_kb / 1024)) MB)"

on=""
[ "$backend" = sqlite ] || on=", on PostgreSQL"
"$work/chart" "$tsv" "bench/run.sh $secs $conns$on, $(date -u '+%Y-%m-%d'), $(nproc) cores, wrk -t$threads -c$conns" >"$root/$chart"
say ""
say "results: bench/results/latest$suffix.txt; chart: $chart"
