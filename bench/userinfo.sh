#!/usr/bin/env bash
# Benchmark of userinfo-service's read paths: OIDC /userinfo and the dialects of seeds 000, 001, 002 and 004.
#   bench/userinfo.sh          (also: bench/run.sh --userinfo)
# Self-contained (the machine may run other platforms on 8443-8445): bench/UserinfoBenchSupport.java starts a
# throw-away embedded PostgreSQL (PG_PORT) and, until auth-service issues user tokens (issue #3), plays its token
# side: a JWKS over HTTPS (JWKS_PORT) and RS256 user and delivery tokens shaped like auth-service's. The packaged
# userinfo-service (profile local, port UI_PORT) trusts it. The bench user arrives through the real
# /internal/user-events receiver. Needs the packaged jars (it never builds: see the message if they are missing).
# Scenarios (UI_SCENARIOS): oidc seed000 seed001 seed002 seed004. Target (issue #4): oidc and seed000 >= 8,000 req/s
# with p99 <= 20 ms on this 2-core machine.
# Env knobs (defaults in brackets): DURATION [15s] WARMUP [5s] THREADS [2] CONNS [32] TIMEOUT [10s] PAUSE [3]
#   UI_SCENARIOS ["oidc seed000 seed001 seed002 seed004"]  UI_PORT [18444]  JWKS_PORT [18446]  PG_PORT [55442]
#   UI_CACHE_SIZE [service default]: userinfo.cache.max-size of the measured instance; 0 measures without the cache
#   READY_TIMEOUT [120] s for userinfo-service to become ready
# Raw output: bench/results/userinfo-<timestamp>/. Exits 1 if any request was non-2xx (or lacked the expected body),
# hit a socket error or timed out.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"
case "${1:-}" in -h|--help) sed -n '2,/^set -euo/p' "$HERE/userinfo.sh" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac

DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"; CONNS="${CONNS:-32}"; TIMEOUT="${TIMEOUT:-10s}"; PAUSE="${PAUSE:-3}"
UI_SCENARIOS="${UI_SCENARIOS:-oidc seed000 seed001 seed002 seed004}"
UI_PORT="${UI_PORT:-18444}"; JWKS_PORT="${JWKS_PORT:-18446}"; PG_PORT="${PG_PORT:-55442}"; UI_CACHE_SIZE="${UI_CACHE_SIZE:-}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
CA="$ROOT/.local/tls/ca.crt"
UI="https://localhost:$UI_PORT"
ISSUER=https://bench.userinfo.local
BENCH_USER=900000001 BENCH_APP_ID=900001 BENCH_CLIENT=bench-app ADMIN="Authorization: Bearer dev-admin-token"
export LUA_DIR="$HERE/lua"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
ccurl() { curl --cacert "$CA" -s --max-time 10 "$@"; }

OUT="$HERE/results/userinfo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT/tokens"
: > "$OUT/summary.txt"; : > "$OUT/warmup-summary.txt"

