-- Shared by the scenario scripts: the generator's tokens and sizes (bench/run.sh exports them).
requesters = tonumber(os.getenv("BENCH_REQUESTERS") or "20000")
tickets = tonumber(os.getenv("BENCH_TICKETS") or "1000000")
agent_auth = "Bearer bench-agent"
math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))

function requester_auth(i)
  return "Bearer bench-req-" .. i
end
