-- Reads for wrk over a list of pages (bench/run.sh): the breaking-news
-- readers (a list with the hot pages repeated) and the run that fills the
-- page cache (every article once, in order).
--
--   wrk -s bench/lua/paths.lua URL -- PATHS [START [THREADS]]
--
-- PATHS holds one path a line, or "id path" lines; the threads take the
-- paths in turn from line START (0 by default), so that together (give
-- THREADS, wrk's -t) they read each once before any twice.

local threads = {}
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    local path = line:match("(%S+)$")
    if path then
      table.insert(paths, path)
    end
  end
  i = tonumber(args[2] or "0") + tid
  step = tonumber(args[3] or "1")
end

function request()
  local path = paths[i % #paths + 1]
  i = i + step
  return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip" })
end
