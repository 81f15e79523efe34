-- wrk: a personalized feed GET per request, as a viewer drawn from a Zipf distribution over the seeded users (user k
-- with probability proportional to k^-s, as pgbench's random_zipfian draws them), signed in with that user's token.
--   wrk -s bench/feed/zipf-feed.lua URL   with environment TOKENS (file, line k = user k), ZIPF_S, FEED_PATH
package.path = "bench/lib/?.lua;" .. package.path
local zipf = require("zipf")
local tokens, draw
local path = os.getenv("FEED_PATH") or "/v1/feed?type=following&limit=20"

function init(args)
  tokens, draw = zipf.load(os.getenv("TOKENS"), tonumber(os.getenv("ZIPF_S") or "1.1"))
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[draw()] })
end
