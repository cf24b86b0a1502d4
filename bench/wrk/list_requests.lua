-- GET /api/v2/requests.json?per_page=25 as a random requester (their 50 tickets).
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
  local r = math.random(0, requesters - 1)
  return wrk.format("GET", "/api/v2/requests.json?per_page=25", {["Authorization"] = requester_auth(r)})
end
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
