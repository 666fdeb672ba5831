# shellcheck shell=bash
# User-grant scenarios of bench/run.sh (sourced by it; uses its run_wrk, ccurl, OUT, AUTH, CLIENT_ID, ...):
#   authcode  GET /oauth2/authorize (signed in, consent remembered) -> 303 with a code -> POST /oauth2/token
#             grant_type=authorization_code with PKCE S256, client_secret_basic (lua/authcode.lua)
#   refresh   POST /oauth2/token grant_type=refresh_token with rotation, one chain per connection (lua/refresh.lua)
# Set-up, with curl, once per bench run: BENCH_USER signs in through the login form (GET /login for the
# __Host-login cookie and the csrf field, POST /login -> 303 with __Host-session), then one authorization request
# shows the consent page and is approved, so consent is remembered and later requests redirect at once. The
# refresh scenario gets fresh refresh tokens (one authorization-code round trip each) before each of its wrk runs.
BENCH_USER="${BENCH_USER:-alice}"; BENCH_PASSWORD="${BENCH_PASSWORD:-alice-password}"
REDIRECT_URI="${REDIRECT_URI:-http://127.0.0.1:8765/callback}"
AUTH_SCOPE="${AUTH_SCOPE:-openid profile offline_access}"
# A fixed PKCE verifier (RFC 7636 §4.1: 43-128 unreserved characters) and its S256 challenge.
CODE_VERIFIER=bench-pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz
urlenc() { local s=$1 out="" c i; for ((i = 0; i < ${#s}; i++)); do c=${s:i:1}
  case $c in [A-Za-z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac; done; printf %s "$out"; }
html_unescape() { sed -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e "s/&#x27;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'; }
hidden_field() { grep -o "name=\"$1\" value=\"[^\"]*\"" | head -1 | sed -E 's/.*value="([^"]*)"/\1/' | html_unescape; }
# From a curl -D header dump: the status, a header's value, a cookie's value.
hdr_status() { head -1 "$1" | cut -d' ' -f2; }
hdr_value() { grep -i "^$2:" "$1" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
hdr_cookie() { grep -i "^set-cookie: $2=" "$1" | head -1 | sed -E 's/^[^=]*=([^;]*).*/\1/' | tr -d '\r'; }

auth_params() {  # scope: the authorization request and client credentials the Lua scripts read (no sign-in)
  CODE_CHALLENGE=$(printf %s "$CODE_VERIFIER" | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
  REDIRECT_URI_ENC=$(urlenc "$REDIRECT_URI")
  AUTHORIZE_PATH="/oauth2/authorize?response_type=code&client_id=$(urlenc "$CLIENT_ID")&redirect_uri=$REDIRECT_URI_ENC"
  AUTHORIZE_PATH+="&scope=$(urlenc "$1")&code_challenge=$CODE_CHALLENGE&code_challenge_method=S256"
  BASIC_AUTH="Basic $(printf '%s:%s' "$(urlenc "$CLIENT_ID")" "$(urlenc "$CLIENT_SECRET")" | base64 -w0)"
  export AUTHORIZE_PATH REDIRECT_URI_ENC CODE_VERIFIER BASIC_AUTH
}

auth_prepare() {  # once per run: sign in, approve consent; sets SESSION_COOKIE and the exports the Lua scripts read
  [ -n "${AUTH_PREPARED:-}" ] && return 0
  local hdr="$OUT/auth-setup.headers" page csrf login_cookie status loc
  auth_params "$AUTH_SCOPE"
  echo "auth: signing $BENCH_USER in through the login form"
  page=$(ccurl -D "$hdr" "$AUTH/login")
  login_cookie=$(hdr_cookie "$hdr" __Host-login); csrf=$(hidden_field csrf <<<"$page")
  [ -n "$login_cookie" ] && [ -n "$csrf" ] || { echo "GET /login gave no __Host-login cookie or csrf field" >&2; exit 1; }
  ccurl -D "$hdr" -o /dev/null -H "Cookie: __Host-login=$login_cookie" --data-urlencode "csrf=$csrf" \
    --data-urlencode "login=$BENCH_USER" --data-urlencode "password=$BENCH_PASSWORD" "$AUTH/login"
  SESSION_COOKIE=$(hdr_cookie "$hdr" __Host-session)
  status=$(hdr_status "$hdr")
  [ "$status" = 303 ] && [ -n "$SESSION_COOKIE" ] || { echo "POST /login: $status without a session (wrong BENCH_PASSWORD?)" >&2; exit 1; }
  # the session cookie as a curl header file (not on command lines); auth_cleanup removes it
  printf 'Cookie: __Host-session=%s\n' "$SESSION_COOKIE" > "$OUT/auth-cookie.header"
  export SESSION_COOKIE

  # The first authorization request shows the consent page (unless this user already consented: a reused platform).
  page=$(ccurl -D "$hdr" -H "@$OUT/auth-cookie.header" "$AUTH$AUTHORIZE_PATH&state=setup")
  status=$(hdr_status "$hdr")
  if [ "$status" = 200 ]; then
    echo "auth: approving the consent page for $CLIENT_ID, scope \"$AUTH_SCOPE\""
    ccurl -D "$hdr" -o /dev/null -H "@$OUT/auth-cookie.header" \
      --data-urlencode "csrf=$(hidden_field csrf <<<"$page")" --data-urlencode "request=$(hidden_field request <<<"$page")" \
      --data-urlencode "dialect=$(hidden_field dialect <<<"$page")" --data-urlencode decision=allow \
      "$AUTH/oauth2/authorize/decision"
    status=$(hdr_status "$hdr")
  fi
  loc=$(hdr_value "$hdr" location)
  [[ $status == 30[23] && $loc == *[?\&]code=* ]] || { echo "consent: $status, Location: ${loc:-none}" >&2; exit 1; }
  rm -f "$hdr"   # it held the session cookie
  AUTH_PREPARED=1
}

auth_code() {  # one authorization request with the session: the code from the redirect
  auth_codes 1
}

auth_codes() {  # n: n codes, one per line, from n authorization requests over one connection
  local i line loc
  for ((i = 0; i < $1; i++)); do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$AUTH$AUTHORIZE_PATH&state=s$i"
  done | ccurl -K - -H "@$OUT/auth-cookie.header" -w '%{http_code} %{redirect_url}\n' | while read -r line; do
    loc=${line#* }
    [[ $line == 30[23]\ * && $loc == *[?\&]code=* ]] || { echo "authorization request: $line" >&2; exit 1; }
    sed -E 's/.*[?&]code=([^&]*).*/\1/' <<<"$loc"
  done
}

auth_redeem() {  # codes on stdin, one per line -> the token endpoint's JSON answers, one per line (one connection)
  local code first=1
  while read -r code; do
    [ -n "$first" ] || echo next
    first=""
    printf 'cacert = "%s"\nmax-time = 10\nurl = "%s"\nheader = "Authorization: %s"\nwrite-out = "\\n"\n' \
      "$CA" "$AUTH/oauth2/token" "$BASIC_AUTH"
    printf 'data = "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s"\n' \
      "$code" "$REDIRECT_URI_ENC" "$CODE_VERIFIER"
  done | curl -s -K -
}

run_authcode() {
  auth_prepare
  local code resp
  code=$(auth_code) || exit 1
  resp=$(auth_redeem <<<"$code" || true)
  [[ $resp == *'"access_token"'* ]] || { echo "authcode precheck failed on $AUTH/oauth2/token: $resp" >&2; exit 1; }
  run_wrk authcode authcode.lua "$AUTH/oauth2/authorize" '"access_token"'
}

refresh_tokens() {  # before each refresh run: 2 x CONNS fresh refresh tokens (the previous run's chains are spent)
  local n=$((2 * CONNS)) codes
  export REFRESH_TOKENS_FILE="$OUT/refresh-tokens.txt"
  codes=$(auth_codes "$n") || exit 1
  auth_redeem <<<"$codes" | sed -nE 's/.*"refresh_token":"([^"]+)".*/\1/p' > "$REFRESH_TOKENS_FILE"
  [ "$(wc -l < "$REFRESH_TOKENS_FILE")" = "$n" ] || {
    echo "got $(wc -l < "$REFRESH_TOKENS_FILE") of $n refresh tokens (scope \"$AUTH_SCOPE\" needs offline_access)" >&2; exit 1; }
}

run_refresh() {
  auth_prepare
  export THREADS
  echo "refresh: $((2 * CONNS)) refresh tokens (one authorization-code round trip each) before each run"
  WRK_PREPARE=refresh_tokens run_wrk refresh refresh.lua "$AUTH/oauth2/token" '"refresh_token"'
}

auth_cleanup() {  # at exit: the session cookie and unspent refresh tokens are secrets
  [ -n "${OUT:-}" ] && rm -f "$OUT/auth-cookie.header" "$OUT/refresh-tokens.txt" "$OUT/auth-setup.headers"
  return 0
}
