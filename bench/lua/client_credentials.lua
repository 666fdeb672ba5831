-- POST /oauth2/token, grant_type=client_credentials, client authenticated with HTTP Basic
-- (client_secret_basic). BASIC_AUTH is the complete header value, computed by run.sh.
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BASIC_AUTH")
wrk.body = "grant_type=client_credentials"
