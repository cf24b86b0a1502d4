-- GET /healthz: no auth, no database work — the HTTP ceiling measured in the same run.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
request = function()
  return wrk.format("GET", "/healthz")
end
