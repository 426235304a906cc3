-- taton.games: helpers that build parameters for the built-in model "nfg" (finite
-- normal-form games) and best responses for games defined in Lua.
--
-- nfg wants: actions = {m1, m2, ...} (number of actions per player) and payoffs = one row
-- per player, each the player's payoff for every action profile flattened in row-major
-- order (player 1's action slowest, the last player's fastest). These helpers write that
-- layout for you.
--
--   local games = require("taton.games")
--   params = games.bimatrix({{3, 0}, {5, 1}}, {{3, 5}, {0, 1}})   -- prisoner's dilemma

local games = {}

local function check_matrix(M, what)
  assert(type(M) == "table" and #M > 0, what .. " must be a non-empty table of rows")
  local cols = #M[1]
  for r = 1, #M do
    assert(type(M[r]) == "table" and #M[r] == cols,
           what .. ": every row needs " .. cols .. " entries (row " .. r .. ")")
  end
  return #M, cols
end

-- games.bimatrix(A, B [, opts]) -> params for nfg.
-- A[r][c] is the row player's payoff, B[r][c] the column player's, when row plays r and
-- column plays c. opts.start = {r, c} (1-based starting actions), opts.tie = "lowest" |
-- "uniform" | "random".
--   params = games.bimatrix({{1, -1}, {-1, 1}}, {{-1, 1}, {1, -1}}, {start = {1, 2}})
function games.bimatrix(A, B, opts)
  local m, n = check_matrix(A, "A")
  local mb, nb = check_matrix(B, "B")
  assert(m == mb and n == nb, "A and B must have the same shape")
  local pa, pb = {}, {}
  for r = 1, m do
    for c = 1, n do
      pa[#pa + 1] = A[r][c]
      pb[#pb + 1] = B[r][c]
    end
  end
  local p = { actions = { m, n }, payoffs = { pa, pb } }
  opts = opts or {}
  if opts.start then p.start = { opts.start[1], opts.start[2] } end
  if opts.tie then p.tie = opts.tie end
  return p
end

-- games.zero_sum(A [, opts]) -> params for nfg: the column player gets -A.
--   params = games.zero_sum({{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}})   -- rock-paper-scissors
function games.zero_sum(A, opts)
  local B = {}
  for r = 1, #A do
    B[r] = {}
    for c = 1, #A[r] do B[r][c] = -A[r][c] end
  end
  return games.bimatrix(A, B, opts)
end

-- games.symmetric(A [, opts]) -> params for nfg: a symmetric two-player game in which
-- A[r][c] is the payoff of playing r against c (the column player gets A[c][r]).
--   params = games.symmetric({{2, 0}, {3, 1}})   -- prisoner's dilemma
function games.symmetric(A, opts)
  local B = {}
  for r = 1, #A do
    B[r] = {}
    for c = 1, #A do B[r][c] = A[c][r] end
  end
  return games.bimatrix(A, B, opts)
end

-- games.normal_form(actions, payoff [, opts]) -> params for nfg with any number of players.
-- actions = {m1, m2, ...}; payoff(i, profile) returns player i's payoff for the pure
-- profile (a table of 1-based actions, one per player).
--   -- three-player majority game: a player scores 1 when in the majority
--   params = games.normal_form({2, 2, 2}, function(i, a)
--     local same = 0
--     for j = 1, 3 do if a[j] == a[i] then same = same + 1 end end
--     return same >= 2 and 1 or 0
--   end)
function games.normal_form(actions, payoff, opts)
  local np = #actions
  assert(np >= 1, "actions must list the number of actions of each player")
  local rows = {}
  for i = 1, np do rows[i] = {} end
  local prof = {}
  for j = 1, np do prof[j] = 1 end
  while true do
    for i = 1, np do
      local rowi = rows[i]
      rowi[#rowi + 1] = payoff(i, prof)
    end
    local j = np -- the last player's action changes fastest
    while j >= 1 do
      prof[j] = prof[j] + 1
      if prof[j] <= actions[j] then break end
      prof[j] = 1
      j = j - 1
    end
    if j == 0 then break end
  end
  local acts = {}
  for j = 1, np do acts[j] = actions[j] end
  local p = { actions = acts, payoffs = rows }
  opts = opts or {}
  if opts.start then p.start = opts.start end
  if opts.tie then p.tie = opts.tie end
  return p
end

-- games.maximize(f, lo, hi [, n]) -> x, f(x): maximiser of f on [lo, hi] found by a grid of
-- n points (default 200) refined by golden-section search around the best grid point.
-- For a concave f, x is found to about 1e-8 (the limit of comparing values near a smooth
-- maximum); for other f, within the best grid cell's basin.
--   local x = games.maximize(function(x) return -(x - 2)^2 end, 0, 5)   --> 2
function games.maximize(f, lo, hi, n)
  n = n or 200
  assert(hi >= lo, "maximize: hi < lo")
  if hi == lo then return lo, f(lo) end
  local h = (hi - lo) / n
  local bx, bf = lo, f(lo)
  for k = 1, n do
    local x = lo + k * h
    local fx = f(x)
    if fx > bf then bx, bf = x, fx end
  end
  local a, b = math.max(lo, bx - h), math.min(hi, bx + h)
  local g = (math.sqrt(5) - 1) / 2
  local c, d = b - g * (b - a), a + g * (b - a)
  local fc, fd = f(c), f(d)
  for _ = 1, 60 do
    if fc >= fd then
      b, d, fd = d, c, fc
      c = b - g * (b - a)
      fc = f(c)
    else
      a, c, fc = c, d, fd
      d = a + g * (b - a)
      fd = f(d)
    end
  end
  local x = (a + b) / 2
  local fx = f(x)
  if fx >= bf then return x, fx end
  return bx, bf
end

-- games.best_response_from(payoff, lo, hi) -> a best_response function for a Lua game in
-- which every player chooses one number in [lo, hi] (lo and hi may be functions of p).
-- It maximises payoff(i, profile, p) over player i's action with games.maximize.
--   game = { players = 2, payoff = profit,
--            best_response = games.best_response_from(profit, 0, 100) }
function games.best_response_from(payoff, lo, hi)
  return function(i, belief, p)
    local a = type(lo) == "function" and lo(p) or lo
    local b = type(hi) == "function" and hi(p) or hi
    local prof = {}
    for j = 1, #belief do prof[j] = belief[j] end
    return (games.maximize(function(x)
      prof[i] = x
      return payoff(i, prof, p)
    end, a, b))
  end
end

return games
