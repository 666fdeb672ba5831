#!/usr/bin/env bash
# JVM start-up of each service (issue #19, "Fast JVM start"): the time from the `java` exec to the first 200 of
# /q/health/ready, in JVM mode, one service instance at a time, repeated; medians, min and max per service and variant.
#   bench/startup.sh                 every service, every variant, REPEATS times each
#   bench/startup.sh --train         (re)build the AOT/CDS archives first even if they look current
# What runs: a platform of its own (bench/StartupPlatform.java: local-platform's LocalPlatform on free ports and a
# throw-away PostgreSQL, so other platforms on 8443-8445 do not matter) provides PostgreSQL and auth-service's JWKS
# and revocation feed. Each measured instance is one more copy of a service, as a pod the autoscaler adds: the
# platform's own instance's -D properties (read from its process), on port MEASURE_PORT, run from
# target/quarkus-app as `java [variant options] -jar quarkus-run.jar`, stopped (SIGTERM) once ready. Needs the
# packaged services and local-platform (it never builds).
# Variants (VARIANTS, space-separated):
#   jdk17             the default java (JDK 17), nothing else
#   jdk17-appcds      JDK 17 with an AppCDS archive (-XX:SharedArchiveFile) from a training run (-XX:ArchiveClassesAtExit)
#   jdk25             Temurin 25 (JAVA25), nothing else
#   jdk25-aot         Temurin 25 with a Leyden AOT cache (-XX:AOTCache, JEP 483/514) from a full training run: the service
#                     started against the platform until ready, then stopped (the cache is written at exit)
#   jdk25-aot-static  Temurin 25 with an AOT cache from a training run that initializes and exits by itself
#                     (-Dquarkus.init-and-exit=true: static and runtime init, Flyway included, no HTTP server). Note:
#                     -Dquarkus.appcds.generate=true does not stop a jar built without Quarkus' AOT packaging.
# Env knobs (defaults in brackets):
#   REPEATS [5]  SERVICES ["auth-service userinfo-service account-quota-service"]
#   VARIANTS ["jdk17 jdk17-appcds jdk25 jdk25-aot jdk25-aot-static"]
#   JAVA17 [java]  JAVA25 [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java]  JVM_OPTS [""] extra options for every run
#   MEASURE_PORT [18443] (and the next port)  READY_TIMEOUT [60] s per start
# Output: a table, and one line per service and variant
#   RESULT startup service=<s> variant=<v> ready_ms=<median> ready_ms_min=… ready_ms_max=… quarkus_ms=<median> rss_mib=<median> n=<runs>
# (quarkus_ms: Quarkus' own "started in" figure; rss_mib: resident memory when ready). Raw runs and logs:
# bench/results/startup-<timestamp>/. Archives are kept in <service>/target/quarkus-app/ and retrained when older
# than quarkus-run.jar.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"

TRAIN=auto
for arg in "$@"; do
  case $arg in
    --train) TRAIN=always ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done
REPEATS="${REPEATS:-5}"
SERVICES="${SERVICES:-auth-service userinfo-service account-quota-service}"
VARIANTS="${VARIANTS:-jdk17 jdk17-appcds jdk25 jdk25-aot jdk25-aot-static}"
JAVA17="${JAVA17:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JVM_OPTS="${JVM_OPTS:-}"
MEASURE_PORT="${MEASURE_PORT:-18443}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
CA="$ROOT/.local/tls/ca.crt"

for v in $VARIANTS; do
  case $v in jdk17|jdk17-appcds|jdk25|jdk25-aot|jdk25-aot-static) ;;
    *) echo "unknown variant $v" >&2; exit 2 ;; esac
done
if [[ " $VARIANTS " == *" jdk25"* ]] && [ ! -x "$JAVA25" ]; then
  echo "JAVA25=$JAVA25 is not an executable JDK 25 (Temurin 25); set JAVA25 or leave out the jdk25 variants" >&2
  exit 1
fi
OUT="$HERE/results/startup-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
: > "$OUT/runs.txt"

