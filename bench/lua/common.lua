-- Shared by every scenario. Counts, per wrk thread, the responses that are not 2xx or whose body lacks
-- EXPECT_BODY (if set), keeps the first such response as a sample, and prints one machine-readable
-- RESULT line in done() that bench/run.sh parses. wrk runs one Lua state per thread, so the counters
-- are per-thread globals that done() sums via thread:get().
local threads = {}
-- tid: 1, 2, ... per wrk thread, e.g. to seed each thread's random numbers apart
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end

local expect = os.getenv("EXPECT_BODY") or ""

-- trips: completed multi-request operations (authcode.lua: token 200s), reported when a script counts them.
function init(args) bad = 0; first_bad = ""; trips = 0 end

-- Counts one unexpected response; scripts with their own response() call it too.
function record_bad(status, text)
  bad = bad + 1
  if first_bad == "" then first_bad = status .. " " .. string.sub(text or "", 1, 160) end
end

function response(status, headers, body)
  if status < 200 or status > 299 or (expect ~= "" and not string.find(body or "", expect, 1, true)) then
    record_bad(status, body)
  end
end

function done(summary, latency, requests)
  local nbad, ntrips, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    nbad = nbad + t:get("bad")
    ntrips = ntrips + (t:get("trips") or 0)
    local fb = t:get("first_bad")
    if sample == "" and fb ~= "" then sample = fb end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6          -- wrk reports microseconds
  -- e.status counts non-2xx/3xx as seen by wrk itself; "bad" is our stricter count (2xx + expected body).
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d sockerr=%d timeouts=%d",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, nbad,
    e.connect + e.read + e.write, e.timeout))
  -- round trips (authcode.lua) go on the same line, after the fields every scenario has
  if ntrips > 0 then io.write(string.format(" trips=%d trips_rps=%.1f", ntrips, ntrips / secs)) end
  io.write("\n")
  if sample ~= "" then io.write("FIRST_BAD " .. sample:gsub("\n", " ") .. "\n") end
end
