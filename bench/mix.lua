-- wrk script: a mixed load, cycling through a fixed list of requests (deterministic weights: repeat an entry to
-- weight it). Arguments after "--":
--   get=/path            a GET request (repeatable)
--   post=/path           a POST of the JSON body given by body= (repeatable)
--   body={"answers":...} the JSON body for the POST entries
-- Used by bench/soak.sh and ops/run-cluster.sh.

local requests = {}
local index = 0

function init(args)
  local body = nil
  local posts = {}
  for _, arg in ipairs(args) do
    local key, value = arg:match("^([^=]+)=(.*)$")
    if key == "get" then
      requests[#requests + 1] = wrk.format("GET", value)
    elseif key == "post" then
      posts[#posts + 1] = #requests + 1
      requests[#requests + 1] = value
    elseif key == "body" then
      body = value
    else
      error("mix.lua: unknown argument '" .. arg .. "'")
    end
  end
  for _, i in ipairs(posts) do
    if body == nil then error("mix.lua: post= needs body=") end
    requests[i] = wrk.format("POST", requests[i], { ["Content-Type"] = "application/json" }, body)
  end
  if #requests == 0 then error("mix.lua: pass at least one get= or post=") end
  index = math.random(0, #requests - 1)
end

function request()
  index = index % #requests + 1
  return requests[index]
end
