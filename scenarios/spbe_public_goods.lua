-- Thesis chapter 6, Section 5: the infinite-horizon public-goods game with private types,
-- its structured PBE computed as a fixed point over strategy maps on the belief square.
return taton.scenario{
  title = "Structured PBE of a dynamic public-goods game (Sinha, thesis ch. 6, Figs 20-24)",
  model = "spbe",
  params = { xH = 1.2, xL = 0.2, delta = 0.5, G = 21, offpath = "keep", pi0 = { 0.5, 0.5 } },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  Two agents decide every round whether to contribute to a public good worth 1 to both.
  Contributing costs the agent its private type: x_H = 1.2 (never worth it alone) or
  x_L = 0.2. Types never change, actions are public, and the public beliefs
  (pi1, pi2) = P(agent i is H) move by Bayes' rule (6.26). A structured PBE is a
  stationary map from beliefs to contribution probabilities (p1H, p1L), agent 2 playing
  its mirror image, with values V solving the fixed point (6.17).
  The map lives on a 21 x 21 grid with bilinear interpolation. One step evaluates the
  values of the current map exactly (a linear system) and solves the stage game (6.25) at
  every grid point by support enumeration, with probabilities below 1e-9 set to 0: cournot
  is policy iteration, damped:W its damped form. The start is the map in which nobody
  contributes, so step 1 is the myopic (delta = 0) map. regret is the largest stage regret
  of the map against its own values, unweighted by action probabilities and in units of
  discounted value (0 = an exact fixed point on the grid); no_equilibrium_points counts the
  grid points where the stage game has no exact equilibrium (the least-regret profile is
  kept there). offpath says what an action no type plays reveals: keep = nothing (rule 6.7
  as written), tremble = the type that loses less by it (vanishing trembles).

THINGS TO NOTICE
  delta = 0 (Fig. 20) is reproduced exactly: H never contributes, L contributes iff
  pi2 > 0.2, the symmetric mixed 0.8/(1 - pi) lies on the low diagonal, and off it the
  likelier-L agent contributes (largest joint value).
  delta = 0.5, offpath keep: the map settles in 6 steps (value_residual 0) but is not an
  exact SPBE: 52 grid points (pi2 = 0.25, 0.30 for pi1 >= 0.35, and the mirror image) have
  no exact stage equilibrium, regret 0.05 = pi2 - 0.2 at pi2 = 0.25 (spec errata E4).
  Claims for Figs 21-24, as computed here:
  - claim 1 (Fig. 21: as delta grows, type L abstains at high pi1 up to larger pi2):
    supported only with offpath tremble, where the delta = 0.5 map is an exact fixed point
    (regret 4e-13, no_equilibrium_points 0) and L abstains for pi2 <= 0.30 at pi1 >= 0.35
    (delta = 0: up to 0.2). Under rule (6.7) the band has no exact equilibrium: abstaining
    reveals nothing, so L gains pi2 - 0.2 by contributing.
  - claim 2 (Figs 22, 24: type H contributes at high pi2, low pi1): not reproduced. The
    delta = 0.5 maps have p1H = 0 everywhere under both rules; at delta = 0.95 some iterates
    have H contribute at a few points, but they are not equilibria.
  - claims for delta = 0.95 (Figs 23, 24): policy iteration does not settle. After 50 steps
    value_residual is about 1, regret 14-18 (0.7-0.9 per round), and the model says it did
    not converge; damped:0.3 lowers value_residual but not regret. No fixed point, so
    claim 3 (types learned within a few rounds) and claim 4 cannot be checked on one: the
    iterates learn both types in about 31% of simulated runs (describe: types_learned).
  - claim 4 (per-round values at delta = 0.95: L in [0.865, 0.894], H in [0.3, 0.395]):
    cannot hold. The corners are frozen for every delta: per-round values (0, 0.8) at (1,1)
    and (0,1), (1, 1) at (1,0), so H's value reaches 1 (spec errata E5). describe prints
    the benchmarks the thesis compares with: full coordination 0.9 / 0.4, none 0.81 / 0.16.

THINGS TO TRY
  set offpath "tremble"     the delta = 0.5 map becomes exact and shows claim 1.
  set delta 0               Fig. 20 in one step.
  set delta 0.95            no fixed point; then dynamics damped:0.3
  set select "value"        always the largest joint value instead of the previous one.
  set interp "nearest"      beliefs rounded to the grid instead of bilinear values.
  set G 11                  the coarser grid: 12 points without an exact equilibrium.
  set pi0 {0.9, 0.1}        belief paths from another prior.
]],
  views = {
    { dist = "policy", value = "p1L", title = "type L contributes: p1L over (pi1, pi2)" },
    { dist = "policy", value = "p1H", title = "type H contributes: p1H over (pi1, pi2)" },
    { series = { "value_residual", "regret" }, logy = true,
      title = "value residual and regret" },
    { dist = "regret_map", value = "no_eq",
      title = "grid points with no exact stage equilibrium" },
    { dist = "policy", value = "V1L", title = "per-round value of type L" },
    { dist = "paths", title = "belief paths from pi0" },
  },
}
