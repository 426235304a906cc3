-- taton.graphs: edge lists for models that take a network (a parameter accepting a table of
-- rows {from, to}). Nodes are numbered 1..n; every edge is listed once, smaller node first,
-- and read as undirected.
--
--   local graphs = require("taton.graphs")
--   params = { graph = graphs.ring(8) }

local graphs = {}

-- graphs.path(n) -> 1 - 2 - ... - n.
--   graphs.path(4)   --> {{1,2},{2,3},{3,4}}
function graphs.path(n)
  local e = {}
  for i = 1, n - 1 do e[#e + 1] = { i, i + 1 } end
  return e
end

-- graphs.ring(n) -> the path closed into a cycle (n >= 3).
--   graphs.ring(4)   --> {{1,2},{2,3},{3,4},{1,4}}
function graphs.ring(n)
  assert(n >= 3, "ring: needs n >= 3")
  local e = graphs.path(n)
  e[#e + 1] = { 1, n }
  return e
end

-- graphs.star(n) -> node 1 linked to every other node.
--   graphs.star(4)   --> {{1,2},{1,3},{1,4}}
function graphs.star(n)
  local e = {}
  for i = 2, n do e[#e + 1] = { 1, i } end
  return e
end

-- graphs.complete(n) -> every pair of nodes.
--   graphs.complete(3)   --> {{1,2},{1,3},{2,3}}
function graphs.complete(n)
  local e = {}
  for i = 1, n - 1 do
    for j = i + 1, n do e[#e + 1] = { i, j } end
  end
  return e
end

-- graphs.tree(depth) -> the perfect binary tree with 2^(depth+1) - 1 nodes, node k having
-- children 2k and 2k+1.
--   graphs.tree(1)   --> {{1,2},{1,3}}
function graphs.tree(depth)
  local e = {}
  local n = 2 ^ (depth + 1) - 1
  for k = 2, n do e[#e + 1] = { k // 2, k } end
  return e
end

-- graphs.grid(w, h) -> the w x h lattice, node (x, y) numbered (y-1)*w + x.
--   graphs.grid(2, 2)   --> {{1,2},{1,3},{2,4},{3,4}}
function graphs.grid(w, h)
  local e = {}
  for y = 1, h do
    for x = 1, w do
      local k = (y - 1) * w + x
      if x < w then e[#e + 1] = { k, k + 1 } end
      if y < h then e[#e + 1] = { k, k + w } end
    end
  end
  table.sort(e, function(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end)
  return e
end

-- graphs.erdos_renyi(n, p) -> each pair linked with probability p (math.random, so the graph
-- is fixed by the scenario's seed).
--   graphs.erdos_renyi(10, 0.3)
function graphs.erdos_renyi(n, p)
  local e = {}
  for i = 1, n - 1 do
    for j = i + 1, n do
      if math.random() < p then e[#e + 1] = { i, j } end
    end
  end
  return e
end

-- graphs.nodes(edges) -> the largest node number in an edge list (its node count).
--   graphs.nodes(graphs.star(5))   --> 5
function graphs.nodes(edges)
  local n = 0
  for _, ed in ipairs(edges) do n = math.max(n, ed[1], ed[2]) end
  return n
end

return graphs
