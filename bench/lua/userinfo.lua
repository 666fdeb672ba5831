-- userinfo scenarios (bench/userinfo.sh): one request shape per run, set by the environment.
--   UI_METHOD (GET), UI_AUTH (Authorization header value, optional), UI_APP_ID (X-App-Id, optional),
--   UI_BODY (request body, optional; sent as application/json)
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
  wrk.headers["Content-Type"] = "application/json"
end
