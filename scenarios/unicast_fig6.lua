-- Thesis chapter 1: the unicast network of Fig. 6 (the spec's instance: c = (10, 5),
-- v_i = w_i log(1 + x), w = (4, 3, 2, 5)), agents best-responding one at a time.
return taton.scenario{
  title = "Unicast NUM mechanism on the Fig. 6 network (thesis ch. 1)",
  model = "radial",
  params = { mechanism = "unicast", A = { { 1, 1, 1, 1 }, { 1, 1, 1, 0 } }, c = { 10, 5 },
             utility = "log", w = { 4, 3, 2, 5 }, eta = 0.05, budget = "wbb", init = "random" },
  dynamics = "cournot,sequential",
  seed = 1,
  info = [[
WHAT IS IT
  Four agents send data over link AB (all four, capacity 10) and link BC (agents 1-3,
  capacity 5); agent i values a rate x by w_i log(1 + x), w = (4, 3, 2, 5). The mechanism
  of thesis chapter 1 asks each agent for a demand y_i and a price per link it uses. The
  allocation shrinks or stretches y radially onto the boundary of the capacity polytope
  (1.7)-(1.9), so it is feasible for every message; the tax (1.10) charges the others'
  average price, penalises disagreeing with it and pushes prices of slack links down. The
  efficient allocation is x* = (23/9, 5/3, 7/9, 5) with link prices lambda* = (5/6, 7/24);
  every message y = rho x* with prices lambda* is an equilibrium for eta up to
  eta* = 0.389069 (errata E2, `describe` shows it).
  Here agents play Cournot best responses one at a time (sequential). kperiod and
  fictitious best-respond to the average message, not to the empirical distribution of
  the thesis's k-period definition (errata E7).

THINGS TO NOTICE
  feas_violation stays at rounding level: learning-ready means feasible, not learnable.
  The quotes on each link reach consensus within a few rounds (price_spread falls), at
  the average of the initial quotes, not at lambda*: nothing pushes a price up when
  demand exceeds capacity, and whenever AB is slack its price drifts down. alloc_err may
  fall for a while, but within a few hundred steps the AB price is near 0, every agent
  wants more than it can get and the last mover takes the link: step_change stays near
  10, y_scale hits the cap (the model rescales demands, errata E6), alloc_err ends near
  6-7 and nash_gap near 12. Compare chapter 4 (dmech), where best responses contract.

THINGS TO TRY
  set init "ne"             start at the equilibrium message: nash_gap is 0, nothing moves.
  set init "ne_prices"      prices at lambda*, random demands: with eta = 0 (set eta 0)
                            demands find x*; with eta 0.05 a transient slack lowers a
                            price for good and play stalls away from x*.
  set eta 0.5               with init "ne": nash_gap jumps to 0.385 (eta above eta*).
  dynamics cournot          simultaneous (Jacobi) play: two quotes on a link swap each round.
  dynamics fictitious       best response to the average message.
  set budget "sbb"          strong budget balance: tax_sum is 0 at the equilibrium.
]],
  views = {
    { series = { "alloc_err", "price_spread", "nash_gap" }, logy = true,
      title = "allocation error, price disagreement, best-response gain (log)" },
    { series = { "y_scale" }, logy = true, title = "demand scale as sent (sum y / sum x*)" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
