-- wrk script: POST /api/checklist/evaluate with a complete set of answers.
-- The body is built here from the arguments after "--": one id=value per question, and region=CODE (default uk).
--   wrk -t1 -c32 -d10s -s bench/evaluate.lua http://127.0.0.1:PORT/api/checklist/evaluate -- region=uk fever=no ...
-- bench/run.sh and bench/soak.sh read the question ids from GET /api/checklist and pass them this way.

local function json_string(s)
  local escaped = s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)
  return '"' .. escaped .. '"'
end

function init(args)
  local region = "uk"
  local answers = {}
  for _, arg in ipairs(args) do
    local key, value = arg:match("^([^=]+)=(.*)$")
    if key == nil then
      error("evaluate.lua: expected id=value, got '" .. arg .. "'")
    elseif key == "region" then
      region = value
    else
      answers[#answers + 1] = json_string(key) .. ":" .. json_string(value)
    end
  end
  if #answers == 0 then
    error("evaluate.lua: pass the answers as id=value arguments after --")
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"answers":{' .. table.concat(answers, ",") .. '},"region":' .. json_string(region) .. '}'
end
