-- GET /whoami with a bearer token fetched by run.sh just before the scenario (tokens live 10 minutes).
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ACCESS_TOKEN")
