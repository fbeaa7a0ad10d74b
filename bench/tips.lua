-- wrk script of bench/tips_bench.sh: POST /api/v1/posts/<id>/tips with a fresh Idempotency-Key
-- per request, from the tokens in TIPS_TOKENS (comma-separated; round robin: one token = one
-- hot wallet, many tokens = many wallets). Counts the answers by status.
local tokens = {}
for t in string.gmatch(os.getenv("TIPS_TOKENS") or "", "[^,]+") do tokens[#tokens + 1] = t end
local post = os.getenv("TIPS_POST") or "1"
local amount = os.getenv("TIPS_AMOUNT") or "0.01"
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  threads[#threads + 1] = thread
end

function init(args)
  n = 0
  statuses = {}
  body = '{"asset":"PTS","amount":"' .. amount .. '"}'
  path = "/api/v1/posts/" .. post .. "/tips"
  run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))
end

function request()
  n = n + 1
  local token = tokens[(n + tid) % #tokens + 1]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. tid .. "-" .. n,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do all[k] = (all[k] or 0) + v end
  end
  for k, v in pairs(all) do io.write(string.format("status %d: %d\n", k, v)) end
  io.write(string.format("p50 %.2f ms, p99 %.2f ms\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
