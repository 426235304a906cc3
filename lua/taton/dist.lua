-- taton.dist: random draws for scenarios, all from math.random (which taton seeds from the
-- scenario's seed, so every draw is reproducible).
--
--   local dist = require("taton.dist")
--   local v = dist.uniform(6, 8.5)

local dist = {}

-- dist.uniform(a, b) -> a number uniform in [a, b).
--   local x = dist.uniform(0, 1)
function dist.uniform(a, b)
  return a + (b - a) * math.random()
end

-- dist.normal([mu [, sigma]]) -> a normal draw (Box-Muller), default mu 0, sigma 1.
--   local noise = dist.normal(0, 0.1)
function dist.normal(mu, sigma)
  mu, sigma = mu or 0, sigma or 1
  local u = 1 - math.random() -- in (0, 1], so log(u) is finite
  return mu + sigma * math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * math.random())
end

-- dist.exponential(rate) -> an exponential draw with the given rate (mean 1/rate).
--   local wait = dist.exponential(2)
function dist.exponential(rate)
  return -math.log(1 - math.random()) / rate
end

-- dist.bernoulli(p) -> true with probability p.
--   if dist.bernoulli(0.3) then ... end
function dist.bernoulli(p)
  return math.random() < p
end

-- dist.choice(list) -> a uniformly chosen element of a non-empty sequence.
--   local kind = dist.choice({"buyer", "seller"})
function dist.choice(list)
  return list[math.random(#list)]
end

-- dist.shuffle(list) -> list, shuffled in place (Fisher-Yates).
--   local order = dist.shuffle({1, 2, 3, 4})
function dist.shuffle(list)
  for i = #list, 2, -1 do
    local j = math.random(i)
    list[i], list[j] = list[j], list[i]
  end
  return list
end

-- dist.sample(n, draw, ...) -> a list of n draws of draw(...).
--   local values = dist.sample(100, dist.uniform, 6, 8.5)
function dist.sample(n, draw, ...)
  local out = {}
  for i = 1, n do out[i] = draw(...) end
  return out
end

return dist
