# shellcheck shell=bash
# Large-data scenarios of bench/run.sh --scale (issue #19). Sourced by run.sh; uses its start_platform,
# stop_platform, platform_answers, run_wrk, wrk_run, ccurl, field, OUT, AUTH, USERINFO, QUOTA, CLIENT_ID, ..., auth.sh's
# auth_params, auth_redeem, urlenc and quota.sh's quota_prepare, quota_psql, pgbench_consume; explain.sh's explain_capture.
# Every scenario runs twice in one bench run, never with both platforms up: on the small data set, named
# small.<scenario> (the platform on .local/postgres: demo data plus a small generated set, SCALE_SMALL_ARGS), then on
# the large one, named large.<scenario> (the platform on SCALE_DATA_DIR, built or reused by the bench-data generator
# with SCALE_USERS, SCALE_ORGS, ...). Before each size's runs, SCALE_TOKEN_USERS users drawn uniformly from the data
# set get a signed-in session with consent (Generate sessions) and one access token each, minted through the real
# authorization-code round trip (curl, SCALE_MINT_PARALLEL connections); sessions and tokens are in 0600 files
# removed at exit. Scenarios (SCALE_SCENARIOS, run in this order):
#   oidc seed000 seed001 seed002 seed004  userinfo-service's read paths (lua/userinfo.lua), a random user's token per request
#   introspect   POST /oauth2/introspect (RFC 7662) of a random user's token by the app it was issued to
#   authcode     authorization-code round trips (lua/authcode.lua), each wrk thread cycling over the users' sessions
#   consume      POST /api/quota/consume spread over every generated account (after QUOTA_JIT_WARMUP, not recorded)
#   pgbench      pgbench's same transaction (pgbench/consume.sql) on the same accounts
#   revocation   RFC 7009 revocation of a user's token until both resource services refuse it (RevocationLag.java),
#                SCALE_REVOCATION_TRIES tries; the revocation rules of the data set (SCALE_REVOCATIONS) are present
# After the large runs: RSS per service, the 10 largest tables, and (SCALE_EXPLAIN=1) the plans of the request paths'
# SQL (bench/explain.sh). Then the scale table: small and large medians, large/small, large p99, the targets.
SCALE_SCENARIOS="${SCALE_SCENARIOS:-oidc seed000 seed001 seed002 seed004 introspect authcode consume pgbench revocation}"
SCALE_SIZES="${SCALE_SIZES:-small large}"
SCALE_USERS="${SCALE_USERS:-1000000}"
SCALE_ORGS="${SCALE_ORGS:-$(( SCALE_USERS / 100 > 0 ? SCALE_USERS / 100 : 1 ))}"
SCALE_APPS="${SCALE_APPS:-$(( SCALE_USERS / 1000 > 0 ? SCALE_USERS / 1000 : 1 ))}"
SCALE_LEDGER_ROWS="${SCALE_LEDGER_ROWS:-10000000}"
SCALE_REFRESH_FAMILIES="${SCALE_REFRESH_FAMILIES:-$SCALE_USERS}"
SCALE_PROMPT_EVENTS="${SCALE_PROMPT_EVENTS:-$SCALE_USERS}"
SCALE_REVOCATIONS="${SCALE_REVOCATIONS:-100000}"
SCALE_SMALL_ARGS="${SCALE_SMALL_ARGS:---users 1000 --orgs 10 --apps 10 --ledger-rows 10000 --refresh-families 1000 --prompt-events 1000 --revocations 1000}"
SCALE_DATA_DIR="${SCALE_DATA_DIR:-.local/scale/postgres}"
SCALE_TOKEN_USERS="${SCALE_TOKEN_USERS:-20000}"
SCALE_TOKEN_LIFETIME="${SCALE_TOKEN_LIFETIME:-2h}"
SCALE_MINT_PARALLEL="${SCALE_MINT_PARALLEL:-8}"
SCALE_REVOCATION_TRIES="${SCALE_REVOCATION_TRIES:-10}"
SCALE_READY_TIMEOUT="${SCALE_READY_TIMEOUT:-600}"
SCALE_EXPLAIN="${SCALE_EXPLAIN:-1}"
SCALE_GENERATOR_CP="${SCALE_GENERATOR_CP:-bench-data/target/bench-data-0.1.0-SNAPSHOT.jar:bench-data/target/lib/*}"
# Consent covers every scope a scenario asks for: the read scenarios' tokens and authcode's AUTH_SCOPE.
SCALE_READ_SCOPE="${SCALE_READ_SCOPE:-openid profile email user_info_read snsapi_userinfo}"
SCALE_SCOPE="$SCALE_READ_SCOPE offline_access"
SCALE_PRIVATE=""   # 0700 directory of the sessions and tokens (secrets), removed at exit

