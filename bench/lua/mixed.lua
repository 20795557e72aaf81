-- A mixed load for wrk: 95 requests in 100 read an article page, 5 post a
-- comment on one through the public form (bench/run.sh).
--
--   wrk -s bench/lua/mixed.lua URL -- ARTICLES STAMP ACKED
--
-- ARTICLES holds "id path" lines (probe articles); STAMP is the dl_ts value
-- of an article page's comment form, served at least the policy's minimum
-- delay ago; ACKED is written at the end with the id of every comment the
-- server acknowledged (a 303 to #comment-ID), one a line. Each post comes
-- from its own address (X-Forwarded-For; dateline must trust 127.0.0.1)
-- and email, so the rate limits are not what is measured.

local threads = {}
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  ids, paths = {}, {}
  for line in io.lines(args[1]) do
    local id, path = line:match("^(%d+) (%S+)$")
    if id then
      table.insert(ids, id)
      table.insert(paths, path)
    end
  end
  stamp, outfile = args[2], args[3]
  n, posts, held, other = 0, 0, 0, 0
  acked = {}
end

function request()
  n = n + 1
  if n % 20 == 0 then
    posts = posts + 1
    local k = (posts * 7 + tid * 13) % #paths + 1 -- every article in turn
    local seq = (tid + 1) * 1000000 + posts
    local body = "article_id=" .. ids[k] ..
      "&comment=Mixed+load+comment+" .. seq .. "+on+the+story+so+far" ..
      "&author=Reader+" .. seq .. "&email=mixed" .. seq .. "%40example.com&dl_ts=" .. stamp
    return wrk.format("POST", "/comments/", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Sec-Fetch-Site"] = "same-origin", -- as a browser says; dateline refuses a post that says neither this nor Origin
      ["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid + 1, math.floor(posts / 250) % 250, posts % 250 + 1),
    }, body)
  end
  local k = (n * 7 + tid * 13) % #paths + 1
  return wrk.format("GET", paths[k], { ["Accept-Encoding"] = "gzip" })
end

function response(status, headers, body)
  if status == 303 then
    local loc = headers["Location"] or ""
    if loc:find("unapproved=", 1, true) then
      held = held + 1
    end
    local id = loc:match("#comment%-(%d+)$")
    if id then
      table.insert(acked, id)
    end
  elseif status ~= 200 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local f = assert(io.open(threads[1]:get("outfile"), "w"))
  local sent, ack, hold, odd = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    sent = sent + t:get("posts")
    for _, id in ipairs(t:get("acked")) do
      f:write(id, "\n")
      ack = ack + 1
    end
    hold = hold + t:get("held")
    odd = odd + t:get("other")
  end
  f:close()
  io.write(string.format("mixed: %d posts sent, %d acknowledged (%d held), %d answers neither 200 nor 303\n", sent, ack, hold, odd))
end
