-- Paper 000 (Xia, Shakkottai, Subramanian), Section V: a market of computing clusters that
-- trade spare capacity, clients borrowing from a bank. The program's default scenario.
return taton.scenario{
  title = "Bilateral trading with bank loans (Xia, Shakkottai & Subramanian, Fig. 2, Table I)",
  model = "mfg",
  params = { variant = "bank", k = 7, s = 8, c_serve = 6, c_lose = 0.5, alpha = 1.1,
             beta = 0.98, p_s = 0.5, b0_min = 0, b0_max = 5, z0 = 1, h = 0.01, bmax = 40 },
  dynamics = "cournot",
  seed = 1,
  -- Fig. 2 settles after 16 steps: there step_change falls below 1e-7 (below 1e-9 at 19).
  tol = 1e-7,
  info = [[
WHAT IS IT
  Each period every agent is a server (probability p_s = 0.5) or a client. Clients meet
  random servers. Every server asks the same price k = 7; a client bids 0 or k. A trade
  gives the client s = 8 and costs the server c_serve = 6; an unserved client loses
  c_lose = 0.5. The budget b is each agent's only state: money is worth something only
  because it pays for future trades. An agent leaves with probability 1 - beta = 0.02 and
  its replacement brings a budget drawn from U[0,5].
  Bank: a client may borrow so that its budget stays >= 0 after the trade. Eq. 1 gives
  b -> b + s - k - alpha (k - b) for b < k (alpha = 1.1), so bidding k is allowed from
  L = k - s/(1 + alpha) = 3.19. A server ends at b + k - c_serve.
  The mean-field loop (Fig. 1): from a belief z (the share of clients who bid 0), each
  agent solves its dynamic programme and gets a bid policy (bid k once b >= b_th). That
  policy fixes a stationary budget law, and the share of clients bidding 0 under it is
  gamma(z). One step here is one pass of the loop (cournot: z_{n+1} = gamma(z_n)). Row n
  shows z_n, gamma(z_n), the trade ratio 1 - z_n and the newcomer's value E_Psi[v*].

THINGS TO NOTICE
  Fig. 2: from z = 1 (nobody bids) z creeps down (0.984, 0.973, 0.947) and then
  collapses (0.86, 0.62, 0.32). After 16 steps it settles at z* = 0.1577: trade ratio
  84.2 % (paper 84.3 %), E_Psi[v*] = 40.15 (paper 40.14).
  describe at the equilibrium (after the run, or taton describe mfg_bank --tol 1e-7; at
  the z0 = 1 start it shows b_th = L = 3.19 and V_inf = 25): the bid threshold
  b_th = 5.24 lies above every newcomer's budget, so newcomers must first earn as
  servers. Above U = 6.09 a win raises the budget and v = V_inf = 46.06.
  budget: the stationary CDF runs far beyond the newcomers' U[0,5] (mean about 42),
  because trading agents get about one unit richer per period.
  client_bid: bids are binary, with mass z at 0 and 1 - z at k (Fig. 4).
  gamma_curve: gamma(z) crosses the diagonal at the equilibrium.

THINGS TO TRY
  set b0_min 5 and set b0_max 10    richer newcomers trade 99.52 % (Table I: 99.4 %;
                                    the paper's text says bank "reaches 100 %").
  set variant "loan", set variant "hard"    the other two models of Table I.
  dynamics damped:0.5, dynamics fictitious  other learning rules, same equilibrium.
  set k 8.3 and set z0 0    a second equilibrium near 88 % (from z0 = 1: about 1 %).
  Figs 5-7, trade ratio against k for three Psi (a --set expression sees each run's
  b0_min; --vary b0_min,b0_max=0,5|3,8|5,10 does the same):
      taton sweep mfg_bank --vary k=6:8.5:0.1 --vary b0_min=0,3,5
          --set 'b0_max=b0_min+5' --set h=0.02 --tol 1e-7
  U[0,5] rises up to k = 8, then from z0 = 1 falls to the near-frozen equilibrium
  (about 1 %); with --set z0=0 it stays near 88 %. U[3,8] rises, then falls; U[5,10]
  falls.
]],
  views = {
    { series = { "z", "gamma" }, title = "belief z and best response gamma(z) (Fig. 2)" },
    { series = { "trade_ratio" }, title = "trade ratio 1 - z" },
    { dist = "budget" },
    { dist = "client_bid" },
    { dist = "gamma_curve", cobweb = { "z", "gamma" } },
    { series = { "value" }, title = "value to a newcomer E_Psi[v*]" },
  },
}