# ---------------------------------------------------------------- the platform (PostgreSQL, auth-service's JWKS)
ccurl() { curl --cacert "$CA" -s --max-time 3 "$@"; }
ready() { [ "$(ccurl -o /dev/null -w '%{http_code}' "https://localhost:$1/q/health/ready" 2>/dev/null)" = 200 ]; }
PLATFORM_PID=""  # bench/StartupPlatform.java (ours to stop)
MEASURED_PID=""  # the instance being measured or trained
declare -A PORT=()
start_platform() {
  local jar
  jar=$(find "$ROOT/local-platform/target" -maxdepth 1 -name 'local-platform-*.jar' ! -name '*sources*' | head -1)
  for name in $SERVICES; do
    [ -f "$ROOT/$name/target/quarkus-app/quarkus-run.jar" ] || jar=""
  done
  if [ -z "$jar" ]; then
    # package, never install: snapshot jars in ~/.m2 would leak into other checkouts' builds
    echo "build first: ./mvnw -B -q package -DskipTests -DskipNativeSources -pl auth-service,userinfo-service,account-quota-service,local-platform -am" >&2
    exit 1
  fi
  echo "Starting the platform on free ports (log: $OUT/platform.log) ..."
  java -cp "$jar:$ROOT/local-platform/target/lib/*" "$HERE/StartupPlatform.java" "$ROOT" "$OUT/platform" \
    > "$OUT/platform.log" 2>&1 &
  PLATFORM_PID=$!
  local deadline=$((SECONDS + 180))
  until [ -f "$OUT/platform/ready" ]; do
    kill -0 "$PLATFORM_PID" 2>/dev/null || { echo "the platform did not start:" >&2; tail -20 "$OUT/platform.log" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "the platform was not ready after 180 s" >&2; exit 1; }
    sleep 1
  done
  local pair pairs
  read -r -a pairs < "$OUT/platform/ready"
  for pair in "${pairs[@]}"; do PORT[${pair%%=*}]=${pair#*=}; done
  PORT[auth-service]=${PORT[auth]} PORT[userinfo-service]=${PORT[userinfo]} PORT[account-quota-service]=${PORT[quota]}
  echo "Platform ready: auth-service ${PORT[auth]}, userinfo-service ${PORT[userinfo]}, account-quota-service ${PORT[quota]}."
}
stop_measured() {
  [ -n "$MEASURED_PID" ] || return 0
  kill -TERM "$MEASURED_PID" 2>/dev/null || true
  wait "$MEASURED_PID" 2>/dev/null || true
  MEASURED_PID=""
}
cleanup() {
  local rc=$?
  set +e
  stop_measured
  if [ -n "$PLATFORM_PID" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
    kill -TERM "$PLATFORM_PID"; wait "$PLATFORM_PID" 2>/dev/null
  fi
  rm -rf "$OUT/platform/postgres"   # the throw-away database
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The -D properties of the platform's running instance of a service, one per line (its configuration: profile,
# database port, issuer, audience ...), without its port and the test-style logging Options.ephemeral adds.
service_properties() {
  local pid
  pid=$(ss -ltnpH "sport = :${PORT[$1]}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] || { echo "no process listens on ${PORT[$1]} for $1" >&2; return 1; }
  tr '\0' '\n' < "/proc/$pid/cmdline" | grep '^-D' \
    | grep -v -e '^-Dquarkus\.http\.ssl-port=' -e '^-Dquarkus\.log\.category' -e '^-Dquarkus\.http\.access-log'
}

# ---------------------------------------------------------------- one start
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
PROPS=()   # the -D properties of the service being measured (service_properties), read before any timing
# Starts the service with the variant's options; sets MEASURED_PID; logs to $3.
launch() {
  local name=$1 java=$2 log=$3; shift 3
  # shellcheck disable=SC2086  # JVM_OPTS is deliberately word-split
  ( cd "$ROOT/$name/target/quarkus-app" \
      && exec "$java" $JVM_OPTS "$@" "${PROPS[@]}" -Dquarkus.http.ssl-port="$MEASURE_PORT" \
        -Dquarkus.http.port=$((MEASURE_PORT + 1)) -jar quarkus-run.jar ) \
    > "$log" 2>&1 &
  MEASURED_PID=$!
}
# Waits for the first 200 of /q/health/ready on MEASURE_PORT: a cheap TCP probe until the port listens (no curl
# stealing the CPU from the starting JVM), then curl every 20 ms.
await_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT))
  until (: < "/dev/tcp/127.0.0.1/$MEASURE_PORT") 2>/dev/null; do
    kill -0 "$MEASURED_PID" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.01
  done
  until ready "$MEASURE_PORT"; do
    kill -0 "$MEASURED_PID" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}

variant_java() { case $1 in jdk17*) echo "$JAVA17" ;; *) echo "$JAVA25" ;; esac; }
archive() {
  local app="$ROOT/$1/target/quarkus-app"
  case $2 in
    jdk17-appcds) echo "$app/app-cds.jsa" ;;
    jdk25-aot) echo "$app/app.aot" ;;
    jdk25-aot-static) echo "$app/app-static.aot" ;;
    *) echo "" ;;
  esac
}
variant_options() {
  local file; file=$(archive "$1" "$2")
  case $2 in
    jdk17-appcds) echo "-XX:SharedArchiveFile=$file" ;;
    jdk25-aot|jdk25-aot-static) echo "-XX:AOTCache=$file" ;;
  esac
}

