-- wrk: one POST /v1/views per request, as an anonymous client of a fresh session (22 random url-safe characters)
-- reporting EVENTS views (50 by default) of distinct videos drawn from a Zipf distribution over the seeded videos
-- (video k with probability proportional to k^-s), each watched 3 to 30 s, so every event is a view that counts.
--   wrk -s bench/views/views.lua URL   with environment VIDEOS (file, one video id per line), ZIPF_S, EVENTS
package.path = "bench/lib/?.lua;" .. package.path
local zipf = require("zipf")
local ids, draw
local events = tonumber(os.getenv("EVENTS") or "50")
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  ids, draw = zipf.load(os.getenv("VIDEOS"), tonumber(os.getenv("ZIPF_S") or "1.1"))
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + tonumber(tostring({}):match("0x(%x+)"), 16))
end

local function session()
  local chars = {}
  for i = 1, 22 do
    local c = math.random(1, 64)
    chars[i] = alphabet:sub(c, c)
  end
  return table.concat(chars)
end

function request()
  local parts = {}
  local seen = {}
  local count = 0
  while count < events do
    local k = draw()
    if not seen[k] then
      seen[k] = true
      count = count + 1
      parts[count] = '{"videoId":"' .. ids[k] .. '","watchMs":' .. math.random(3000, 30000) .. '}'
    end
  end
  local body = '{"sessionId":"' .. session() .. '","events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/v1/views", headers, body)
end
