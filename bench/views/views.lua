-- wrk: one POST /v1/views per request, as an anonymous client of a fresh session (22 random url-safe characters)
-- reporting EVENTS views (50 by default) of distinct videos drawn from a Zipf distribution over the seeded videos
-- (video k with probability proportional to k^-s), each watched 3 to 30 s, so every event is a view that counts.
--   wrk -s bench/views/views.lua URL   with environment VIDEOS (file, one video id per line), ZIPF_S, EVENTS
local ids = {}
local cdf = {}
local n = 0
local events = tonumber(os.getenv("EVENTS") or "50")
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  for line in io.lines(os.getenv("VIDEOS")) do
    n = n + 1
    ids[n] = line
  end
  local s = tonumber(os.getenv("ZIPF_S") or "1.1")
  local total = 0
  for k = 1, n do
    total = total + k ^ (-s)
    cdf[k] = total
  end
  for k = 1, n do
    cdf[k] = cdf[k] / total
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + tonumber(tostring({}):match("0x(%x+)"), 16))
end

local function draw()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
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
