#!/usr/bin/env bash
# Benchmark of the local platform (./run.sh): the JDK's RS256 signing ceiling, client_credentials tokens/s,
# verified GET /whoami requests/s, authorization-code round trips/s and refresh tokens/s, optionally next to the
# Keycloak peer (/work/shared/peers/keycloak).
#   bench/run.sh                    ceiling, cc, whoami, authcode, refresh (starts ./run.sh itself if the platform is not up)
#   bench/run.sh --with-keycloak    the same, then the Keycloak peer (same as adding "keycloak" to SCENARIOS)
#   bench/run.sh --userinfo         userinfo-service's read paths instead (bench/userinfo.sh; its own knobs)
#   bench/run.sh --quota            also the account-quota-service consume scenarios "quota pgbench" (bench/quota.sh)
#   bench/run.sh --scale            the large-data scenarios instead, small vs large in one run (bench/scale.sh; its knobs)
# Scenarios (SCENARIOS, space-separated):
#   ceiling   java bench/SigningCeiling.java: RS256 (RSA-2048) signatures/s with one thread per core
#   cc        POST https://localhost:8443/oauth2/token, grant_type=client_credentials, HTTP Basic
#   whoami    GET /whoami with a bearer token, on userinfo-service (8444) and account-quota-service (8445)
#   authcode  alice signed in, consent remembered: GET /oauth2/authorize (PKCE S256) -> 303 with a code ->
#             POST /oauth2/token grant_type=authorization_code; round trips/s and requests/s (bench/auth.sh)
#   refresh   POST /oauth2/token grant_type=refresh_token with rotation, one token chain per connection
#   keycloak  the peer's fetch.sh/start.sh/bench.sh (SCENARIOS="cc userinfo introspect")/stop.sh, after ours is stopped
#   quota     POST /api/quota/consume on one hot account, then spread over QUOTA_SPREAD_USERS [10000] (bench/quota.sh)
#   pgbench   the consume transaction with pgbench (PGBENCH_CLIENTS [32]) on the same database, hot and spread
# Env knobs (defaults in brackets):
#   REPEATS [3] measured runs per scenario (after its one warm-up), of the ceiling, pgbench and the peer too; the table
#     shows their median, min-max and spread, and every ratio is one of medians (summary.txt: each run; medians.txt)
#   PROFILE [""] jfr: JFR recordings of each scenario's measured runs per service, with flame graphs (profiles/)
#   DURATION [15s] WARMUP [5s] THREADS [2] CONNS [32] TIMEOUT [10s] PAUSE [3] (s idle between wrk runs)
#   SCENARIOS ["ceiling cc whoami authcode refresh"]  CEILING_DURATION [10s]  CEILING_THREADS [#cores]
#   RUN_ARGS [""] arguments for ./run.sh when this script starts the platform (e.g. --no-build)
#   READY_TIMEOUT [120] s to wait for the three /q/health/ready once the platform JVM runs (a build before it is not counted)
#   KEYCLOAK_PEER [/work/shared/peers/keycloak]  KC_SCENARIOS ["cc userinfo introspect"]
#   CLIENT_ID [demo-app]  CLIENT_SECRET [demo-secret]  (the app whose tokens are issued and used)
#   BENCH_USER [alice]  BENCH_PASSWORD [alice-password]  AUTH_SCOPE ["openid profile offline_access"]
#   REDIRECT_URI [http://127.0.0.1:8765/callback]  (authcode and refresh; refresh needs offline_access)
# RSS: each service's VmRSS/VmHWM after the last scenario, and its start-up time if this script started it (rss.txt).
# Raw output: bench/results/<timestamp>/. Exits 1 if any request was non-2xx (or lacked the expected body; authcode:
# an authorize answer not 302/303 with a code), hit a socket error or timed out, if a measured run completed no
# request, or if the Keycloak peer's bench failed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"