# A training run writes the variant's archive: full (started against the platform until ready, then SIGTERM: the
# JVM writes the archive as it exits) or static (quarkus.init-and-exit: Quarkus exits by itself once initialized).
train() {
  local name=$1 variant=$2 file log
  file=$(archive "$name" "$variant")
  [ -n "$file" ] || return 0
  if [ "$TRAIN" = auto ] && [ -f "$file" ] && [ "$file" -nt "$ROOT/$name/target/quarkus-app/quarkus-run.jar" ]; then
    return 0
  fi
  rm -f "$file"
  log="$OUT/train-$name-$variant.log"
  local started; started=$(now_ms)
  case $variant in
    jdk17-appcds)
      launch "$name" "$JAVA17" "$log" "-XX:ArchiveClassesAtExit=$file" ;;
    jdk25-aot)
      launch "$name" "$JAVA25" "$log" "-XX:AOTCacheOutput=$file" ;;
    jdk25-aot-static)
      launch "$name" "$JAVA25" "$log" "-XX:AOTCacheOutput=$file" -Dquarkus.init-and-exit=true ;;
  esac
  if [ "$variant" = jdk25-aot-static ]; then
    wait "$MEASURED_PID" || true   # Quarkus exits by itself after its initialization (quarkus.init-and-exit)
    MEASURED_PID=""
  else
    await_ready || { echo "training run of $name ($variant) never became ready; see $log" >&2; exit 1; }
    stop_measured
  fi
  [ -s "$file" ] || { echo "training run of $name ($variant) wrote no archive; see $log" >&2; exit 1; }
  echo "  trained $name $variant in $(( $(now_ms) - started )) ms: $(du -h "$file" | cut -f1) $file"
}

measure() {
  local name=$1 variant=$2 i=$3 log started ms quarkus rss java
  log="$OUT/$name-$variant-$i.log"
  java=$(variant_java "$variant")
  local -a opts
  read -r -a opts <<< "$(variant_options "$name" "$variant")"
  started=$(now_ms)
  launch "$name" "$java" "$log" "${opts[@]}"
  if ! await_ready; then
    echo "$name ($variant) run $i not ready within ${READY_TIMEOUT}s; see $log" >&2
    stop_measured; exit 1
  fi
  ms=$(( $(now_ms) - started ))
  rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$MEASURED_PID/status" 2>/dev/null || echo 0)
  stop_measured
  quarkus=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | grep -o '[0-9.]*' | awk '{ printf "%d", $1 * 1000 }')
  echo "$name $variant run=$i ready_ms=$ms quarkus_ms=${quarkus:-0} rss_mib=$rss" | tee -a "$OUT/runs.txt"
}

# ---------------------------------------------------------------- main
if ss -ltnH "sport = :$MEASURE_PORT" | grep -q .; then
  echo "Something already listens on $MEASURE_PORT; set MEASURE_PORT" >&2; exit 1
fi
{
  echo "date: $(date -Is)  host: $(uname -n) $(nproc) cores  load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "knobs: REPEATS=$REPEATS VARIANTS=\"$VARIANTS\" JVM_OPTS=\"$JVM_OPTS\""
  echo "java17: $("$JAVA17" -version 2>&1 | head -1)"
  if [ -x "$JAVA25" ]; then echo "java25: $("$JAVA25" -version 2>&1 | head -1)"; fi
} > "$OUT/meta.txt"
start_platform
for name in $SERVICES; do
  mapfile -t PROPS < <(service_properties "$name")
  for variant in $VARIANTS; do
    train "$name" "$variant"
    for i in $(seq 1 "$REPEATS"); do
      measure "$name" "$variant" "$i"
    done
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

# ---------------------------------------------------------------- report: medians, min, max
echo
cat "$OUT/meta.txt"
echo "raw: $OUT"
awk '
  function median(list, n,   a, i, j, t) {
    split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : int((a[n / 2] + a[n / 2 + 1]) / 2)
  }
  {
    key = $1 " " $2
    if (!(key in n)) order[++keys] = key
    delete v; for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n[key]++
    ready[key] = ready[key] " " v["ready_ms"]; quarkus[key] = quarkus[key] " " v["quarkus_ms"]; rss[key] = rss[key] " " v["rss_mib"]
    if (!(key in lo) || v["ready_ms"] + 0 < lo[key]) lo[key] = v["ready_ms"] + 0
    if (!(key in hi) || v["ready_ms"] + 0 > hi[key]) hi[key] = v["ready_ms"] + 0
  }
  END {
    printf "%-22s %-17s %9s %7s %7s %10s %8s %3s\n", "service", "variant", "ready ms", "min", "max", "quarkus ms", "RSS MiB", "n"
    for (k = 1; k <= keys; k++) {
      key = order[k]; split(key, sv, " ")
      r = median(ready[key], n[key]); q = median(quarkus[key], n[key]); m = median(rss[key], n[key])
      printf "%-22s %-17s %9d %7d %7d %10d %8d %3d\n", sv[1], sv[2], r, lo[key], hi[key], q, m, n[key]
      results = results sprintf("RESULT startup service=%s variant=%s ready_ms=%d ready_ms_min=%d ready_ms_max=%d quarkus_ms=%d rss_mib=%d n=%d\n", sv[1], sv[2], r, lo[key], hi[key], q, m, n[key])
    }
    printf "\n%s", results
  }
' "$OUT/runs.txt" | tee "$OUT/table.txt"
