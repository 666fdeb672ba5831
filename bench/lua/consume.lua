-- POST /api/quota/consume (account-quota-service), for bench/quota.sh. One hot account (QUOTA_USERS=1) or
-- QUOTA_USERS accounts from QUOTA_FIRST_USER picked at random. Every request carries a fresh idempotency_key
-- (RUN_ID, wrk thread, counter), so each one is a real debit, never a replay.
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
require "common"

local first_user = tonumber(os.getenv("QUOTA_FIRST_USER"))
local users = tonumber(os.getenv("QUOTA_USERS") or "1")
local amount = os.getenv("QUOTA_AMOUNT") or "1"
local run_id = os.getenv("RUN_ID") or tostring(os.time())
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("ACCESS_TOKEN"),
  ["Content-Type"] = "application/json",
}

local common_setup, common_init = setup, init
local next_tid = 0
function setup(thread)
  common_setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
end
function init(args)
  common_init(args)
  counter = 0
  -- The warm-up and the measured run share RUN_ID but start seconds apart: the start time keeps their keys apart,
  -- so the measured run never replays (hot) or collides with (spread) a warm-up debit.
  started = os.time()
  math.randomseed(started + tid * 7919)
end

function request()
  counter = counter + 1
  local user = first_user
  if users > 1 then user = first_user + math.random(0, users - 1) end
  local body = string.format('{"user_id":%d,"amount":%s,"idempotency_key":"%s-%d-%d-%d","reason":"bench"}',
    user, amount, run_id, started, tid, counter)
  return wrk.format("POST", nil, headers, body)
end
