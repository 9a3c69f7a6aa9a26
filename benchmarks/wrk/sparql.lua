-- wrk script: SPARQL 1.1 protocol queries by GET, the query URL-encoded in the path.
--
--   wrk -t1 -c1 -d10s --latency -s sparql.lua http://127.0.0.1:PORT/sparql -- QUERY_FILE ACCEPT [IRI_FILE]
--
-- QUERY_FILE  the query text, sent as it is (same bytes to every contender).
-- ACCEPT      the Accept header, e.g. application/sparql-results+json or application/n-triples.
-- IRI_FILE    optional: one IRI per line; QUERY_FILE then holds the placeholder {{IRI}}, and every
--             request takes one of these IRIs at random (seeded per thread: the same sequence on every
--             run), so no cache of one answer can carry the run.
--
-- done() prints one line "WRK_JSON {...}" with counts and latency percentiles in microseconds,
-- which benchmarks/sparql_endpoint.py reads; wrk's own --latency table is printed above it.

local paths = {}
local headers = {}
local thread_counter = 0

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function read_all(name)
  local file = assert(io.open(name, "rb"), "cannot open " .. name)
  local text = file:read("*a")
  file:close()
  return text
end

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function init(args)
  local query = read_all(args[1])
  headers["Accept"] = args[2]
  local base = wrk.path .. "?query="
  if args[3] then
    for iri in io.lines(args[3]) do
      if iri ~= "" then
        local text = query:gsub("{{IRI}}", function() return "<" .. iri .. ">" end)
        paths[#paths + 1] = base .. urlencode(text)
      end
    end
  else
    paths[1] = base .. urlencode(query)
  end
  math.randomseed(thread_id or 1)
end

function request()
  local path = paths[1]
  if #paths > 1 then
    path = paths[math.random(#paths)]
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
