-- wrk: each connection waits PACE_MS milliseconds after a response before it sends its next request, so the load is a
-- fixed offered rate (about connections / (PACE_MS + latency) per second) instead of as fast as the server answers.
-- At saturation the p99 a closed loop reports is mostly the queue of its own connections and the scheduling of the
-- load generator's threads; paced, it is the time a request takes when the server has headroom.
--   wrk -s bench/feed/paced.lua URL   with environment PACE_MS
local pace = tonumber(os.getenv("PACE_MS") or "2")

function delay()
  return pace
end
