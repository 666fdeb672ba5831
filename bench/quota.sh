# shellcheck shell=bash
# account-quota-service scenarios of bench/run.sh (sourced by it; uses its run_wrk, ccurl, field, OUT, ...):
#   quota    POST /api/quota/consume with wrk: one hot account, then QUOTA_SPREAD_USERS accounts at random
#   pgbench  the same transaction (guarded UPDATE + ledger INSERT, one per debit) with pgbench on the same
#            database, PGBENCH_CLIENTS clients, on the hot account and spread over the same accounts
# Accounts 900000000000 (hot) and 900000000001.. (spread) are created or refilled in schema quota with psql, since
# no user delivery from auth-service exists yet to create them. The platform's PostgreSQL must run with
# synchronous_commit=on (./run.sh does: LocalPostgres durable); the scenarios refuse to measure otherwise.
QUOTA_HOT_USER=900000000000
QUOTA_SPREAD_USERS="${QUOTA_SPREAD_USERS:-10000}"
PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-32}"
QUOTA_JIT_WARMUP="${QUOTA_JIT_WARMUP:-20s}"
PG_PORT="${PG_PORT:-55432}"
PG_ARGS=(-h localhost -p "$PG_PORT" -U postgres)
export PGPASSWORD="${PGPASSWORD:-postgres}"

