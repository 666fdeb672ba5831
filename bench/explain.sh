#!/usr/bin/env bash
# The query plans of the platform's request paths at the large size (issue #19): PostgreSQL's auto_explain logs the
# plan of every statement the services run, with EXPLAIN (ANALYZE, BUFFERS)'s detail (log_analyze, log_buffers; no
# parameter values), while a few requests of every scale scenario run for users drawn at random; then one plan per
# distinct statement goes to $OUT/explain/ and every Seq Scan on a table over EXPLAIN_SEQ_ROWS rows is flagged.
#   bench/explain.sh        against a running scale platform (./run.sh --no-build --data-dir .local/scale/postgres)
#   bench/run.sh --scale    calls it after the large runs (SCALE_EXPLAIN=1)
# How: ALTER SYSTEM sets session_preload_libraries = 'auto_explain' and auto_explain.log_min_duration = 0, the
# configuration is reloaded and the services' database sessions are ended, so their pools reconnect with it; the
# plans go to LocalPostgres's server log (<data dir>.log). Afterwards (also on error or Ctrl-C) the settings are reset.
# The services briefly lose their connections at the start (their pools reconnect): do not run it during a measurement.
# Output: $OUT/explain/index.txt (one line per statement: file, executions, slowest ms, flags, start of the text),
# $OUT/explain/q<NNN>.txt (the statement and the plan of its slowest execution), $OUT/explain/tables.txt (rows per
# table). Knobs: EXPLAIN_SEQ_ROWS [5000], EXPLAIN_USERS [20] (users drawn for the requests), SCALE_* as bench/scale.sh.
EXPLAIN_SEQ_ROWS="${EXPLAIN_SEQ_ROWS:-5000}"
EXPLAIN_USERS="${EXPLAIN_USERS:-20}"
EXPLAIN_ON=""

explain_psql() { PGAPPNAME=bench-explain quota_psql "$@"; }

explain_on() {  # auto_explain in every new session, and the services' sessions ended so that theirs are new
  explain_psql <<'SQL' > /dev/null
LOAD 'auto_explain';
ALTER SYSTEM SET session_preload_libraries = 'auto_explain';
ALTER SYSTEM SET auto_explain.log_min_duration = 0;
ALTER SYSTEM SET auto_explain.log_analyze = on;
ALTER SYSTEM SET auto_explain.log_buffers = on;
ALTER SYSTEM SET auto_explain.log_format = 'text';
ALTER SYSTEM SET auto_explain.log_parameter_max_length = 0;
ALTER SYSTEM SET log_line_prefix = '%m [%p] %a: ';
SELECT pg_reload_conf();
SQL
  EXPLAIN_ON=1
  explain_psql -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend'
                   AND pid <> pg_backend_pid() AND datname = current_database() AND application_name <> 'bench-explain'" > /dev/null
}

explain_off() {  # idempotent; sessions that loaded auto_explain stop logging once log_min_duration is back at -1
  explain_psql <<'SQL' > /dev/null
ALTER SYSTEM RESET session_preload_libraries;
ALTER SYSTEM RESET auto_explain.log_min_duration;
ALTER SYSTEM RESET auto_explain.log_analyze;
ALTER SYSTEM RESET auto_explain.log_buffers;
ALTER SYSTEM RESET auto_explain.log_format;
ALTER SYSTEM RESET auto_explain.log_parameter_max_length;
ALTER SYSTEM RESET log_line_prefix;
SELECT pg_reload_conf();
SQL
  EXPLAIN_ON=""
}

explain_load() {  # a few requests of every scenario, each for another user (cache misses), over the services' new sessions
  local s line i first count
  # the first requests after the sessions ended may meet a pool still reconnecting: not recorded
  for base in "$AUTH" "$USERINFO" "$QUOTA"; do ccurl -o /dev/null "$base/q/health/ready" || true; done
  sleep 2
  for s in oidc seed000 seed001 seed002 seed004 introspect; do
    scale_shape "$s"
    shuf -n "$EXPLAIN_USERS" "$TOKENS_FILE" | while read -r line; do scale_try "$line" > /dev/null; done
  done
  head -"$EXPLAIN_USERS" "$SESSIONS_FILE" > "$SCALE_PRIVATE/explain.sessions"
  scale_mint "$SCALE_PRIVATE/explain.sessions" "$SCALE_PRIVATE/explain.tokens"   # authorize + token: authcode's SQL
  QUOTA_SPREAD_USERS=0 quota_prepare
  read -r first count <<<"$(scale_accounts)"
  for ((i = 0; i < EXPLAIN_USERS; i++)); do
    ccurl -o /dev/null -H "Authorization: Bearer $QUOTA_TOKEN" -H 'Content-Type: application/json' "$QUOTA/api/quota/consume" \
      -d "{\"user_id\":$((first + (RANDOM * 32768 + RANDOM) % count)),\"amount\":1,\"idempotency_key\":\"explain-$i-$(date +%s%N)\"}" || true
  done
  # a revocation (RFC 7009) and the followers' feed query that picks it up
  printf 'token=%s' "$(head -1 "$SCALE_PRIVATE/explain.tokens" | cut -d' ' -f3)" \
    | ccurl -o /dev/null -H "Authorization: $BASIC_AUTH" --data-binary @- "$AUTH/oauth2/revoke" || true
  sleep 2
}