SCENARIOS="${SCENARIOS:-ceiling cc whoami authcode refresh}"
for arg in "$@"; do
  case $arg in
    # ---- userinfo-service (issue #4): a separate script with its own scenarios and knobs
    --userinfo) exec "$HERE/userinfo.sh" ;;
    # ---- end userinfo-service
    --with-keycloak) SCENARIOS="$SCENARIOS keycloak" ;;
    --quota) SCENARIOS="$SCENARIOS quota pgbench" ;;   # account-quota-service (bench/quota.sh)
    --scale) SCENARIOS="scale" ;;   # large data, small vs large (bench/scale.sh)
    -h|--help) sed -n '2,/^set -euo/p' "$HERE/run.sh" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"; CONNS="${CONNS:-32}"; TIMEOUT="${TIMEOUT:-10s}"; PAUSE="${PAUSE:-3}"
REPEATS="${REPEATS:-3}"
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || { echo "REPEATS must be a positive number" >&2; exit 2; }
CEILING_DURATION="${CEILING_DURATION:-10s}"; CEILING_THREADS="${CEILING_THREADS:-$(nproc)}"
RUN_ARGS="${RUN_ARGS:-}"; READY_TIMEOUT="${READY_TIMEOUT:-120}"
KEYCLOAK_PEER="${KEYCLOAK_PEER:-/work/shared/peers/keycloak}"
KC_SCENARIOS="${KC_SCENARIOS:-cc userinfo introspect}"
CA="$ROOT/.local/tls/ca.crt"
AUTH=https://localhost:8443 USERINFO=https://localhost:8444 QUOTA=https://localhost:8445
CLIENT_ID="${CLIENT_ID:-demo-app}"; CLIENT_SECRET="${CLIENT_SECRET:-demo-secret}"
export LUA_DIR="$HERE/lua"
# shellcheck source=bench/stats.sh
. "$HERE/stats.sh"   # medians and ratios
# shellcheck source=bench/jvm.sh
. "$HERE/jvm.sh"     # the service JVMs: pid files, JFR profiles (PROFILE=jfr), RSS
# shellcheck source=bench/quota.sh
. "$HERE/quota.sh"   # account-quota-service scenarios: quota, pgbench
# shellcheck source=bench/auth.sh
. "$HERE/auth.sh"    # user grants: authcode, refresh
# shellcheck source=bench/scale.sh
. "$HERE/scale.sh"   # --scale: the large-data scenarios
# shellcheck source=bench/explain.sh
. "$HERE/explain.sh" # --scale: the request paths' query plans

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }
for s in $SCENARIOS; do
  case $s in ceiling|cc|whoami|authcode|refresh|keycloak|quota|pgbench|scale) ;;
    *) echo "unknown scenario $s (ceiling cc whoami authcode refresh keycloak quota pgbench scale)" >&2; exit 2 ;; esac
done
secs() { local d=$1; case $d in *m) echo $(( ${d%m} * 60 ));; *s) echo "${d%s}";; *) echo "$d";; esac; }
ccurl() { curl --cacert "$CA" -s --max-time 10 "$@"; }

if has cc || has whoami || has authcode || has refresh || has keycloak || has quota || has scale; then
  if ! command -v wrk >/dev/null; then
    echo "wrk is missing: apt-get install -y wrk" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; } || true
    fi
    command -v wrk >/dev/null || exit 1
  fi
fi

# ---------------------------------------------------------------- platform lifecycle
STARTED_PID=""     # ./run.sh started by this script (then it is ours to stop); empty if reused or not started
PLATFORM_USED=""   # set once the platform (started or reused) answers: its RSS is recorded before it stops
KC_STARTED=""      # set while the Keycloak peer may be running
WRK_PID=""         # wrk running in the background (see wrk_run)
platform_answers() { [ -f "$CA" ] && ccurl -f -o /dev/null "$AUTH/.well-known/openid-configuration"; }
all_ready() {
  local base
  for base in "$AUTH" "$USERINFO" "$QUOTA"; do ccurl -f -o /dev/null --max-time 3 "$base/q/health/ready" || return 1; done
}
is_java() { [ "$(ps -o comm= -p "$1" 2>/dev/null)" = java ]; }

