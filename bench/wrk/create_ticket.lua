-- POST /api/v2/tickets.json as the agent, for a random requester (durable: 201 after fsync).
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
  local r = math.random(0, requesters - 1)
  local body = '{"ticket":{"subject":"Boleto não chegou","comment":{"body":"O boleto de novembro não chegou no e-mail."},"requester_id":' .. (r + 2) .. '}}'
  return wrk.format("POST", "/api/v2/tickets.json",
    {["Authorization"] = agent_auth, ["Content-Type"] = "application/json"}, body)
end
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
