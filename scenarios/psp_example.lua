-- Paper 001, Section 3.4.4: the draft's worked example of the distributed PSP data
-- exchange, replayed step by step (spec seed001_psp.md, Section 6 and errata E1).
return taton.scenario{
  title = "PSP data exchange: the draft's worked example (the anonymous 2cm draft, 3.4.4)",
  model = "psp",
  params = { valuation = "step", kappa = { 1, 1.2, 1.5, 2, 2.2 },
             need = { 50, 40, 26, 20, 14 }, sellers = { 65, 85 }, eps = 0.01,
             order = "jacobi", init = "need", pool = "literal" },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  The only numbers in the draft: two sellers offer 65 and 85 units (phantom reserve
  eps = 0.01 each); five buyers A-E want 50, 40, 26, 20 and 14 units at unit values
  1, 1.2, 1.5, 2 and 2.2 (step buyers: buyers 1-5 here). Supply equals demand (150). Every
  buyer starts with its whole need at seller 2, the largest (eq. 22 gives one seller).
  Each local auction is a PSP auction: highest prices first, ties shared. The sellers
  publish a progressive price r = p_(n+1) + eps (Algorithm 1). A buyer that got its need
  keeps its bids; otherwise it bids its need in equal parts over the fewest sellers with
  enough data left at its price (eq. 22 with availability, Algorithm 2), all buyers
  answering the same snapshot. Step buyers are not elastic, so these bids are not
  eps-shaded and no bid fee applies (spec Section 9, item 11).
  Row n is the draft's t = n + 1: row 0 is the sellers' first phase on the initial bids.

THINGS TO NOTICE
  Row 0 (t = 1): seller 2 serves E, D, C, and B gets the remaining 25 (the draft prints
  20: a misprint, 85 - 14 - 20 - 26 = 25); r2 = 1 + eps. A and B move to seller 1.
  Row 1 (t = 2): seller 1 serves B 40 and A 25; seller 2 has 25 left. A re-bids 25 + 25.
  Row 2 (t = 3): both sellers are sold out (the draft prints seller 1's data as 50 and
  drops A's bid at seller 2: A keeps it and gets 25 there). Row 3 (t = 4): nobody re-bids,
  the auction ends: A 25 + 25, B 40, C 26, D 20, E 14, both prices 1 + eps, W = W* = 207.8.
  The progressive price is a signal, not a charge: A pays only eps per unit (so does every
  buyer: nobody is excluded, revenue = 150 eps) although its value 1 is below r = 1.01.

THINGS TO TRY
  set reserve_mode "floor"   r enforced as a reserve: A is priced out, 50 units unsold.
  set settle "sellout"       sold-out sellers close, served buyers leave (see the
                             sellers_active and buyers_active series after row 3).
  set order "gauss-seidel"   buyers reply in turn: the same trajectory here.
  set eps 0.1                the same allocation; prices 1.1 and revenue 15.
]],
  views = {
    { series = { "remaining_1", "remaining_2" }, title = "data left at sellers 1 and 2" },
    { series = { "price_1", "price_2" }, title = "progressive prices r^1, r^2" },
    { dist = "allocation" },
    { series = { "rebids" }, title = "buyers re-bidding (0: the auction ends)" },
  },
}
