-- Paper 000, Section V: the loan model (the server lends), compared with its reading where
-- the repayment also counts as the server's reward, and with the bank model.
return taton.scenario{
  title = "Peer loans: the server takes the bank's place (Xia, Shakkottai & Subramanian, Fig. 2, Table I)",
  model = "mfg",
  params = { variant = "loan", loan_extra = "budget", k = 7, b0_min = 0, b0_max = 5, z0 = 1 },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "loan", params = { variant = "loan", loan_extra = "budget" } },
    { label = "loan reward", params = { variant = "loan", loan_extra = "reward" } },
    { label = "bank", params = { variant = "bank" } },
  },
  info = [[
WHAT IS IT
  In the bank model a client with b < k borrows from a bank and repays alpha (k - b) from
  its surplus (eq. 1); that money leaves the market. Here the server is the lender. The
  paper says only that the server "obtains additional revenue beyond the payment k", so
  we use this reading: the repayment alpha (k - b_c)^+ of the matched client goes to the
  server's budget (loan_extra = "budget"). Servers do not know their client's budget. They
  believe the extra follows a law q (the repayments of bidding clients at the stationary
  law), which is learned along with z. The action has two blocks, z and q, and every
  dynamic averages both.
  Three runs: this reading, the variant where the repayment also counts in the server's
  reward (loan_extra = "reward"), and the bank model.

THINGS TO NOTICE
  Fig. 2: loan ramps up faster than bank (z = 0.98, 0.78, 0.44, ...). It settles after 13
  steps at z* = 0.1496: trade ratio 85.04 % (paper 85.2 %). Bank takes 16 steps to 84.2 %.
  Values: this reading gives E_Psi[v*] = 40.65, and counting the repayment as reward gives
  42.05. The paper's 41.74 lies between the two. Its loan model is not fully recoverable
  (the trade ratio is the same under both readings: reward does not move budgets).
  With U[5,10] the reading does not matter much: 99.52 %, 49.70 (paper 99.5 %, 49.7).
  budget (Fig. 3): loan agents are wealthier than bank agents, because the repayments
  stay in the market.

THINGS TO TRY
  set loan_extra "interest"   only the interest (alpha - 1)(k - b) goes to the server:
                              84.3 %.
  set b0_min 5 and set b0_max 10   Table I's right half.
  dynamics fictitious         beliefs about q are averaged too.
]],
  views = {
    { series = { "z" }, title = "belief z (Fig. 2)" },
    { series = { "value" }, title = "value to a newcomer E_Psi[v*]" },
    { dist = "budget" },
    { dist = "client_bid" },
  },
}