quota_psql() { psql "${PG_ARGS[@]}" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

quota_prepare() {  # once per run: tools, durability, accounts
  [ -n "${QUOTA_PREPARED:-}" ] && return 0
  command -v psql >/dev/null && command -v pgbench >/dev/null || {
    echo "psql/pgbench missing: apt-get install -y postgresql-client postgresql-contrib" >&2; exit 1; }
  local sc fs
  sc=$(quota_psql -c "SHOW synchronous_commit"); fs=$(quota_psql -c "SHOW fsync")
  echo "quota: PostgreSQL on $PG_PORT runs synchronous_commit=$sc fsync=$fs" | tee -a "$OUT/meta.txt"
  if [ "$sc" != on ] || [ "$fs" != on ]; then
    echo "quota scenarios measure durable commits only: synchronous_commit and fsync must be on" >&2; exit 1
  fi
  echo "quota: creating/refilling account $QUOTA_HOT_USER and $QUOTA_SPREAD_USERS spread accounts"
  quota_psql <<SQL
INSERT INTO quota.account (id, username, aff_code, quota, user_version)
SELECT $QUOTA_HOT_USER + g, 'bench' || g, 'bench-' || g, 1000000000000000, 1 FROM generate_series(0, $QUOTA_SPREAD_USERS) g
ON CONFLICT (id) DO UPDATE SET quota = 1000000000000000, status = 1, admin_disabled = false, lifecycle = 'active';
ANALYZE quota.account;
SQL
  QUOTA_TOKEN=$(ccurl -f -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope=service:quota_write \
                "$AUTH/oauth2/token" | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')
  [ -n "$QUOTA_TOKEN" ] || { echo "no service:quota_write token from $AUTH for $CLIENT_ID (is it on auth.service-scopes.quota-writers and platform.quota.writers? locally demo-app is)" >&2; exit 1; }
  QUOTA_PREPARED=1
}

quota_counts() {  # debits recorded so far in the ledger for the bench accounts: "<rows> <sum>"
  quota_psql -F' ' -c "SELECT count(*), coalesce(sum(amount), 0) FROM quota.ledger
                       WHERE account_id BETWEEN $QUOTA_HOT_USER AND $QUOTA_HOT_USER + $QUOTA_SPREAD_USERS"
}

run_quota() {
  quota_prepare
  export ACCESS_TOKEN="$QUOTA_TOKEN" QUOTA_AMOUNT=1
  local probe
  probe=$(ccurl -H "Authorization: Bearer $ACCESS_TOKEN" -H 'Content-Type: application/json' \
          -d "{\"user_id\":$QUOTA_HOT_USER,\"amount\":1,\"idempotency_key\":\"probe-$(date +%s%N)\"}" "$QUOTA/api/quota/consume" || true)
  [[ $probe == *'"ledger_id"'* ]] || { echo "consume precheck failed on $QUOTA: $probe" >&2; exit 1; }
  local before after
  # A JVM the bench has just started compiles the consume path for tens of seconds on two busy cores; without this
  # the first scenario (hot) measures the JIT compiler, not the steady state. Spread over the accounts, not recorded.
  echo "== quota: JIT warm-up $QUOTA_JIT_WARMUP (spread, not recorded)"
  EXPECT_BODY='"ledger_id"' RUN_ID="j$(date +%s%N)" QUOTA_FIRST_USER=$((QUOTA_HOT_USER + 1)) QUOTA_USERS=$QUOTA_SPREAD_USERS \
    wrk_run "$QUOTA_JIT_WARMUP" consume.lua "$QUOTA/api/quota/consume" "$OUT/quota-jit.warmup.txt"
  sleep "$PAUSE"
  before=$(quota_counts)
  RUN_ID="h$(date +%s%N)" QUOTA_FIRST_USER=$QUOTA_HOT_USER QUOTA_USERS=1 \
    run_wrk quota-hot consume.lua "$QUOTA/api/quota/consume" '"ledger_id"'
  RUN_ID="s$(date +%s%N)" QUOTA_FIRST_USER=$((QUOTA_HOT_USER + 1)) QUOTA_USERS=$QUOTA_SPREAD_USERS \
    run_wrk quota-spread consume.lua "$QUOTA/api/quota/consume" '"ledger_id"'
  after=$(quota_counts)
  # Every 2xx that wrk counted is a committed ledger row; wrk's own counts exclude the requests in flight at its
  # deadline, which were still committed, so the ledger may hold a few more than wrk counted.
  echo "quota: ledger rows for the bench accounts: ${before%% *} -> ${after%% *}" | tee -a "$OUT/meta.txt"
}

run_pgbench() {
  quota_prepare
  pgbench_consume pgbench-hot "$QUOTA_HOT_USER" 1
  pgbench_consume pgbench-spread $((QUOTA_HOT_USER + 1)) "$QUOTA_SPREAD_USERS"
}

pgbench_consume() {  # name first-account accounts: the consume transaction with pgbench on accounts first.. (also bench/scale.sh)
  local name=$1 first=$2 users=$3
  echo "== $name: -c $PGBENCH_CLIENTS -j $THREADS -M prepared, warm-up $WARMUP then $REPEATS x $DURATION, $users account(s)"
  local args=(-n -M prepared -c "$PGBENCH_CLIENTS" -j "$THREADS" -f "$HERE/pgbench/consume.sql"
              -D first="$first" -D users="$users" "${PG_ARGS[@]}" postgres)
  pgbench "${args[@]}" -D run="$(date +%s)0" -T "$(secs "$WARMUP")" > "$OUT/$name.warmup.txt" 2>&1 || true
  sleep "$PAUSE"
  local i f tps n failed lat
  for ((i = 1; i <= REPEATS; i++)); do   # like run_wrk's repeats: "<name>#<i>", medians in the table
    f="$OUT/$name#$i.txt"
    pgbench "${args[@]}" -D run="$(date +%s)$i" -T "$(secs "$DURATION")" > "$f" 2>&1 || true
    tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$f" | head -1)
    n=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$f")
    failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$f")
    lat=$(sed -nE 's/^latency average = ([0-9.]+) ms/\1/p' "$f")
    grep -E '^(tps|latency|number of)' "$f" || tail -5 "$f"
    echo "$name#$i rps=${tps:-0} p50_ms=${lat:--} p99_ms=- requests=${n:-0} non2xx=${failed:-0} sockerr=0 timeouts=0" >> "$OUT/summary.txt"
    sleep "$PAUSE"
  done
}

quota_ratios() {
  ratio "quota-hot : pgbench-hot (same transaction)" quota-hot pgbench-hot
  ratio "quota-spread : pgbench-spread" quota-spread pgbench-spread
}