TOKENS_PID="" UI_PID="" WRK_PID=""
cleanup() {
  local rc=$?
  set +e
  [ -n "$WRK_PID" ] && { kill -TERM "$WRK_PID" 2>/dev/null; wait "$WRK_PID" 2>/dev/null; }
  [ -n "$UI_PID" ] && { kill -TERM "$UI_PID" 2>/dev/null; wait "$UI_PID" 2>/dev/null; }
  [ -n "$TOKENS_PID" ] && { kill -TERM "$TOKENS_PID" 2>/dev/null; wait "$TOKENS_PID" 2>/dev/null; }
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JAR="$ROOT/userinfo-service/target/quarkus-app/quarkus-run.jar"
PLATFORM_JAR=$(ls "$ROOT"/local-platform/target/local-platform-*.jar 2>/dev/null | grep -v sources | head -1 || true)
if [ ! -f "$JAR" ] || [ -z "$PLATFORM_JAR" ]; then
  # package, never install: snapshot jars in ~/.m2 would leak into other checkouts' builds
  echo "build first: ./mvnw -B -q package -DskipTests -DskipNativeSources -pl userinfo-service,local-platform -am" >&2
  exit 1
fi

# ---------------------------------------------------------------- token side and the measured instance
java -cp "$PLATFORM_JAR:$ROOT/local-platform/target/lib/*" "$HERE/UserinfoBenchSupport.java" "$ROOT/.local/tls" "$OUT/tokens" \
  "$JWKS_PORT" "$PG_PORT" "$ISSUER" "$BENCH_USER" "$BENCH_CLIENT" 3600 > "$OUT/tokens.log" 2>&1 &
TOKENS_PID=$!
for _ in $(seq 120); do [ -f "$OUT/tokens/ready" ] && break; kill -0 "$TOKENS_PID" 2>/dev/null || break; sleep 1; done
[ -f "$OUT/tokens/ready" ] || { echo "PostgreSQL or the token server did not start:" >&2; cat "$OUT/tokens.log" >&2; exit 1; }
USER_TOKEN=$(cat "$OUT/tokens/user.token"); EVENTS_TOKEN=$(cat "$OUT/tokens/events.token")
APP_EVENTS_TOKEN=$(cat "$OUT/tokens/app-events.token")

CACHE_OPT=()
[ -n "$UI_CACHE_SIZE" ] && CACHE_OPT=("-Duserinfo.cache.max-size=$UI_CACHE_SIZE")
java -Xmx512m -Dquarkus.profile=local -Dplatform.root="$ROOT" -Dplatform.local-postgres.port="$PG_PORT" \
  -Dplatform.jwt.issuer="$ISSUER" -Dplatform.jwt.jwks-url="https://localhost:$JWKS_PORT/jwks.json" \
  -Dplatform.jwt.revocation.feed-url="https://localhost:$JWKS_PORT/internal/revocations" \
  -Dquarkus.http.ssl-port="$UI_PORT" -Dquarkus.http.port=$((UI_PORT + 1)) -Dquarkus.http.access-log.enabled=false \
  "${CACHE_OPT[@]}" -jar "$JAR" > "$OUT/userinfo.log" 2>&1 &
UI_PID=$!
deadline=$((SECONDS + READY_TIMEOUT))
until ccurl -f -o /dev/null "$UI/q/health/ready"; do
  kill -0 "$UI_PID" 2>/dev/null || { echo "userinfo-service died:" >&2; tail -30 "$OUT/userinfo.log" >&2; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { echo "userinfo-service not ready" >&2; tail -30 "$OUT/userinfo.log" >&2; exit 1; }
  sleep 1
done

# ---------------------------------------------------------------- data: the user and the app through the real receivers, the rest by the admin API
VERSION=$(date +%s)   # newer than any earlier run's, so the version guard applies it on a kept database
ccurl -f -o /dev/null -H "Authorization: Bearer $EVENTS_TOKEN" -H 'Content-Type: application/json' "$UI/internal/user-events" -d \
  "{\"events\":[{\"event_id\":\"bench-$VERSION\",\"seq\":$VERSION,\"type\":\"user.updated\",\"occurred_at\":\"2026-11-22T08:00:00Z\",
    \"user\":{\"id\":$BENCH_USER,\"login\":\"player8836257\",\"display_name\":\"玩家8836257\",\"email\":\"bench@example.com\",
    \"phone\":\"+8613800138000\",\"status\":\"active\",\"version\":$VERSION,\"created_at\":\"2026-11-20T10:00:00Z\"}}]}" \
  || { echo "delivering the bench user failed" >&2; exit 1; }
ccurl -f -o /dev/null -H "Authorization: Bearer $APP_EVENTS_TOKEN" -H 'Content-Type: application/json' "$UI/internal/app-events" -d \
  "{\"events\":[{\"event_id\":\"bench-app-$VERSION\",\"seq\":$VERSION,\"type\":\"app.updated\",\"occurred_at\":\"2026-11-22T08:00:00Z\",
    \"app\":{\"appid\":$BENCH_APP_ID,\"client_id\":\"$BENCH_CLIENT\",\"name\":\"Bench app\",\"status\":\"active\",\"version\":$VERSION}}]}" \
  || { echo "announcing the bench app failed" >&2; exit 1; }
ccurl -f -o /dev/null -X PATCH -H "$ADMIN" -H 'Content-Type: application/json' "$UI/admin/profiles/$BENCH_USER" \
  -d '{"avatar":"https://cdn.max-c.com/app/heybox/icon_83.5@3x.png","gender":1,"last_login_ip":"36.110.1.2","chat_duration_seconds":5400}' \
  || { echo "admin: profile" >&2; exit 1; }

{
  echo "date: $(date -Is)  host: $(uname -n) $(nproc) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "knobs: UI_SCENARIOS=\"$UI_SCENARIOS\" DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNS=$CONNS UI_CACHE_SIZE=${UI_CACHE_SIZE:-default}"
  echo "java: $(java -version 2>&1 | head -1)  wrk: $(wrk -v 2>&1 | head -1 || true)"
} > "$OUT/meta.txt"

# ---------------------------------------------------------------- scenarios
result_of() { local r; r=$(grep -m1 '^RESULT' "$1" || echo "RESULT rps=0 requests=0 non2xx=-1"); echo "${r#RESULT }"; }
field() { grep -oE "(^| )$2=[-0-9.]+" <<<"$1" | head -1 | cut -d= -f2 || true; }
wrk_run() {
  wrk -t"$THREADS" -c"$CONNS" -d"$1" --timeout "$TIMEOUT" -s "$HERE/lua/userinfo.lua" "$2" > "$3" 2>&1 &
  WRK_PID=$!; wait "$WRK_PID" || true; WRK_PID=""
}
scenario() {  # name url expected-body (UI_* already exported)
  local name=$1 url=$2
  export EXPECT_BODY=$3
  local pre; pre=$(ccurl -X "${UI_METHOD:-GET}" ${UI_AUTH:+-H "Authorization: $UI_AUTH"} ${UI_APP_ID:+-H "X-App-Id: $UI_APP_ID"} \
                   ${UI_BODY:+-H 'Content-Type: application/json' -d "$UI_BODY"} "$url" || true)
  [[ $pre == *"$3"* ]] || { echo "$name precheck failed on $url: $pre" >&2; exit 1; }
  echo "== $name: wrk -t$THREADS -c$CONNS, warm-up $WARMUP then $DURATION, ${url%%\?*}"
  wrk_run "$WARMUP" "$url" "$OUT/$name.warmup.txt"
  echo "$name $(result_of "$OUT/$name.warmup.txt")" >> "$OUT/warmup-summary.txt"
  sleep "$PAUSE"
  wrk_run "$DURATION" "$url" "$OUT/$name.txt"
  echo "$name $(result_of "$OUT/$name.txt")" >> "$OUT/summary.txt"
  sleep "$PAUSE"
}
for s in $UI_SCENARIOS; do
  unset UI_METHOD UI_AUTH UI_APP_ID UI_BODY
  case $s in
    oidc)    export UI_AUTH="Bearer $USER_TOKEN"; scenario oidc "$UI/userinfo" '"sub"' ;;
    seed000) export UI_AUTH="Bearer $USER_TOKEN"
             scenario seed000 "$UI/chatroom/api/account/info?client_id=$BENCH_CLIENT&redirect_uri=http%3A%2F%2Flocalhost&scope=user_info_read%20user_chat_duration_read" '"status":"ok"' ;;
    seed001) export UI_AUTH="$USER_TOKEN"; scenario seed001 "$UI/userservices/v2/authorization/userinfo" '"open_id"' ;;
    seed002) export UI_APP_ID="$BENCH_CLIENT"
             scenario seed002 "$UI/user/info?accessToken=$USER_TOKEN&userId=$BENCH_USER" '"code":200' ;;
    seed004) export UI_METHOD=POST UI_BODY="{\"appid\":$BENCH_APP_ID,\"email\":\"bench@example.com\",\"access_token\":\"$USER_TOKEN\"}"
             scenario seed004 "$UI/developer/profile.php" '"code":200' ;;
    *) echo "unknown scenario $s (oidc seed000 seed001 seed002 seed004)" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- report