start_platform() {
  if platform_answers; then
    echo "Platform already up: reusing it (and leaving it running)."
    all_ready || { echo "but not all of 8443/8444/8445 are ready (/q/health/ready)" >&2; exit 1; }
    PLATFORM_USED=1
    profile_prime
    return
  fi
  echo "Platform not up: starting ./run.sh $RUN_ARGS (log: $OUT/platform.log) ..."
  # setsid: its own process group, so Ctrl-C on this script reaches it only through our trap (an orderly SIGTERM),
  # and a build still in progress can be stopped as a group. run.sh execs the launcher JVM, so $! becomes that JVM.
  # shellcheck disable=SC2086  # RUN_ARGS is deliberately word-split
  setsid ./run.sh $RUN_ARGS > "$OUT/platform.log" 2>&1 < /dev/null &
  STARTED_PID=$!
  # First the optional build (mvnw): no time limit, it ends when run.sh execs java.
  while ! is_java "$STARTED_PID"; do
    kill -0 "$STARTED_PID" 2>/dev/null || { echo "./run.sh ended before launching the platform:" >&2; tail -30 "$OUT/platform.log" >&2; exit 1; }
    sleep 1
  done
  local deadline=$((SECONDS + READY_TIMEOUT))
  until all_ready; do
    kill -0 "$STARTED_PID" 2>/dev/null || { echo "platform died during start-up:" >&2; tail -30 "$OUT/platform.log" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "platform not ready after ${READY_TIMEOUT}s:" >&2; tail -30 "$OUT/platform.log" >&2; exit 1; }
    sleep 1
  done
  echo "Platform ready (PID $STARTED_PID)."
  PLATFORM_USED=1
  profile_prime
}

stop_platform() {
  [ -n "$STARTED_PID" ] || return 0
  if kill -0 "$STARTED_PID" 2>/dev/null; then
    echo "Stopping the platform (PID $STARTED_PID) ..."
    if is_java "$STARTED_PID"; then
      kill -TERM "$STARTED_PID"              # launcher JVM: its shutdown hook stops the services, then PostgreSQL
    else
      kill -TERM -- "-$STARTED_PID" 2>/dev/null || true   # still in run.sh/mvnw: stop the whole (setsid) group
    fi
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  STARTED_PID=""
}

