-- A Zipf sampler for the wrk scripts: the lines of a file, line k drawn with probability proportional to k^-s (as
-- pgbench's random_zipfian draws). Loaded by the scripts with package.path pointing at bench/lib (the benchmarks run
-- from the repository root).
local zipf = {}

-- Returns the file's lines and a function that draws the index of one of them.
function zipf.load(file, s)
  local items, cdf, total = {}, {}, 0
  for line in io.lines(file) do
    items[#items + 1] = line
  end
  for k = 1, #items do
    total = total + k ^ (-s)
    cdf[k] = total
  end
  for k = 1, #items do
    cdf[k] = cdf[k] / total
  end
  local function draw()
    local u = math.random()
    local lo, hi = 1, #items
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    return lo
  end
  return items, draw
end

return zipf
