#!/usr/bin/env bash
# Native check (issue #17): run GraalVM's real image builder on each service's Quarkus native sources, one service
# at a time, and fail on a builder error (an object in the image heap that must not be there, a missing class, ...).
#
#   scripts/native-check.sh [--mode analysis|object] [service ...]     (default: analysis, all three services)
#
# The native sources (target/native-sources) are what `./mvnw verify` builds for each service; missing ones are
# built here. The builder itself is driven by ../shared/tools/native-check/native-check.sh (NATIVE_CHECK_TOOL): no
# GraalVM or Mandrel distribution is installable on our machines, but GraalVM CE's builder jars from Maven Central
# run on Temurin 25 with JVMCI. It needs Temurin 25 (NATIVE_CHECK_JDK), gcc and the libc headers. Analysis: about
# 2.5 min and 5 GB per service on 2 cores; object: about 5 min and 7 GB. Never run it beside test JVMs (memory).
# Linking is impossible here (no JDK static libraries): deploy/README.md, "Native executables", says what is proven.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=analysis
if [ "${1:-}" = "--mode" ]; then
  MODE=$2
  shift 2
fi
SERVICES=("$@")
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=(auth-service userinfo-service account-quota-service)
TOOL=${NATIVE_CHECK_TOOL:-$ROOT/../shared/tools/native-check/native-check.sh}
[ -f "$TOOL" ] || { echo "native-check: no builder driver at $TOOL (set NATIVE_CHECK_TOOL)" >&2; exit 2; }

summary=$ROOT/target/native-check-$MODE.txt
mkdir -p "$ROOT/target"
: > "$summary"
failed=()
for service in "${SERVICES[@]}"; do
  sources=$ROOT/$service/target/native-sources
  if [ ! -f "$sources/native-image.args" ]; then
    echo "native-check: building the native sources of $service"
    ./mvnw -B -q -pl "$service" -am verify -DskipTests -DskipITs  # the native-sources execution is bound to verify
  fi
  log=$ROOT/$service/target/native-check-$MODE.log
  started=$(date +%s)
  if MVN="$ROOT/mvnw" bash "$TOOL" --mode "$MODE" "$sources" > "$log" 2>&1; then
    verdict=OK
  else
    verdict=FAILED
    failed+=("$service")
  fi
  # The driver prints the builder's reachability figures, its wall time and peak RSS (/usr/bin/time).
  # (A figure the log lacks, e.g. the object file in analysis mode, is empty: grep finding nothing is no error.)
  reach=$(grep -E 'types, .* methods' "$log" | head -1 | sed -E 's/^ +//' || true)
  rss=$(grep -E 'Maximum resident' "$log" | sed -E 's/.*: ([0-9]+)$/\1/' || true)
  object=$(grep -E 'relocatable object:' "$log" | sed -E 's/.*\((.*)\)$/\1/' || true)
  printf '%s %s: %s s, peak RSS %s MB, %s%s\n' "$service" "$verdict" "$(( $(date +%s) - started ))" \
    "$(( ${rss:-0} / 1024 ))" "${reach:-reachability not reported}" "${object:+, object file $object}" | tee -a "$summary"
  [ "$verdict" = OK ] || tail -40 "$log" >&2
done
[ ${#failed[@]} -eq 0 ] || { echo "native-check: $MODE FAILED for ${failed[*]}" >&2; exit 1; }
echo "native-check: $MODE passed for ${SERVICES[*]} (summary in $summary)"
