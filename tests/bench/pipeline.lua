-- wrk script: HTTP/1.1 pipelining, DEPTH requests written back to back per batch on each
-- connection (PIPELINE_DEPTH env var or first script arg, default 16).
-- Usage: PIPELINE_DEPTH=16 wrk -s tests/bench/pipeline.lua URL
local depth = 16
local batch

init = function(args)
  depth = tonumber(args[1]) or tonumber(os.getenv("PIPELINE_DEPTH") or "") or depth
  local r = {}
  for i = 1, depth do r[i] = wrk.format(nil, nil) end
  batch = table.concat(r)
end

request = function()
  return batch
end
