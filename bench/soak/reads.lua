-- wrk script for bench/soak: each request is drawn at random from the file named by $SOAK_PATHS, one per line:
--   page /people/ID        an HTML page, sent with the session cookie ($SOAK_COOKIE)
--   api /api/v1/people/ID  the JSON API, sent with the bearer token ($SOAK_TOKEN)
-- A path repeated in the file is drawn more often. Every status is counted; done() prints one JSON line
-- ("SOAK-WRK {...}") with the requests, the statuses, wrk's own errors and the latency percentiles.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter * 7919)
  table.insert(threads, thread)
end

function init(args)
  local cookie = os.getenv("SOAK_COOKIE")
  local token = os.getenv("SOAK_TOKEN")
  prepared = {}
  statuses = {}
  for line in io.lines(os.getenv("SOAK_PATHS")) do
    local kind, path = line:match("^(%S+)%s+(%S+)$")
    if kind == "page" then
      table.insert(prepared, wrk.format("GET", path, { ["Cookie"] = cookie, ["Accept"] = "text/html" }))
    elseif kind == "api" then
      table.insert(prepared, wrk.format("GET", path,
        { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }))
    end
  end
  math.randomseed(seed + os.time())
end

function request()
  return prepared[math.random(#prepared)]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK-WRK {"requests": %d, "duration_us": %d, "statuses": {%s}, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, table.concat(parts, ", "), e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
