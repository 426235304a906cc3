-- Paper 001's local auction alone: the classic single-seller PSP auction of Lazar and
-- Semret that the draft builds on (spec seed001_psp.md, S-PSP-1).
return taton.scenario{
  title = "PSP auction, one seller: the bid war and its eps-Nash end (S-PSP-1)",
  model = "psp",
  params = { kappa = { 5.0, 4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.5 },
             need = { 30, 20, 25, 15, 35, 20, 30, 25 }, sellers = { 100 }, eps = 0.1,
             order = "gauss-seidel", p_kappa = 5 },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  One seller offers 100 units (phantom reserve eps = 0.1) to eight buyers with linear
  marginal values theta_i'(z) = kappa_i (1 - z/D_i), kappa from 5 down to 1.5. The draft
  gives no valuations: these are the spec's completion. Each round the buyers, in index
  order, make truthful eps-best replies: the quantity where their marginal value meets
  their market price function P_i (what the others' bids leave them), shaded by
  eps/kappa_i, at the price theta_i' there. They pay int_0^a P_i (eq. 4: what their
  presence takes from the others) and re-bid only when that gains more than eps. The
  efficient benchmark pools the data: u* = 1.382868, W* = 253.356610 (describe).

THINGS TO NOTICE
  The bid war: prices climb in small steps, welfare 134.7, 139.6, 177.3, 183.7, 242.5
  at rounds 1, 10, 50, 100, 200. The auction stops after 354 rounds (rebids = 0) at
  W = 253.2876: gap 0.069, about 0.7 eps. The winning prices end in [1.3570, 1.3603],
  just below u* (the eps shading), so the allocation is nearly efficient. Revenue is only
  25.5 (not u* x 100 = 138): a PSP cost counts just the demand a buyer excludes.
  The distribution `deviation` tries random unilateral bid changes: no buyer gains more
  than 0.093 < eps. Only 2 eps is guaranteed at the bid-fee stop (errata E5).
  Averaging dynamics are not in the paper: buyers then answer an average of past bids,
  the bid war crawls, and a quiet step is not the end of it.

THINGS TO TRY
  set eps 0.02                 1753 rounds, gap 0.014: rounds grow like 1/eps.
  set eps 0.2                  170 rounds, gap 0.135, revenue 40.
  set rebid "always"           adopt every reply: it never stops, though the gap gets
                               below 0.02.
  set order "jacobi"           all reply to one snapshot: 815 rounds, gap 0.062.
  dynamics damped:0.5          inertial bids: 715 rounds, gap 0.071.
  dynamics cournot,sequential  one buyer per step: the same end state; the first whole
                               quiet round (8 steps) ends at step 2831.
  set budget {20}              budgets change the path (280 rounds), not the end.
  set focus 8                  the mpf chart of the buyer who gets least.
]],
  views = {
    { series = { "welfare" }, title = "welfare W (W* dotted)" },
    { series = { "win_min", "win_max" }, title = "winning prices (u* dotted)" },
    { dist = "mpf" },
    { series = { "rebids" }, title = "buyers re-bidding" },
    { dist = "allocation" },
    { dist = "deviation" },
  },
}
