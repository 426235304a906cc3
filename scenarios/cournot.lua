-- Cournot oligopoly: a game defined in Lua. n firms choose quantities; the price is
-- P = a - bQ for total quantity Q, every unit costs c.
return taton.scenario{
  title = "Cournot oligopoly",
  info = [[
WHAT IS IT
  n identical firms sell one good. Each chooses a quantity q_i >= 0; the market price is
  P = a - b Q with Q = q_1 + ... + q_n, and every unit costs c. Firm i earns
  (P - c) q_i. Given the others' total Q_-i, its best response is
      q_i = max(0, (a - c - b Q_-i) / (2b)),
  and the unique Nash equilibrium gives every firm q* = (a - c) / (b (n + 1)).
  Firms start at q = 0 and learn: each round every firm best-responds to a belief about
  the others, formed by the chosen dynamic (cournot: last round; fictitious: the average
  of all rounds).

THINGS TO NOTICE
  With two firms and Cournot dynamics the distance to the equilibrium halves every round
  (dist_ne = 3, 1.5, 0.75, ... with the defaults): the best-response map is a contraction
  with factor 1/2. The price swings around (a + n c)/(n + 1) = 4 and settles there;
  nash_gap (what one firm could gain by deviating alone) falls by a factor 4 every round.

THINGS TO TRY
  set n 3     three firms: the linear map now has an eigenvalue -1 (Theocharis 1960); from
              the common start all firms jump between 0 and the monopoly quantity for ever.
  set n 5     the oscillation would grow; the bound q >= 0 caps it into the same 2-cycle.
  dynamics fictitious   averaging past play converges again, for any n.
  dynamics damped:0.3   partial adjustment towards the best response also converges.
  set c 9     a cost close to the demand intercept: a thin market.
]],
  params = {
    { "n", 2, min = 1, max = 50, integer = true, help = "number of firms" },
    { "a", 10, min = 0, help = "demand intercept: price P = a - b Q" },
    { "b", 1, min = 0, open_min = true, help = "demand slope" },
    { "c", 1, min = 0, help = "unit cost of every firm" },
  },
  game = {
    players = function(p) return p.n end,
    dim = 1,
    -- start: every firm at q = 0 (the default)
    best_response = function(i, belief, p)
      local others = 0
      for j = 1, p.n do
        if j ~= i then others = others + belief[j] end
      end
      return math.max(0, (p.a - p.c - p.b * others) / (2 * p.b))
    end,
    payoff = function(i, q, p)
      local total = 0
      for j = 1, p.n do total = total + q[j] end
      return (p.a - p.b * total - p.c) * q[i]
    end,
    equilibrium = function(p)
      local q = math.max(0, (p.a - p.c) / (p.b * (p.n + 1)))
      local eq = {}
      for i = 1, p.n do eq[i] = q end
      return eq
    end,
    series = {
      price = { function(q, p)
        local total = 0
        for j = 1, p.n do total = total + q[j] end
        return p.a - p.b * total
      end, help = "market price P = a - b Q" },
      total = { function(q, p)
        local total = 0
        for j = 1, p.n do total = total + q[j] end
        return total
      end, help = "total quantity Q" },
    },
  },
  dynamics = "cournot",
  seed = 1,
  views = {
    { series = { "dist_ne", "nash_gap" }, title = "Distance to equilibrium, gain from deviating",
      logy = true },
    { series = { "price" }, title = "Market price" },
    { dist = "action", title = "Quantities" },
  },
}
