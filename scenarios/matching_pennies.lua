-- Matching pennies under fictitious play: the built-in finite-game model "nfg".
local games = require("taton.games")

return taton.scenario{
  title = "Matching pennies",
  info = [[
WHAT IS IT
  Two players each show a coin. Row wins (+1) when the coins match, column wins when they
  differ: a zero-sum game with no pure equilibrium. Its unique Nash equilibrium is mixed:
  both play heads and tails with probability 1/2.
  Under fictitious play each player best-responds to the empirical frequencies of the
  other's past actions. Actions themselves are always pure; the frequencies are the
  "mixed strategy" the learning produces.

THINGS TO NOTICE
  The actions cycle (HH, HT, TT, TH, ...) in runs that get longer and longer, yet the
  empirical frequencies converge to (1/2, 1/2): fictitious play converges in every
  two-player zero-sum game (Robinson 1951). regret (the sum of what each player could
  gain against the other's frequencies) falls roughly like 1/sqrt(n): slowly.

THINGS TO TRY
  dynamics cournot      best-responding to the last round only: a pure 4-cycle for ever.
  dynamics kperiod:10   a window of 10 rounds: in between.
  set tie "uniform"     mixing over tied actions changes the first steps.
  load shapley          a game where fictitious play does not converge.
]],
  model = "nfg",
  params = games.bimatrix({ { 1, -1 }, { -1, 1 } }, { { -1, 1 }, { 1, -1 } },
                          { start = { 1, 2 } }),
  dynamics = "fictitious",
  seed = 1,
  action_names = { "Heads", "Tails" },
  views = {
    { series = { "regret" }, title = "NashConv of the empirical strategies", logy = true },
    { dist = "mix_path", title = "Frequency of Heads; the equilibrium's 1/2 dotted" },
    { game = "matrix" },
    { dist = "strategy", title = "Empirical mixed strategies" },
  },
}