scale_generator() {  # command args...: the bench-data generator (module bench-data), against the running platform
  local jar=${SCALE_GENERATOR_CP%%:*}
  [ -f "$jar" ] || { echo "no generator at $jar: ./mvnw -B -q -o -DskipTests -DskipNativeSources package -pl bench-data -am" >&2; exit 1; }
  java -cp "$SCALE_GENERATOR_CP" dev.userinfo.bench.data.Generate "$@"   # its defaults: this platform, .local/tls/ca.crt
}

scale_nothing_up() {  # never two platforms on the 2 cores, nor ours on a port another one holds
  if platform_answers || ss -ltn | grep -qE ':(8443|8444|8445|55432)\b'; then
    echo "something already listens on 8443-8445 or 55432 (ss -ltn): stop it first; --scale starts both platforms itself" >&2
    exit 1
  fi
}

scale_start() {  # size: the platform on that size's data directory, tokens living SCALE_TOKEN_LIFETIME
  local dir=.local/postgres saved_args=$RUN_ARGS saved_timeout=$READY_TIMEOUT
  [ "$1" = large ] && dir=$SCALE_DATA_DIR
  scale_nothing_up
  # Minting SCALE_TOKEN_USERS tokens and the scenarios after it take longer than the default 10 minutes.
  export AUTH_TOKENS_ACCESS_TOKEN_LIFETIME="$SCALE_TOKEN_LIFETIME"
  RUN_ARGS="$RUN_ARGS --data-dir $dir" READY_TIMEOUT=$SCALE_READY_TIMEOUT
  start_platform
  RUN_ARGS=$saved_args READY_TIMEOUT=$saved_timeout
  mv "$OUT/platform.log" "$OUT/$1.platform.log"   # run.sh keeps writing to it (same file)
  explain_off                # a capture cut short earlier must not log every plan of this run
  # shellcheck disable=SC2034  # quota.sh's: the service token is this platform's
  QUOTA_PREPARED=""
}

scale_dataset() {  # size: build or reuse the data set; its RESULT line into $OUT/<size>.dataset.txt
  local args
  if [ "$1" = small ]; then
    read -r -a args <<<"$SCALE_SMALL_ARGS"
  else
    args=(--users "$SCALE_USERS" --orgs "$SCALE_ORGS" --apps "$SCALE_APPS" --ledger-rows "$SCALE_LEDGER_ROWS"
          --refresh-families "$SCALE_REFRESH_FAMILIES" --prompt-events "$SCALE_PROMPT_EVENTS" --revocations "$SCALE_REVOCATIONS")
  fi
  echo "== $1 data set: Generate build ${args[*]} (log: $OUT/$1.generate.txt)"
  scale_generator build "${args[@]}" 2>&1 | tee "$OUT/$1.generate.txt" | grep -E '^(RESULT|dataset|import|visible)' || true
  grep '^RESULT' "$OUT/$1.generate.txt" | tail -1 > "$OUT/$1.dataset.txt"
  [ -s "$OUT/$1.dataset.txt" ] || { echo "the generator printed no RESULT line (see $OUT/$1.generate.txt)" >&2; exit 1; }
}

