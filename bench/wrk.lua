-- Used by bench/serving.py. BENCH_VARY=1 gives every request an address of its own (?n=…), so
-- none is answered from the page cache; the portal ignores parameters it does not know.
local vary = os.getenv("BENCH_VARY") == "1"
local run = tostring(os.time()) .. tostring(math.random(1000000))
local counter = 0

-- Without a request function wrk sends its one prepared request itself; calling into Lua for
-- each request took CPU from the server under test (the two share this machine's cores).
if vary then
  request = function()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "n=" .. run .. "-" .. counter)
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.3f %.3f %.3f %d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, bad))
end
