# shellcheck shell=bash
# The platform's service JVMs as bench/run.sh sees them (sourced by it; uses its OUT, ROOT, HERE, is_java):
# their pids from ./run.sh's pid files, JFR profiles of the measured runs (PROFILE=jfr) and RSS / ready times.
#   PROFILE=jfr   every measured wrk run is recorded per service (jcmd JFR.start settings=profile ... JFR.stop), the
#                 repeats of a scenario joined into profiles/<scenario>-<service>.jfr (JFR files are chunk sequences,
#                 so concatenation is a valid recording), and at the end converted by bench/FlameGraph.java into
#                 .svg (flame graph), .folded (stacks) and .top.txt (top 30 self time).
SERVICES="auth-service userinfo-service account-quota-service"
PID_DIR="${PID_DIR:-$ROOT/.local/logs}"   # LocalPlatform writes <service>.pid there while the service runs
PROFILE="${PROFILE:-}"
case $PROFILE in ""|jfr) ;; *) echo "PROFILE must be empty or jfr" >&2; exit 2 ;; esac
if [ "$PROFILE" = jfr ]; then
  # Frames between safepoints too, and deep enough stacks for Vert.x/Mutiny chains; reaches the JVMs ./run.sh starts.
  PLATFORM_JVM_OPTIONS="${PLATFORM_JVM_OPTIONS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions=stackdepth=256"
  export PLATFORM_JVM_OPTIONS
fi

service_pid() {  # service: its pid if its pid file names a live java process, else fails
  local p
  p=$(cat "$PID_DIR/$1.pid" 2>/dev/null) && [ -n "$p" ] && is_java "$p" && echo "$p"
}

jcmd_all() {  # args...: "jcmd <pid> args" for every service at once (each jcmd is a JVM start); %s in args = service
  local svc pid args pids=()
  for svc in $SERVICES; do
    pid=$(service_pid "$svc") || { echo "profile: no live pid for $svc in $PID_DIR" >&2; continue; }
    args=$*
    # shellcheck disable=SC2086  # split into jcmd's arguments (no spaces in names and paths)
    jcmd "$pid" ${args//%s/$svc} >> "$OUT/profiles/.jcmd-$svc.log" 2>&1 &
    pids+=($!)
  done
  # only these: a bare wait would also wait for the platform (./run.sh runs in the background)
  [ ${#pids[@]} = 0 ] || wait "${pids[@]}" || echo "profile: a jcmd failed (see $OUT/profiles/.jcmd-*.log)" >&2
}

profile_prime() {  # once per run: the first JFR.start of a JVM initialises JFR; keep that out of the measured runs
  [ "$PROFILE" = jfr ] || return 0
  mkdir -p "$OUT/profiles/.parts"
  command -v jcmd >/dev/null || { echo "PROFILE=jfr needs jcmd (a JDK)" >&2; exit 1; }
  jcmd_all "JFR.start name=bench-prime settings=profile"
  jcmd_all "JFR.stop name=bench-prime"
}

PROFILE_RUNNING=""   # the recording in progress; the EXIT trap stops it (profile_abort), e.g. in a reused platform
profile_start() {  # scenario repeat
  [ "$PROFILE" = jfr ] || return 0
  PROFILE_RUNNING="bench-$1-$2"
  jcmd_all "JFR.start name=$PROFILE_RUNNING settings=profile"
}

profile_stop() {  # scenario repeat
  [ "$PROFILE" = jfr ] || return 0
  jcmd_all "JFR.stop name=bench-$1-$2 filename=$OUT/profiles/.parts/$1-%s.$2.jfr"
  PROFILE_RUNNING=""
}

profile_abort() {
  if [ -n "$PROFILE_RUNNING" ]; then jcmd_all "JFR.stop name=$PROFILE_RUNNING"; PROFILE_RUNNING=""; fi
}

profile_join() {  # scenario: its repeats' recordings as one file per service
  [ "$PROFILE" = jfr ] || return 0
  local svc parts
  for svc in $SERVICES; do
    parts=$(find "$OUT/profiles/.parts" -name "$1-$svc.*.jfr" 2>/dev/null | sort -V || true)
    # shellcheck disable=SC2086  # file names without spaces (scenario and service names)
    [ -z "$parts" ] || cat $parts > "$OUT/profiles/$1-$svc.jfr"
  done
}

profile_convert() {  # at the end, one JVM for all recordings; not while anything is measured
  [ "$PROFILE" = jfr ] || return 0
  local files; files=$(find "$OUT/profiles" -maxdepth 1 -name '*.jfr' 2>/dev/null | sort || true)
  [ -n "$files" ] || { echo "profile: no recordings in $OUT/profiles" >&2; return 0; }
  echo "== profiles: flame graphs of $(wc -l <<<"$files") recordings (bench/FlameGraph.java)"
  # shellcheck disable=SC2086
  java "$HERE/FlameGraph.java" $files > "$OUT/profiles/convert.log" 2>&1 \
    || { echo "profile: conversion failed (see $OUT/profiles/convert.log)" >&2; return 0; }
  rm -rf "$OUT/profiles/.parts" "$OUT/profiles"/.jcmd-*.log
}

record_rss() {  # before the platform stops: VmRSS and VmHWM per service, and its start-up time if we started it
  local svc pid rss hwm ready
  for svc in $SERVICES; do
    pid=$(service_pid "$svc") || { echo "$svc vmrss_mib=- vmhwm_mib=- ready_ms=-  (no pid file)" >> "$OUT/rss.txt"; continue; }
    rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
    # "<service> ready in <ms> ms": LocalPlatform's line, only in the log of a platform this script started
    ready=$(sed -nE "s/^$svc ready in ([0-9]+) ms$/\1/p" "$OUT/platform.log" 2>/dev/null | tail -1)
    echo "$svc vmrss_mib=$rss vmhwm_mib=$hwm ready_ms=${ready:--}" >> "$OUT/rss.txt"
  done
}

rss_table() {  # the rss.txt lines as table rows
  [ -s "$OUT/rss.txt" ] || return 0
  awk '{ delete v; for (i = 2; i <= NF; i++) if (split($i, kv, "=") == 2) v[kv[1]] = kv[2]
         printf "%-26s MiB: VmRSS %8s  VmHWM %8s   ready %s ms\n", "rss." $1, v["vmrss_mib"], v["vmhwm_mib"], v["ready_ms"] }' "$OUT/rss.txt"
}
