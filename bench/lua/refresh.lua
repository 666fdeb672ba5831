-- POST /oauth2/token, grant_type=refresh_token, client_secret_basic, with rotation: every refresh token is
-- single-use (presenting a rotated one again revokes its whole family), so each connection keeps its own chain.
-- bench/auth.sh writes at least CONNS fresh refresh tokens, one per line, to REFRESH_TOKENS_FILE; setup() deals
-- them round-robin to the THREADS threads; request() takes one from this thread's queue and response() queues the
-- refresh_token of each 200. Any other answer counts as bad (and that chain ends).
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"

local headers = {
  ["Authorization"] = os.getenv("BASIC_AUTH"),
  ["Content-Type"] = "application/x-www-form-urlencoded",
}

local common_setup, common_init = setup, init
local dealt, nthreads, tokens = 0, tonumber(os.getenv("THREADS") or "1"), nil
function setup(thread)
  common_setup(thread)
  if tokens == nil then
    tokens = {}
    for line in io.lines(os.getenv("REFRESH_TOKENS_FILE")) do
      if line ~= "" then table.insert(tokens, line) end
    end
  end
  local mine = {}
  for i = dealt + 1, #tokens, nthreads do table.insert(mine, tokens[i]) end
  dealt = dealt + 1
  thread:set("seed", table.concat(mine, " "))
end
function init(args)
  common_init(args)
  queue = {}
  for t in string.gmatch(seed, "%S+") do table.insert(queue, t) end
end

function request()
  local token = table.remove(queue, 1)
  if token == nil then
    -- Should not happen (one token per connection, each 200 brings the next); the 400 this gets is counted too.
    record_bad(0, "no refresh token left in this thread's queue (a chain ended)")
    token = "none"
  end
  return wrk.format("POST", "/oauth2/token", headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, hdrs, body)
  local next_token = status == 200 and string.match(body or "", '"refresh_token":"([^"]+)"')
  if next_token and string.find(body, '"access_token"', 1, true) then
    table.insert(queue, next_token)
  else
    record_bad(status, body)
  end
end