scale_users() {  # size count: sessions and one access token each for count users drawn from the data set
  local n=$2
  [ "$n" -gt 0 ] || { echo "the $1 data set has no users" >&2; exit 1; }
  [ -n "$SCALE_PRIVATE" ] || SCALE_PRIVATE=$(mktemp -d "$OUT/private.XXXXXX")   # mode 0700
  SESSIONS_FILE="$SCALE_PRIVATE/$1.sessions" TOKENS_FILE="$SCALE_PRIVATE/$1.tokens"
  echo "== $1: $n users signed in with consent for \"$SCALE_SCOPE\" (Generate sessions)"
  scale_generator sessions --count "$n" --client-id "$CLIENT_ID" --scope "$SCALE_SCOPE" --out "$SESSIONS_FILE" \
    > "$OUT/$1.sessions.txt" 2>&1 || { cat "$OUT/$1.sessions.txt" >&2; exit 1; }
  local started=$SECONDS
  echo "== $1: one access token per user through the authorization-code round trip ($SCALE_MINT_PARALLEL connections)"
  scale_mint "$SESSIONS_FILE" "$TOKENS_FILE"
  echo "$1: $(wc -l < "$TOKENS_FILE") tokens in $((SECONDS - started)) s" | tee -a "$OUT/meta.txt"
}

scale_mint() {  # sessions-file tokens-file: "<user id> <email> <access token>" per session (scope SCALE_READ_SCOPE)
  auth_params "$SCALE_READ_SCOPE"
  local work pids=() p
  work=$(mktemp -d "$SCALE_PRIVATE/mint.XXXXXX")
  split -n "l/$SCALE_MINT_PARALLEL" "$1" "$work/part."
  for p in "$work"/part.*; do scale_mint_part "$p" > "$p.tokens" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || { echo "minting tokens failed" >&2; exit 1; }; done
  sort -k1,1 "$work"/part.*.tokens > "$work/by-user"
  # seed 004 needs each user's e-mail (scale-<n>@example.test), as auth-service delivered it
  { echo "CREATE TEMP TABLE ids (id BIGINT); COPY ids FROM STDIN;"; cut -d' ' -f1 "$work/by-user"; echo '\.'
    echo "SELECT DISTINCT u.id, u.email FROM ids JOIN auth.app_user u USING (id);"; } | quota_psql -F' ' | sort -k1,1 > "$work/emails"
  join "$work/emails" "$work/by-user" > "$2"
  rm -rf "$work"
  [ -s "$2" ] || { echo "no token minted" >&2; exit 1; }
}

