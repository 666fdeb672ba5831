-- The authorization-code round trip with PKCE S256, as an app does it once the user is signed in and has
-- consented (bench/auth.sh sets both up): GET /oauth2/authorize with the user's session cookie -> 303 whose
-- Location carries a code -> POST /oauth2/token (grant_type=authorization_code, client_secret_basic) -> 200.
-- request() sends a token POST when this thread holds an unredeemed code, else an authorize GET; response() queues
-- the code from each redirect. wrk calls request() for a connection only after response() of its previous answer,
-- so every connection alternates GET, POST, GET, ... A round trip (global "trips", summed in common.lua's done())
-- is one token 200 carrying an access token. Anything else (another status, a redirect without a code, e.g.
-- error=server_error, a 200 without access_token) counts as bad.
-- Env: AUTHORIZE_PATH (path and query without state), SESSION_COOKIE, BASIC_AUTH, REDIRECT_URI_ENC, CODE_VERIFIER.
-- With SESSIONS_FILE (bench/scale.sh: lines "<user id> <__Host-session value>", each user signed in with consent
-- remembered) instead of SESSION_COOKIE, each thread cycles over those sessions from a random start: one user after
-- another, so the round trips are spread over many users.
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"

local authorize_path = os.getenv("AUTHORIZE_PATH")
local authorize_headers = { ["Cookie"] = "__Host-session=" .. (os.getenv("SESSION_COOKIE") or "") }
local sessions_file = os.getenv("SESSIONS_FILE") or ""
local token_headers = {
  ["Authorization"] = os.getenv("BASIC_AUTH"),
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local token_body = "grant_type=authorization_code&redirect_uri=" .. os.getenv("REDIRECT_URI_ENC")
  .. "&code_verifier=" .. os.getenv("CODE_VERIFIER") .. "&code="

local common_setup, common_init = setup, init
local next_tid = 0
function setup(thread)
  common_setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
end
function init(args)
  common_init(args)
  codes = {}     -- codes received and not yet redeemed, this thread
  n = 0
  cookies = {}
  if sessions_file ~= "" then
    for line in io.lines(sessions_file) do
      local cookie = string.match(line, "^%S+ (%S+)$")
      if cookie then table.insert(cookies, "__Host-session=" .. cookie) end
    end
    math.randomseed(os.time() * 100 + tid)
    next_cookie = math.random(#cookies)
  end
end

function request()
  local code = table.remove(codes)
  if code then
    return wrk.format("POST", "/oauth2/token", token_headers, token_body .. code)
  end
  n = n + 1
  local headers = authorize_headers
  if #cookies > 0 then
    headers = { ["Cookie"] = cookies[next_cookie] }
    next_cookie = next_cookie % #cookies + 1
  end
  return wrk.format("GET", authorize_path .. "&state=b" .. tid .. "-" .. n, headers)
end

local function location(headers)
  for k, v in pairs(headers) do
    if string.lower(k) == "location" then return v end
  end
  return ""
end

function response(status, headers, body)
  if status == 302 or status == 303 then
    local loc = location(headers)
    local code = string.match(loc, "[?&]code=([^&]+)")
    if code then table.insert(codes, code); return end
    record_bad(status, "Location: " .. loc)
  elseif status == 200 and string.find(body or "", '"access_token"', 1, true) then
    trips = trips + 1
  else
    record_bad(status, body)
  end
end
