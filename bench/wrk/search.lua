-- GET /api/v2/search.json?query=<word> status<solved, newest first, as the agent.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local words = {"boleto", "senha", "integracao", "relatorio", "webhook", "fatura", "estoque", "permissao"}
request = function()
  local w = words[math.random(1, #words)]
  return wrk.format("GET", "/api/v2/search.json?query=" .. w .. "+status%3Copen&per_page=25",
    {["Authorization"] = agent_auth})
end
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