scale_mint_part() {  # sessions: "<user id> <access token>" lines, 200 users at a time (codes live auth.codes.lifetime)
  local batch codes
  [ -s "$1" ] || return 0
  split -l 200 "$1" "$1.batch."
  for batch in "$1".batch.*; do
    # authorize with each user's own session, one connection; write-out: "<user id> <status> <redirect>"
    codes=$(awk -v base="$AUTH$AUTHORIZE_PATH" -v ca="$CA" 'NR > 1 { print "next" }
      { printf "url = \"%s&state=m%d\"\nheader = \"Cookie: __Host-session=%s\"\noutput = \"/dev/null\"\n", base, NR, $2
        printf "cacert = \"%s\"\nmax-time = 10\nwrite-out = \"%s %%{http_code} %%{redirect_url}\\n\"\n", ca, $1 }' "$batch" \
      | curl -s -K -) || true
    codes=$(awk '$2 ~ /^30[23]$/ && $3 ~ /[?&]code=/ { c = $3; sub(/.*[?&]code=/, "", c); sub(/&.*/, "", c); print $1, c; next }
                 { print "authorization request for user " $1 ": " $2 " " $3 > "/dev/stderr"; bad = 1 }
                 END { exit bad }' <<<"$codes") || exit 1
    paste -d' ' <(cut -d' ' -f1 <<<"$codes") <(cut -d' ' -f2 <<<"$codes" | auth_redeem \
      | sed -E 's/.*"access_token":"([^"]+)".*/\1/; t; s/.*/-/') | awk '$2 == "-" { bad = 1; next } { print } END { exit bad }' \
      || { echo "a token request of the batch failed" >&2; exit 1; }
  done
}

scale_shape() {  # scenario: its request as templates for lua/userinfo.lua ({uid} {email} {token}); S_BASE, S_EXPECT
  unset UI_METHOD UI_AUTH UI_APP_ID UI_BODY UI_CTYPE
  S_BASE=$USERINFO
  case $1 in
    oidc)    UI_PATH=/userinfo UI_AUTH='Bearer {token}' S_EXPECT='"sub"' ;;
    seed000) UI_PATH="/chatroom/api/account/info?client_id=$(urlenc "$CLIENT_ID")&redirect_uri=$REDIRECT_URI_ENC&scope=user_info_read"
             UI_AUTH='Bearer {token}' S_EXPECT='"status":"ok"' ;;
    seed001) UI_PATH=/userservices/v2/authorization/userinfo UI_AUTH='{token}' S_EXPECT='"open_id"' ;;
    seed002) UI_PATH='/user/info?accessToken={token}&userId={uid}' UI_APP_ID=$CLIENT_ID S_EXPECT='"code":200' ;;
    seed004) UI_METHOD=POST UI_PATH=/developer/profile.php S_EXPECT='"code":200'
             UI_BODY="{\"appid\":$SCALE_APPID,\"email\":\"{email}\",\"access_token\":\"{token}\"}" ;;
    introspect) S_BASE=$AUTH UI_METHOD=POST UI_PATH=/oauth2/introspect UI_AUTH=$BASIC_AUTH UI_BODY='token={token}'
             UI_CTYPE=application/x-www-form-urlencoded S_EXPECT='"active":true' ;;
  esac
  export UI_METHOD UI_PATH UI_AUTH UI_APP_ID UI_BODY UI_CTYPE
}

