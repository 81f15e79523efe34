-- wrk: a personalized feed GET per request, as a viewer drawn from a Zipf distribution over the seeded users (user k
-- with probability proportional to k^-s, as pgbench's random_zipfian draws them), signed in with that user's token.
--   wrk -s bench/feed/zipf-feed.lua URL   with environment TOKENS (file, line k = user k), ZIPF_S, FEED_PATH
local tokens = {}
local cdf = {}
local n = 0
local path = os.getenv("FEED_PATH") or "/v1/feed?type=following&limit=20"

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    n = n + 1
    tokens[n] = line
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
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
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

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[draw()] })
end
