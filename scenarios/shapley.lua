-- Shapley's game (1964): fictitious play that never converges.
local games = require("taton.games")

-- Row's payoff A[r][c], column's B[r][c]: each action is beaten by the next one, like
-- rock-paper-scissors without the zero-sum symmetry.
local A = { { 0, 1, 0 },
            { 0, 0, 1 },
            { 1, 0, 0 } }
local B = { { 0, 0, 1 },
            { 1, 0, 0 },
            { 0, 1, 0 } }

return taton.scenario{
  title = "Shapley's game",
  info = [[
WHAT IS IT
  A 3x3 two-player game found by Lloyd Shapley (1964). Its only Nash equilibrium has both
  players mixing uniformly, (1/3, 1/3, 1/3). Play starts at row 1 against column 2 and
  each player then best-responds to the empirical frequencies of the other's past
  actions (fictitious play).

THINGS TO NOTICE
  Play cycles through six action profiles, and every cycle lasts longer than the one
  before: the runs grow geometrically. The empirical frequencies do not converge; they
  circle the equilibrium on a triangle (a "Shapley polygon"). regret (NashConv of the
  frequencies) never falls to zero: after the first hundred rounds it stays near 0.28.
  This is the classic counterexample: fictitious play converges in zero-sum games,
  2x2 games and potential games, but not in general.

THINGS TO TRY
  dynamics ewma:0.1     exponential forgetting: play switches every round and the
                        frequencies do approach the equilibrium.
  dynamics cournot      best response to the last round: a 6-cycle through all six
                        profiles, whose frequencies are uniform, so regret returns to 0
                        every sixth round.
  set start {1, 1}      a start on the diagonal: play locks into the 3-cycle (1,1),
                        (3,3), (2,2), the frequencies converge to the equilibrium and
                        regret falls like 1/n (4.4e-4 by round 3000): no Shapley
                        polygon, so the non-convergence depends on the start.
  load matching_pennies a zero-sum game where the frequencies do converge.
]],
  model = "nfg",
  params = games.bimatrix(A, B, { start = { 1, 2 } }),
  dynamics = "fictitious",
  seed = 1,
  views = {
    { series = { "regret" }, title = "NashConv of the empirical strategies", logy = true },
    { game = "simplex", title = "Empirical mixes in the simplex; the equilibrium's centre" },
    { game = "matrix" },
    { dist = "strategy", title = "Empirical mixed strategies" },
  },
}