scale_try() {  # "<uid> <email> <token>": one request of the current shape with curl (config on stdin: no token in ps)
  local uid email token
  read -r uid email token <<<"$1"
  fill() { local s=$1; s=${s//\{uid\}/$uid}; s=${s//\{email\}/$email}; s=${s//\{token\}/$token}; s=${s//\"/\\\"}; printf %s "$s"; }
  { printf 'url = "%s"\nrequest = "%s"\n' "$(fill "$S_BASE$UI_PATH")" "${UI_METHOD:-GET}"
    [ -z "${UI_AUTH:-}" ] || printf 'header = "Authorization: %s"\n' "$(fill "$UI_AUTH")"
    [ -z "${UI_APP_ID:-}" ] || printf 'header = "X-App-Id: %s"\n' "$UI_APP_ID"
    [ -z "${UI_BODY:-}" ] || printf 'header = "Content-Type: %s"\ndata = "%s"\n' "${UI_CTYPE:-application/json}" "$(fill "$UI_BODY")"
  } | ccurl -K - || true
}

scale_read() {  # size scenario: wrk with a random user's token per request, after a curl precheck
  local name="$1.$2" pre
  scale_shape "$2"
  pre=$(scale_try "$(head -1 "$TOKENS_FILE")")
  [[ $pre == *"$S_EXPECT"* ]] || { echo "$name precheck failed on $S_BASE${UI_PATH%%\?*}: ${pre:0:300}" >&2; exit 1; }
  TOKENS_FILE=$TOKENS_FILE run_wrk "$name" userinfo.lua "$S_BASE/" "$S_EXPECT"
}

scale_authcode() {  # size: round trips for random users, each thread cycling over the sessions
  auth_params "$AUTH_SCOPE"
  SESSIONS_FILE=$SESSIONS_FILE run_wrk "$1.authcode" authcode.lua "$AUTH/oauth2/authorize" '"access_token"'
}

scale_accounts() {  # the generated accounts as "<first id> <count>": consume.lua and pgbench draw from one id range
  local first count all last
  # the longest run of consecutive ids (gaps-and-islands): an import request that failed leaves a gap
  read -r first count all < <(quota_psql -F' ' -c "SELECT min(id), count(*), sum(count(*)) OVER () FROM (
      SELECT id, id - row_number() OVER (ORDER BY id) AS island FROM quota.account WHERE username LIKE 'scale-%') ids
    GROUP BY island ORDER BY count(*) DESC LIMIT 1")
  [ "${count:-0}" -gt 0 ] || { echo "no generated account (username scale-<n>) in quota.account" >&2; exit 1; }
  [ "$count" = "$all" ] || echo "consume: the longest run of consecutive account ids holds $count of the $all generated accounts" >&2
  last=$((first + count - 1))
  # a debit needs quota; the local profile gives new accounts 5,000,000 units, top up only what a long bench spent
  quota_psql -c "UPDATE quota.account SET quota = 1000000000000000 WHERE id BETWEEN $first AND $last AND quota < 1000000" >/dev/null
  echo "$first $count"
}

scale_consume() {  # size: consumes spread over every generated account, then pgbench's same transaction on them
  QUOTA_SPREAD_USERS=0 quota_prepare   # tools, durable commits, the service:quota_write token (and the hot bench account)
  local accounts first count
  accounts=$(scale_accounts) || exit 1
  read -r first count <<<"$accounts"
  if [[ " $SCALE_SCENARIOS " == *" consume "* ]]; then
    export ACCESS_TOKEN="$QUOTA_TOKEN" QUOTA_AMOUNT=1 EXPECT_BODY='"ledger_id"'
    echo "== $1.consume: JIT warm-up $QUOTA_JIT_WARMUP (not recorded), then $count accounts from $first"
    RUN_ID="j$(date +%s%N)" QUOTA_FIRST_USER=$first QUOTA_USERS=$count \
      wrk_run "$QUOTA_JIT_WARMUP" consume.lua "$QUOTA/api/quota/consume" "$OUT/$1.consume-jit.warmup.txt"
    sleep "$PAUSE"
    RUN_ID="s$(date +%s%N)" QUOTA_FIRST_USER=$first QUOTA_USERS=$count \
      run_wrk "$1.consume" consume.lua "$QUOTA/api/quota/consume" '"ledger_id"'
  fi
  if [[ " $SCALE_SCENARIOS " == *" pgbench "* ]]; then pgbench_consume "$1.pgbench" "$first" "$count"; fi
}

scale_revocation() {  # size: revocation propagation (RevocationLag.java) with the data set's rules present
  local rules platform_jar jar
  rules=$(quota_psql -c "SELECT count(*) FROM auth.revocation WHERE expires_at > now()")
  for jar in local-platform/target/local-platform-*.jar; do [[ $jar == *sources* ]] || platform_jar=$jar; done
  echo "== $1.revocation-lag: $SCALE_REVOCATION_TRIES tokens revoked (RFC 7009), $rules unexpired revocation rules"
  java -cp "$platform_jar:local-platform/target/lib/*" "$HERE/RevocationLag.java" "$CA" "$AUTH" "$TOKENS_FILE" \
    "$SCALE_REVOCATION_TRIES" "$USERINFO" "$QUOTA" | tee "$OUT/$1.revocation-lag.txt" \
    || { echo "revocation-lag failed (see $OUT/$1.revocation-lag.txt)" >&2; exit 1; }
  echo "$1.revocation-lag rules=$rules $(grep '^RESULT' "$OUT/$1.revocation-lag.txt" | cut -d' ' -f2-)" >> "$OUT/scale.txt"
}

scale_cache_gets() {  # the cache.gets counters of the three services: "<port>:<cache> <result> <count>" lines
  local base line cache result
  for base in "$AUTH" "$USERINFO" "$QUOTA"; do
    ccurl "$base/q/metrics" | grep '^cache_gets_total{' | while read -r line; do
      cache=$(sed -nE 's/.*[{,]cache="([^"]*)".*/\1/p' <<<"$line"); result=$(sed -nE 's/.*[{,]result="([^"]*)".*/\1/p' <<<"$line")
      echo "${base##*:}:$cache $result ${line##* }"
    done || true
  done
}

scale_cache_report() {  # name before-file after-file: hit rate of each cache that was used in between
  awk -v name="$1" 'FNR == NR { before[$1 " " $2] = $3; next }
    { d = $3 - before[$1 " " $2]; if ($2 == "hit") hit[$1] += d; else if ($2 == "miss") miss[$1] += d }
    END { for (c in hit) if (hit[c] + miss[c] > 0)
            printf "%s cache=%s hits=%d misses=%d hit_rate=%.3f\n", name, c, hit[c], miss[c], hit[c] / (hit[c] + miss[c]) }' \
    "$2" "$3" | tee -a "$OUT/scale-cache.txt"
}

scale_rss() {  # RSS per service JVM: the pid files LocalPlatform writes, else the platform's child processes
  local svc pid p
  for svc in auth-service userinfo-service account-quota-service; do
    pid=$(cat ".local/logs/$svc.pid" 2>/dev/null || true)
    if [ -z "$pid" ]; then
      for p in $(pgrep -P "$STARTED_PID" || true); do
        tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q "$svc/target" && pid=$p
      done
    fi
    if [ -n "$pid" ]; then echo "$svc rss_mib=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)"; fi
  done | tee "$OUT/scale-rss.txt"
}

scale_tables() {  # the 10 largest tables of the platform's database
  quota_psql -F' ' -c "SELECT n.nspname || '.' || c.relname, pg_size_pretty(pg_total_relation_size(c.oid)),
      greatest(c.reltuples, 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 10" | tee "$OUT/scale-tables.txt"
}

scale_size() {  # size: one platform: data, users, every scenario; after the large runs RSS, tables, plans
  local s before after users
  echo; echo "==== $1 data set"
  scale_start "$1"
  scale_dataset "$1"
  SCALE_APPID=$(quota_psql -c "SELECT appid FROM auth.app WHERE client_id = '$CLIENT_ID'")
  users=$(field "$(cat "$OUT/$1.dataset.txt")" users)
  scale_users "$1" $(( SCALE_TOKEN_USERS < ${users:-0} ? SCALE_TOKEN_USERS : ${users:-0} ))
  before=$(mktemp) after=$(mktemp)
  for s in oidc seed000 seed001 seed002 seed004 introspect authcode consume revocation; do
    [[ " $SCALE_SCENARIOS " == *" $s "* ]] || { [ "$s" = consume ] && [[ " $SCALE_SCENARIOS " == *" pgbench "* ]]; } || continue
    scale_cache_gets > "$before"
    case $s in
      authcode) scale_authcode "$1" ;;
      consume) scale_consume "$1" ;;
      revocation) scale_revocation "$1" ;;
      *) scale_read "$1" "$s" ;;
    esac
    scale_cache_gets > "$after"
    scale_cache_report "$1.$s" "$before" "$after"
  done
  rm -f "$before" "$after"
  if [ "$1" = large ]; then
    echo "== RSS per service after the large runs"; scale_rss
    echo "== the 10 largest tables"; scale_tables
    if [ "$SCALE_EXPLAIN" = 1 ]; then explain_capture; fi
  fi
  stop_platform
}