cleanup() {
  local rc=$?
  set +e
  if [ -n "$WRK_PID" ]; then kill -TERM "$WRK_PID" 2>/dev/null; wait "$WRK_PID" 2>/dev/null; fi
  if [ -n "$KC_STARTED" ]; then (cd "$KEYCLOAK_PEER" && ./stop.sh) >> "$OUT/keycloak.txt" 2>&1; fi
  profile_abort
  scale_cleanup   # before the platform stops: its PostgreSQL must stop logging plans
  stop_platform
  auth_cleanup
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- scenarios
run_wrk() {  # name lua url expected-body-substring: one warm-up, then REPEATS measured runs "<name>#<i>"
  local name=$1 lua=$2 url=$3 i
  export EXPECT_BODY=$4
  echo "== $name: wrk -t$THREADS -c$CONNS, warm-up $WARMUP then $REPEATS x $DURATION, $url"
  "${WRK_PREPARE:-:}"   # optional per-run set-up (refresh: fresh refresh tokens), not timed
  wrk_run "$WARMUP" "$lua" "$url" "$OUT/$name.warmup.txt"
  echo "$name $(result_of "$OUT/$name.warmup.txt")" >> "$OUT/warmup-summary.txt"
  sleep "$PAUSE"   # wrk drops its connections at the deadline; let the server finish what it had queued
  for ((i = 1; i <= REPEATS; i++)); do
    "${WRK_PREPARE:-:}"
    profile_start "$name" "$i"
    wrk_run "$DURATION" "$lua" "$url" "$OUT/$name#$i.txt"
    profile_stop "$name" "$i"
    echo "$name#$i $(result_of "$OUT/$name#$i.txt")" >> "$OUT/summary.txt"
    echo "   $name#$i $(grep -oE 'rps=[0-9.]+|p99_ms=[0-9.]+' "$OUT/$name#$i.txt" | head -2 | tr '\n' ' ')"
    sleep "$PAUSE"
  done
  profile_join "$name"
}
wrk_run() {  # duration lua url outfile
  # In the background + wait, so that a SIGTERM to this script is handled at once (bash runs traps only after a
  # foreground child ends); the EXIT trap then stops wrk. wrk's exit status says little (0 even with errors):
  # the RESULT line from lua/common.lua is what counts.
  wrk -t"$THREADS" -c"$CONNS" -d"$1" --timeout "$TIMEOUT" -s "$HERE/lua/$2" "$3" > "$4" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=""
}
result_of() { local r; r=$(grep -m1 '^RESULT' "$1" || echo "RESULT rps=0 requests=0 non2xx=-1"); echo "${r#RESULT }"; }
field() { grep -oE "(^| )$2=[-0-9.]+" <<<"$1" | head -1 | cut -d= -f2 || true; }   # field "<summary line>" key; "" if absent

run_ceiling() {  # REPEATS runs, each a fresh JVM with its own warm-up
  local i r
  for ((i = 1; i <= REPEATS; i++)); do
    echo "== ceiling#$i: java bench/SigningCeiling.java ($CEILING_THREADS threads, warm-up $WARMUP then $CEILING_DURATION)"
    java bench/SigningCeiling.java "$(secs "$WARMUP")" "$(secs "$CEILING_DURATION")" "$CEILING_THREADS" | tee "$OUT/ceiling#$i.txt"
    r=$(grep '^RESULT' "$OUT/ceiling#$i.txt")
    echo "ceiling.sign#$i rps=$(field "$r" sign_per_s) per_core=$(field "$r" sign_per_core)" >> "$OUT/summary.txt"
    echo "ceiling.verify#$i rps=$(field "$r" verify_per_s) per_core=$(field "$r" verify_per_core)" >> "$OUT/summary.txt"
  done
}

run_cc() {
  BASIC_AUTH="Basic $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
  export BASIC_AUTH
  local resp; resp=$(ccurl -H "Authorization: $BASIC_AUTH" -d grant_type=client_credentials "$AUTH/oauth2/token" || true)
  [[ $resp == *'"access_token"'* ]] || { echo "cc precheck failed on $AUTH/oauth2/token: $resp" >&2; exit 1; }
  run_wrk cc client_credentials.lua "$AUTH/oauth2/token" '"access_token"'
}

fresh_token() {  # a new access token for demo-app; fails if it could expire before the scenario ends
  local resp life need
  resp=$(ccurl -f -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$AUTH/oauth2/token") \
    || { echo "token request failed" >&2; exit 1; }
  life=$(sed -nE 's/.*"expires_in":([0-9]+).*/\1/p' <<<"$resp")
  need=$(( $(secs "$WARMUP") + REPEATS * ($(secs "$DURATION") + PAUSE + 5) + PAUSE + 30 ))
  if [ "${life:-0}" -lt "$need" ]; then
    echo "access token lifetime ${life:-?}s < ${need}s needed for warm-up + runs: shorten WARMUP/DURATION/REPEATS" >&2; exit 1
  fi
  sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' <<<"$resp"
}

run_whoami() {  # name base-url
  local name=$1 base=$2
  ACCESS_TOKEN=$(fresh_token)   # fetched just before the scenario: tokens live 10 minutes
  export ACCESS_TOKEN
  local resp; resp=$(ccurl -H "Authorization: Bearer $ACCESS_TOKEN" "$base/whoami" || true)
  [[ $resp == *'"subject"'* ]] || { echo "whoami precheck failed on $base/whoami: $resp" >&2; exit 1; }
  run_wrk "$name" whoami.lua "$base/whoami" '"subject"'
}

run_keycloak() {  # the peer started once, its bench.sh run REPEATS times: keycloak.<scenario>#<i>
  [ -x "$KEYCLOAK_PEER/bench.sh" ] || { echo "no Keycloak peer at $KEYCLOAK_PEER" >&2; exit 1; }
  echo "== keycloak: $KEYCLOAK_PEER (fetch, start, $REPEATS x bench SCENARIOS=\"$KC_SCENARIOS\", stop; log: $OUT/keycloak.txt)"
  local rc=0 i raw
  KC_STARTED=1   # from here on the trap runs the peer's stop.sh (it only kills the PID its start.sh recorded)
  (cd "$KEYCLOAK_PEER" && ./fetch.sh && ./start.sh) 2>&1 | tee "$OUT/keycloak.txt" || rc=$?
  for ((i = 1; i <= REPEATS && rc == 0; i++)); do
    # The peer reads the same knob names; its results go to ~/.cache/keycloak-peer/results/<ts>/ and are copied below.
    ( unset LUA_DIR EXPECT_BODY BASIC_AUTH ACCESS_TOKEN   # ours; the peer sets its own
      cd "$KEYCLOAK_PEER" && SCENARIOS="$KC_SCENARIOS" DURATION="$DURATION" WARMUP="$WARMUP" THREADS="$THREADS" \
        CONNS="$CONNS" TIMEOUT="$TIMEOUT" PAUSE="$PAUSE" ./bench.sh ) 2>&1 | tee "$OUT/keycloak#$i.txt" || rc=$?
    raw=$(grep -m1 -o 'raw: .*' "$OUT/keycloak#$i.txt" | cut -c6- || true)
    if [ -n "$raw" ] && [ -f "$raw/summary.txt" ]; then
      mkdir -p "$OUT/keycloak-raw" && cp -r "$raw" "$OUT/keycloak-raw/$i"
      sed -E "s/^([^ ]+) /keycloak.\1#$i /" "$raw/summary.txt" >> "$OUT/summary.txt"
    fi
  done
  (cd "$KEYCLOAK_PEER" && ./stop.sh) 2>&1 | tee -a "$OUT/keycloak.txt" || true
  KC_STARTED=""
  if [ "$rc" != 0 ]; then echo "!!! FAIL: the Keycloak peer exited with $rc (see $OUT/keycloak*.txt)" >&2; KC_FAILED=1; fi
}

# ---------------------------------------------------------------- main
KC_FAILED=""
if has keycloak && platform_answers; then
  # We may only stop what we started, and Keycloak must not share the 2 cores with a running platform.
  echo "The platform is already running (not started by bench/run.sh); stop it first to run the Keycloak peer." >&2
  exit 1
fi
if has keycloak && curl -s -o /dev/null --max-time 2 http://127.0.0.1:18080/; then
  echo "Something already answers on 127.0.0.1:18080 (a Keycloak?); stop it first." >&2
  exit 1
fi
OUT="$HERE/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
: > "$OUT/summary.txt"          # one line per measured run: "<name> rps=... p50_ms=... non2xx=..."
: > "$OUT/warmup-summary.txt"   # the same for warm-up runs (checked for errors, not reported)

{
  echo "date: $(date -Is)  host: $(uname -n) $(nproc) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "knobs: SCENARIOS=\"$SCENARIOS\" REPEATS=$REPEATS PROFILE=$PROFILE DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNS=$CONNS TIMEOUT=$TIMEOUT PAUSE=$PAUSE CEILING_DURATION=$CEILING_DURATION CEILING_THREADS=$CEILING_THREADS"
  echo "java: $(java -version 2>&1 | head -1)  wrk: $(wrk -v 2>&1 | head -1 || true)"
  [ -z "${PLATFORM_JVM_OPTIONS:-}" ] || echo "PLATFORM_JVM_OPTIONS:${PLATFORM_JVM_OPTIONS}"
} > "$OUT/meta.txt"

# The ceiling runs first, before this script starts anything, so the platform's start-up doesn't eat into it.
has ceiling && run_ceiling
if has cc || has whoami || has authcode || has refresh || has quota || has pgbench; then
  start_platform
  has cc && run_cc
  has whoami && { run_whoami whoami-8444 "$USERINFO"; run_whoami whoami-8445 "$QUOTA"; }
  # after cc and whoami: these write rows (grants, codes, refresh tokens) the earlier scenarios should not meet
  has authcode && run_authcode
  has refresh && run_refresh
  # ---- account-quota-service (bench/quota.sh)
  has quota && run_quota
  has pgbench && run_pgbench
  # ---- end account-quota-service
fi
if [ -n "$PLATFORM_USED" ]; then record_rss; fi   # an if: a false last command would end the script (set -e)
stop_platform   # before the scale runs (they start their own platforms) and Keycloak: never two on the 2 cores
if has scale; then run_scale; fi   # starts and stops the small and the large platform itself
has keycloak && run_keycloak
profile_convert   # after everything measured: the conversion's JVM would compete for the cores

# ---------------------------------------------------------------- report
echo
cat "$OUT/meta.txt"
echo "raw: $OUT"
bench_medians "$OUT/summary.txt" > "$OUT/medians.txt"   # ratios below are of these medians
awk -v repeats="$REPEATS" '
  { delete v; for (i = 2; i <= NF; i++) if (split($i, kv, "=") == 2) v[kv[1]] = kv[2]
    range = sprintf("%.0f-%.0f %5.1f%%", v["rps_min"], v["rps_max"], v["spread_pct"]) }
  NR == 1 { printf "%-20s %10s %20s %9s %9s %9s %7s %7s %2s   (medians of %s runs)\n", "scenario", "req/s", "min-max spread", "p50 ms", "p99 ms", "requests", "non2xx", "err", "n", repeats }
  $1 ~ /^ceiling\./ { printf "%-20s %10s %20s %9s %9s %9s %7s %7s %2s   (%s per core)\n", $1, v["rps"], range, "-", "-", "-", "-", "-", v["n"], v["per_core"]; next }
  { note = ("trips_rps" in v) ? sprintf("   (%s round trips/s)", v["trips_rps"]) : ""
    printf "%-20s %10s %20s %9s %9s %9s %7s %7s %2s%s\n", $1, v["rps"], range, v["p50_ms"], v["p99_ms"], v["requests"], v["non2xx"], v["err"], v["n"], note }
' "$OUT/medians.txt" | tee "$OUT/table.txt"

{
  ratio "cc tokens/s : RS256 signatures/s (all cores)" cc ceiling.sign
  ratio "authcode round trips/s : cc tokens/s" authcode.trips cc
  ratio "refresh tokens/s : cc tokens/s" refresh cc
  ratio "cc : Keycloak cc" cc keycloak.cc
  ratio "whoami-8444 : Keycloak userinfo" whoami-8444 keycloak.userinfo
  ratio "whoami-8445 : Keycloak userinfo" whoami-8445 keycloak.userinfo
  # an if, not "has quota && ...": a false last command would fail this pipeline and, under set -e and pipefail,
  # end the script before the verdict (exit 1 on every run without --quota)
  if has quota && has pgbench; then quota_ratios; fi   # account-quota-service (bench/quota.sh)
  rss_table
  if [ "$PROFILE" = jfr ]; then echo "profiles: $OUT/profiles/<scenario>-<service>.{jfr,svg,folded,top.txt}"; fi
  if has scale; then scale_report; fi                   # the scale table (bench/scale.sh)
} | tee -a "$OUT/table.txt"

# ---------------------------------------------------------------- verdict
fail=${KC_FAILED:+1}; fail=${fail:-0}
check() {  # label summary-line [warmup]; returns 1 (and sets fail) if the run had an error or no request
  local n bad se to
  n=$(field "$2" requests); bad=$(field "$2" non2xx); se=$(field "$2" sockerr); to=$(field "$2" timeouts)
  if [ "${3:-}" = warmup ] && [ "${n:-0}" = 0 ] && [ "${bad:-0}" = 0 ] && [ "${se:-0}" = 0 ] && [ "${to:-0}" = 0 ]; then
    # a short WARMUP on a cold JVM and a busy machine may complete nothing (authcode): not an error, the measured
    # run still has to complete requests (a wrk without RESULT line reads as non2xx=-1 and still fails)
    echo "note: $1 completed no request in $WARMUP (cold JVM or busy machine?)" >&2
    return 0
  fi
  if [ "${n:-0}" = 0 ] || [ "${bad:-0}" != 0 ] || [ "${se:-0}" != 0 ] || [ "${to:-0}" != 0 ]; then
    echo "!!! FAIL: $1 had requests=${n:-0} non2xx=${bad:-?} sockerr=${se:-?} timeouts=${to:-?}" >&2
    fail=1
    return 1
  fi
}
while read -r name rest; do
  [[ $name == ceiling.* ]] && continue
  # the first offending response (status and start of body) is in the raw file (the peer's: in keycloak.txt)
  check "$name" "$rest" || grep -h '^FIRST_BAD' "$OUT/$name.txt" >&2 2>/dev/null || true
done < "$OUT/summary.txt"
while read -r name rest; do
  check "$name (warm-up)" "$rest" warmup || grep -h '^FIRST_BAD' "$OUT/$name.warmup.txt" >&2 || true
done < "$OUT/warmup-summary.txt"
exit "$fail"
