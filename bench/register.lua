-- wrk script of bench/register.py (filled in by bench/loadgen.py): cycles through pre-built bodies,
-- counts answers that are not the expected status, and prints one BENCH_JSON line at the end.
local bodies = {
--BODIES--
}
local headers = { --HEADERS-- }
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("offset", counter * 7919)
   table.insert(threads, thread)
end

function init(args)
   n = offset or 0
   ok = 0
   bad = 0
end

function request()
   n = n + 1
   return wrk.format("--METHOD--", "--PATH--", headers, bodies[(n % #bodies) + 1])
end

function response(status, hdrs, body)
   if status == --OK_STATUS-- then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
   local ok_total, bad_total = 0, 0
   for _, t in ipairs(threads) do
      ok_total = ok_total + t:get("ok")
      bad_total = bad_total + t:get("bad")
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "ok": %d, "bad": %d, "connect_errors": %d, ' ..
      '"read_errors": %d, "write_errors": %d, "timeouts": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d}\n',
      summary.requests, summary.duration, ok_total, bad_total, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