run_scale() {
  local size
  for size in $SCALE_SIZES; do scale_size "$size"; done
}

scale_median() {  # name key: the median of key over name's measured runs in summary.txt ("name" or "name#<i>")
  awk -v n="$1" -v k="$2" '{ split($1, a, "#"); if (a[1] != n) next
      for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k && kv[2] != "-") v[c++] = kv[2] + 0 } }
    END { if (!c) exit; for (i = 1; i < c; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
          printf "%.1f", c % 2 ? v[int(c / 2)] : (v[c / 2 - 1] + v[c / 2]) / 2 }' "$OUT/summary.txt"
}

scale_report() {  # the scale table (also $OUT/scale-table.txt)
  local s key small large p99 ratio target l r
  echo
  echo "scale table: medians of the measured runs (REPEATS), small = .local/postgres + $SCALE_SMALL_ARGS,"
  echo "large = $SCALE_DATA_DIR ($SCALE_USERS users, $SCALE_LEDGER_ROWS ledger rows, $SCALE_REVOCATIONS revocation rules)"
  printf "%-16s %12s %12s %12s %13s  %s\n" scenario "small req/s" "large req/s" large/small "large p99 ms" target
  for s in oidc seed000 seed001 seed002 seed004 introspect authcode consume pgbench; do
    key=rps; [ "$s" = authcode ] && key=trips_rps
    small=$(scale_median "small.$s" "$key"); large=$(scale_median "large.$s" "$key"); p99=$(scale_median "large.$s" p99_ms)
    [ -n "$small$large" ] || continue
    ratio=$(awk -v a="$large" -v b="$small" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else printf "-" }')
    case $s in
      oidc|seed*) target=$(awk -v r="$ratio" -v p="$p99" 'BEGIN { print (r != "-" && r >= 0.5 && p != "" && p <= 50) ? "met (>= 0.50, p99 <= 50 ms)" : "MISSED (>= 0.50, p99 <= 50 ms)" }') ;;
      authcode) target=$(awk -v r="$ratio" 'BEGIN { print (r != "-" && r >= 0.8) ? "met (>= 0.80; round trips/s)" : "MISSED (>= 0.80; round trips/s)" }') ;;
      *) target="" ;;
    esac
    printf "%-16s %12s %12s %12s %13s  %s\n" "$s" "${small:--}" "${large:--}" "$ratio" "${p99:--}" "$target"
  done
  small=$(field "$(grep -s '^small.revocation-lag ' "$OUT/scale.txt")" lag_p50_ms)
  large=$(field "$(grep -s '^large.revocation-lag ' "$OUT/scale.txt")" lag_p50_ms)
  if [ -n "$small$large" ]; then
    printf "%-16s %12s %12s %12s %13s  %s\n" "" "small ms" "large ms" large/small "large max ms" "(median of $SCALE_REVOCATION_TRIES tries)"
    printf "%-16s %12s %12s %12s %13s\n" revocation-lag "${small:--}" "${large:--}" \
      "$(awk -v a="$large" -v b="$small" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else printf "-" }')" \
      "$(field "$(grep -s '^large.revocation-lag ' "$OUT/scale.txt")" lag_max_ms)"
  fi
  l=$(scale_median large.consume rps); r=$(scale_median large.pgbench rps)
  if [ -n "$l" ] && [ -n "$r" ]; then
    awk -v a="$l" -v b="$r" 'BEGIN { if (b > 0) printf "consume : pgbench on the large data   %10.1f / %10.1f = %.2f  %s\n", a, b, a / b,
      (a / b >= 0.8 ? "met (>= 0.80)" : "MISSED (>= 0.80)") }'
  fi
  for s in $SCALE_SIZES; do
    [ -s "$OUT/$s.dataset.txt" ] && echo "generator $s: $(cut -d' ' -f2- "$OUT/$s.dataset.txt")"
  done
  [ -s "$OUT/scale-rss.txt" ] && echo "RSS after the large runs (target <= 300 MiB): $(tr '\n' ' ' < "$OUT/scale-rss.txt")"
  [ -s "$OUT/scale-tables.txt" ] && { echo "largest tables (large data): name size rows"; sed 's/^/  /' "$OUT/scale-tables.txt"; }
  [ -s "$OUT/scale-cache.txt" ] && { echo "cache hit rates per scenario:"; sed 's/^/  /' "$OUT/scale-cache.txt"; }
  [ -s "$OUT/explain/index.txt" ] && { echo "plans: $OUT/explain/ (index.txt; SEQ flags a sequential scan on a table over $EXPLAIN_SEQ_ROWS rows)"; }
  return 0
}

scale_cleanup() {  # at exit: plans no longer logged, and the sessions and tokens (secrets) removed
  [ -n "$EXPLAIN_ON" ] && [ -n "${STARTED_PID:-}" ] && explain_off 2>/dev/null
  [ -n "$SCALE_PRIVATE" ] && rm -rf "$SCALE_PRIVATE"
  return 0
}