explain_report() {  # pg-log offset: one file per distinct statement logged since the offset, the index, the flags
  local dir="$OUT/explain"
  mkdir -p "$dir"
  explain_psql -F' ' -c "SELECT c.relname, max(greatest(c.reltuples, s.n_live_tup, 0))::bigint FROM pg_class c
                         LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relkind IN ('r', 'p')
                         GROUP BY c.relname" > "$dir/tables.txt"
  tail -c +"$(($2 + 1))" "$1" | awk -v dir="$dir" -v rows="$dir/tables.txt" -v limit="$EXPLAIN_SEQ_ROWS" '
    BEGIN { while ((getline line < rows) > 0) { split(line, f, " "); size[f[1]] = f[2] } }
    function flush(   key, n) {
      if (!inrec || query == "") return
      key = query; gsub(/[ \t\n]+/, " ", key)
      if (!(key in id)) { id[key] = ++ids; text[id[key]] = query }
      n = id[key]; count[n]++
      if (count[n] == 1 || dur > slowest[n]) { slowest[n] = dur; best[n] = plan; who[n] = app }
    }
    /LOG:  duration: [0-9.]+ ms  plan:/ {
      flush(); inrec = 1; query = ""; plan = ""; inplan = 0
      dur = $0; sub(/.*duration: /, "", dur); sub(/ ms.*/, "", dur); dur += 0
      app = $0; sub(/^[^\]]*\] /, "", app); sub(/: LOG: .*/, "", app)
      next
    }
    /^\t/ && inrec {
      line = substr($0, 2)
      if (!inplan && line ~ /\((cost|actual)[= ]/) inplan = 1
      if (inplan) plan = plan line "\n"
      else { sub(/^Query Text: /, "", line); query = query line "\n" }
      next
    }
    { flush(); inrec = 0 }
    END {
      flush()
      for (n = 1; n <= ids; n++) {
        file = sprintf("q%03d.txt", n); flags = ""; p = best[n]
        while (match(p, /Seq Scan on [a-z_0-9]+/)) {
          t = substr(p, RSTART + 12, RLENGTH - 12); p = substr(p, RSTART + RLENGTH)
          flags = flags (size[t] + 0 > limit ? " SEQ:" t "(" size[t] " rows)" : " seq:" t)
        }
        printf "-- %d executions, slowest %.3f ms, %s%s\n%s\n%s", count[n], slowest[n], who[n], flags, text[n], best[n] > (dir "/" file)
        close(dir "/" file)
        first = text[n]; gsub(/[ \t\n]+/, " ", first)
        printf "%s %6d %9.3f %s | %s\n", file, count[n], slowest[n], (flags == "" ? "-" : substr(flags, 2)), substr(first, 1, 110) > (dir "/index.unsorted")
      }
    }'
  { echo "# file executions slowest_ms flags | statement (plans: auto_explain, log_analyze + log_buffers; SEQ = Seq Scan on a table over $EXPLAIN_SEQ_ROWS rows)"
    sort -k2,2nr "$dir/index.unsorted" 2>/dev/null; } > "$dir/index.txt"
  rm -f "$dir/index.unsorted"
  echo "explain: $(($(wc -l < "$dir/index.txt") - 1)) distinct statements, plans in $dir/"
  grep ' SEQ:' "$dir/index.txt" || echo "explain: no Seq Scan on a table over $EXPLAIN_SEQ_ROWS rows"
}

explain_capture() {  # on the running platform: logging on, the load, logging off, the report
  local log offset
  log="$(explain_psql -c 'SHOW data_directory').log"   # LocalPostgres's server log beside its data directory
  [ -f "$log" ] || { echo "explain: no server log at $log (LocalPostgres writes <data dir>.log)" >&2; return 1; }
  echo "== explain: auto_explain on, $EXPLAIN_USERS requests per scenario, plans from $log"
  offset=$(stat -c %s "$log")
  explain_on
  explain_load
  explain_off
  explain_report "$log" "$offset"
}

# ---------------------------------------------------------------- alone: against a running scale platform
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  HERE="$(cd "$(dirname "$0")" && pwd)"
  ROOT="$(dirname "$HERE")"
  cd "$ROOT"
  case "${1:-}" in -h|--help) sed -n '2,/^EXPLAIN_SEQ_ROWS/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
  CA="$ROOT/.local/tls/ca.crt"
  AUTH=https://localhost:8443 USERINFO=https://localhost:8444 QUOTA=https://localhost:8445
  CLIENT_ID="${CLIENT_ID:-demo-app}"; CLIENT_SECRET="${CLIENT_SECRET:-demo-secret}"
  ccurl() { curl --cacert "$CA" -s --max-time 10 "$@"; }
  field() { grep -oE "(^| )$2=[-0-9.]+" <<<"$1" | head -1 | cut -d= -f2 || true; }
  # shellcheck source=bench/auth.sh
  . "$HERE/auth.sh"
  # shellcheck source=bench/quota.sh
  . "$HERE/quota.sh"
  # shellcheck source=bench/scale.sh
  . "$HERE/scale.sh"
  ccurl -f -o /dev/null "$AUTH/.well-known/openid-configuration" \
    || { echo "no platform on $AUTH: start one, e.g. ./run.sh --no-build --data-dir $SCALE_DATA_DIR" >&2; exit 1; }
  OUT="$HERE/results/explain-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$OUT"
  explain_exit() { local rc=$?; set +e; [ -n "$EXPLAIN_ON" ] && explain_off; scale_cleanup; exit "$rc"; }
  trap explain_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  SCALE_APPID=$(quota_psql -c "SELECT appid FROM auth.app WHERE client_id = '$CLIENT_ID'")
  scale_users explain "$EXPLAIN_USERS"
  explain_capture
  echo "raw: $OUT"
fi
