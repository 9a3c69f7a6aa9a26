-- wrk script: a mixed read load, round robin over a list of requests.
--
--   wrk -t2 -c64 -d30s --timeout 2s --latency -s mixed.lua http://127.0.0.1:PORT -- REQUEST_FILE
--
-- REQUEST_FILE  one request a line: "PATH<TAB>ACCEPT" (PATH with its query string, already URL-encoded).
--               Each thread starts at its own place in the list and takes the next one for every request,
--               so that at any moment every kind of request is in flight.
--
-- done() prints one line "WRK_JSON {...}" with counts (non-2xx answers are wrk's status errors) and
-- latency percentiles in microseconds; benchmarks/mixed_load.py reads it.

local requests = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    local path, accept = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if accept ~= "" then headers["Accept"] = accept end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  nxt = (id or 1) - 1
end

function request()
  nxt = nxt % #requests + 1
  return requests[nxt]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
