#!/usr/bin/env bash
# Runs the whole platform locally: an embedded PostgreSQL (from Maven artifacts; no Docker, no installed
# database) and the three packaged services over HTTPS with demo data. Ctrl-C or SIGTERM stops everything.
#   ./run.sh                 build if anything changed, then run
#   ./run.sh --no-build      run what is already built (--build: build even if nothing changed)
#   ./run.sh --data-dir DIR  PostgreSQL's data directory (default .local/postgres; relative to this directory)
# PLATFORM_JVM_OPTIONS (space-separated) is appended to every service JVM's options, e.g. "-Xmx256m".
# While a service runs, its process id is in .local/logs/<service>.pid.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

build=auto
platform_args=()
usage() { echo "usage: ./run.sh [--build|--no-build] [--data-dir DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=no ;;
    --build) build=yes ;;
    --data-dir) if [ $# -lt 2 ] || [ -z "$2" ]; then usage; fi; platform_args+=(--data-dir "$2"); shift ;;
    *) usage ;;
  esac
  shift
done

jars=(auth-service/target/quarkus-app/quarkus-run.jar userinfo-service/target/quarkus-app/quarkus-run.jar
      account-quota-service/target/quarkus-app/quarkus-run.jar local-platform/target/lib)
needs_build() {
  for jar in "${jars[@]}"; do
    [ -e "$jar" ] || return 0
  done
  # Any source or pom newer than the oldest packaged app means a rebuild.
  local oldest
  oldest="$(ls -t "${jars[@]:0:3}" | tail -n 1)"
  [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$oldest" -type f -print -quit 2>/dev/null)" ]
}
if [ "$build" = yes ] || { [ "$build" = auto ] && needs_build; }; then
  echo "Building (./mvnw -DskipTests install) ..."
  ./mvnw -B -q -DskipTests install
fi

bash scripts/local-tls.sh
platform_jar="$(ls local-platform/target/local-platform-*.jar | grep -v sources | head -n 1)"
# exec: the JVM receives Ctrl-C/SIGTERM itself, and its shutdown hook stops the services and PostgreSQL.
exec java -cp "$platform_jar:local-platform/target/lib/*" dev.userinfo.local.LocalPlatform "$root" "${platform_args[@]}"
