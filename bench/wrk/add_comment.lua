-- PUT /api/v2/tickets/{random id}.json with a public comment, as the agent.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
  local id = math.random(1, tickets)
  while id % 9 >= 6 do id = math.random(1, tickets) end  -- terminal statuses refuse comments
  local body = '{"ticket":{"comment":{"body":"Estamos verificando, obrigado pela paciência.","public":true}}}'
  return wrk.format("PUT", "/api/v2/tickets/" .. id .. ".json",
    {["Authorization"] = agent_auth, ["Content-Type"] = "application/json"}, body)
end
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
