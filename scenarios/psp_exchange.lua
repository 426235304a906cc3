-- Paper 001's contribution: the distributed PSP data exchange, one PSP auction per seller
-- and buyers coordinating their bids across sellers (spec seed001_psp.md, S-PSP-2), under
-- the three buyer rules side by side.
return taton.scenario{
  title = "Distributed PSP data exchange: three sellers, three buyer rules (S-PSP-2)",
  model = "psp",
  params = { sellers = { 60, 40, 20 },
             kappa = { 5.0, 4.6, 4.2, 3.8, 3.4, 3.0, 2.6, 2.2, 1.8, 1.4 },
             need = { 30, 25, 20, 30, 15, 25, 20, 30, 25, 20 }, eps = 0.1,
             order = "gauss-seidel" },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "equal", params = { pool = "equal" } },
    { label = "literal", params = { pool = "literal" } },
    { label = "waterfill", params = { pool = "waterfill" } },
  },
  info = [[
WHAT IS IT
  Three sellers offer 60, 40 and 20 units (phantom reserve eps = 0.1 each) to ten buyers
  with linear marginal values. Each seller runs its own PSP auction; a buyer sends bids
  (quantity, price) to several sellers at once. The draft asks for "consistent" bids:
  one price, equal quantities over a pool of sellers (eqs. 22, 24). It leaves the pool
  open, so three rules run side by side:
    equal      the equal split over the top-m sellers with the best utility (the spec's
               completion of Lemma 4.1 / Prop. 4.2);
    literal    eq. 22 read literally: the fewest sellers with enough data available at
               the buyer's price;
    waterfill  a benchmark outside the draft: all sellers' market price functions merged,
               filled cheapest first (not an equal split).
  The pooled optimum: u* = 1.389857, W* = 306.608560 (describe).

THINGS TO NOTICE
  All three sell all 120 units, but (errata E6, E7):
  waterfill stops after 354 rounds at W = 306.5374 (gap 0.071, 0.02 %), winning prices
    1.364-1.368 at every seller: the draft's "prices of all local auctions become
    similar" holds for this rule; no random deviation gains eps (deviation chart).
  equal stops after 310 rounds at gap 0.858 (0.28 %) with winning prices from 1.225 to
    1.524; its own reply gains nothing, yet bids outside the equal-split family gain up
    to 0.8 > 2 eps: stable only within equal-split bids.
  literal stalls after 65 rounds at gap 48.45 (15.8 %): buyers 2, 7, 9 and 10 get
    nothing although buyer 2 values data at 4.6; prices 0.47 at seller 1, 0.94 at
    seller 3; one buyer could gain 46 by deviating: no equilibrium. The draft's claim of
    convergence to an eps-Nash equilibrium (Thm 4.9, no proof) fails for it.

THINGS TO TRY
  set reserve_mode "floor"   the progressive price as a reserve: waterfill leaves 58
                             units unsold (gap 105), so Lemma 3.3 needs it as a signal.
  set eps 0.05               equal and waterfill end closer to W* (gaps 0.45 and 0.04),
                             literal stalls further off (gap 76).
  set order "jacobi"         every buyer answers one snapshot of the bids (the worked
                             example's order): no rule stops. The bids cycle: equal
                             every 5 rounds from round 1 (welfare 82.9-250.1), waterfill
                             every 4 from round 2 (123.5-214.5), literal every 49 from
                             round 295 (79.8-246.2). Replies in turn, the default, stop.
  set order "random"         a random reply order per round (from the seed).
  dynamics cournot,sequential  one buyer per step (asynchronous bidding).
  set focus 2                the market price functions of buyer 2, left out by literal.
]],
  views = {
    { series = { "gap" }, title = "welfare gap W* - W per rule" },
    { series = { "price_1", "price_2", "price_3" }, title = "progressive prices r^j" },
    { dist = "allocation" },
    { dist = "deviation" },
  },
}