echo; cat "$OUT/meta.txt"; echo "raw: $OUT"
awk '
  { delete v; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
  NR == 1 { printf "%-12s %10s %9s %9s %9s %7s %7s  %s\n", "scenario", "req/s", "p50 ms", "p99 ms", "requests", "non2xx", "err", "target" }
  { t = ""; if ($1 == "oidc" || $1 == "seed000") t = (v["rps"] >= 8000 && v["p99_ms"] <= 20) ? "met (>=8000 req/s, p99<=20 ms)" : "MISSED (>=8000 req/s, p99<=20 ms)"
    printf "%-12s %10s %9s %9s %9s %7s %7s  %s\n", $1, v["rps"], v["p50_ms"], v["p99_ms"], v["requests"], v["non2xx"], v["sockerr"] + v["timeouts"], t }
' "$OUT/summary.txt" | tee "$OUT/table.txt"

fail=0
while read -r name rest; do
  n=$(field "$rest" requests); bad=$(field "$rest" non2xx); se=$(field "$rest" sockerr); to=$(field "$rest" timeouts)
  if [ "${n:-0}" = 0 ] || [ "${bad:-0}" != 0 ] || [ "${se:-0}" != 0 ] || [ "${to:-0}" != 0 ]; then
    echo "!!! FAIL: $name had requests=${n:-0} non2xx=${bad:-?} sockerr=${se:-?} timeouts=${to:-?}" >&2
    grep -h '^FIRST_BAD' "$OUT/$name.txt" "$OUT/$name.warmup.txt" >&2 2>/dev/null || true
    fail=1
  fi
done < <(cat "$OUT/summary.txt" "$OUT/warmup-summary.txt")
exit "$fail"
