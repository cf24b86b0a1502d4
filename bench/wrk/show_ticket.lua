-- GET /api/v2/tickets/{random id}.json as the agent.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
  local id = math.random(1, tickets)
  return wrk.format("GET", "/api/v2/tickets/" .. id .. ".json", {["Authorization"] = agent_auth})
end
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
