-- A distinct message:send hook per request, as ../shared/bench/wrk-message-send.lua sends, with two
-- changes: each wrk thread gets its own id from setup() (in the shared script every thread's Lua
-- state draws the same "random" id, so two threads send the same hooks), and the message text can be
-- padded so that each body weighs about PAYLOAD_BYTES bytes.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local size = tonumber(os.getenv("PAYLOAD_BYTES") or "0")
local padding = string.rep("x", math.max(0, size - 500))
local run = os.time() % 100000
local n = 0
request = function()
  n = n + 1
  local ts = 1506985696616 + n
  local fp = (run * 100 + tid) * 10000000 + n
  local body = string.format('{"website_id":"42286ab3-b29a-4fde-8538-da0ae501d825","event":"message:send","data":{"website_id":"42286ab3-b29a-4fde-8538-da0ae501d825","session_id":"session_36ba3566-9651-4790-afc8-ffedbccc317f","type":"text","content":"Hey :) %d%s","from":"user","origin":"chat","stamped":true,"timestamp":%d,"fingerprint":%d,"user":{"nickname":"visitor493603","user_id":"session_36ba3566-9651-4790-afc8-ffedbccc317f"}},"timestamp":%d}', n, padding, ts, fp, ts)
  return wrk.format(nil, nil, nil, body)
end
