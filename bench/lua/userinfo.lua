-- userinfo scenarios (bench/userinfo.sh): one request shape per run, set by the environment.
--   UI_METHOD (GET), UI_AUTH (Authorization header value, optional), UI_APP_ID (X-App-Id, optional),
--   UI_BODY (request body, optional; sent as UI_CTYPE, default application/json)
-- With TOKENS_FILE (bench/scale.sh: lines "<user id> <email> <access token>") every request is for a user drawn
-- uniformly from the file: {uid}, {email} and {token} in UI_PATH (path and query), UI_AUTH and UI_BODY are replaced
-- by that user's values, so the service meets many users (cache misses, cold pages) instead of one.
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"
wrk.method = os.getenv("UI_METHOD") or "GET"
local auth = os.getenv("UI_AUTH") or ""
if auth ~= "" then wrk.headers["Authorization"] = auth end
local app = os.getenv("UI_APP_ID") or ""
if app ~= "" then wrk.headers["X-App-Id"] = app end
local body = os.getenv("UI_BODY") or ""
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = os.getenv("UI_CTYPE") or "application/json"
end

local tokens_file = os.getenv("TOKENS_FILE") or ""
if tokens_file ~= "" then
  local path = os.getenv("UI_PATH") or "/"
  local common_init = init
  function init(args)
    common_init(args)
    users = {}
    for line in io.lines(tokens_file) do
      local uid, email, token = string.match(line, "^(%S+) (%S+) (%S+)$")
      if uid then table.insert(users, { ["{uid}"] = uid, ["{email}"] = email, ["{token}"] = token }) end
    end
    math.randomseed(os.time() * 100 + tid)
  end
  function request()
    local user = users[math.random(#users)]
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = string.gsub(v, "{%a+}", user) end
    return wrk.format(nil, string.gsub(path, "{%a+}", user), headers, body ~= "" and string.gsub(body, "{%a+}", user) or nil)
  end
end
