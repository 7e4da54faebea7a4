using Google.OrTools.Graph;

namespace EpiCommand.Web.Support;

/// <summary>
/// Allocation of open materials requests across depots (issue 16 §4; 000 §三(四)2 统筹调配医疗防控储备物资). Items are independent
/// (no transport capacity is modelled) except where the city accepts a substitute for an item (issue 16 §3, e.g. KN95 for N95, one for
/// one): the items so linked are one min-cost flow, every other item one of its own, each solved to proven optimality with OR-Tools:
/// <code>
///   depot d, item s (supply = stock) ──cost(d, r)─────────────────, capacity = need──▶  request r, item i (s = i)
///                                    ──cost(d, r) + substitute cost, capacity = need──▶  request r, item i (s an accepted substitute of i)
///   shortage (supply = Σ need) ──penalty(r) per unit───────────▶  request r, item i
///   every depot, shortage ──cost 0──▶ surplus (demand = Σ stock)
/// </code>
/// Minimised: Σ quantity × (distance cost [+ substitute cost]) + Σ unmet × penalty. The penalty is far above any distance, so as much as
/// possible is met first, and of what cannot be met, the lowest-priority requests go short; the substitute cost is above any distance
/// and below the penalty, so the item itself is shipped where there is any, and a substitute only instead of leaving it unmet
/// (docs/support.md).
/// </summary>
public static class SupportAllocator
{
    public sealed record Supply(int DepotId, int ItemId, long Quantity);

    /// <param name="Penalty">Cost of one unit left unmet (the request's priority).</param>
    /// <param name="Substitutes">Items accepted instead of <paramref name="ItemId"/> for this request, one for one (none: null).</param>
    public sealed record Demand(long RequestId, int ItemId, long Quantity, long Penalty, IReadOnlyList<int>? Substitutes = null);

    /// <param name="ItemId">The item shipped (issued from the depot).</param>
    /// <param name="ForItemId">When a substitute: the request's item it stands for; null when the item itself is shipped.</param>
    public sealed record Shipment(long RequestId, int DepotId, int ItemId, long Quantity, long UnitCost, int? ForItemId = null);

    public sealed record Shortfall(long RequestId, int ItemId, long Quantity);

    public sealed record Allocation(IReadOnlyList<Shipment> Shipments, IReadOnlyList<Shortfall> Unmet, long Cost)
    {
        public long UnmetQuantity => Unmet.Sum(u => u.Quantity);
        public long ShippingCost => Shipments.Sum(s => s.Quantity * s.UnitCost);
    }

    /// <summary>The distance cost of sending from a depot to a request, or null when the depot may not serve it.</summary>
    public delegate long? CostOf(int depotId, long requestId);

    /// <summary>The cost of one unit of a substitute on top of its distance (docs/support.md): above any distance, below the unmet penalty.</summary>
    public const long SubstituteCost = 500;

    public static Allocation Optimal(IReadOnlyList<Supply> supplies, IReadOnlyList<Demand> demands, CostOf cost)
    {
        var shipments = new List<Shipment>();
        var unmet = new List<Shortfall>();
        long total = 0;
        var stockByItem = supplies.Where(s => s.Quantity > 0).GroupBy(s => s.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var component in Components(demands.Where(d => d.Quantity > 0).ToList()))
        {
            var need = component.Demands;
            var stock = component.Items.SelectMany(i => stockByItem.GetValueOrDefault(i) ?? []).ToList();
            var flow = new MinCostFlow();
            // Nodes: stock rows 0..S-1, demands S..S+R-1, shortage S+R, surplus S+R+1.
            var shortage = stock.Count + need.Count;
            var surplus = shortage + 1;
            var arcs = new List<(int Arc, int Stock, int Request, long UnitCost)>();
            var unmetArcs = new List<(int Arc, int Request)>();
            for (var d = 0; d < stock.Count; d++)
            {
                flow.SetNodeSupply(d, stock[d].Quantity);
                flow.AddArcWithCapacityAndUnitCost(d, surplus, stock[d].Quantity, 0);
                for (var r = 0; r < need.Count; r++)
                {
                    var extra = stock[d].ItemId == need[r].ItemId ? 0 : need[r].Substitutes?.Contains(stock[d].ItemId) == true ? SubstituteCost : (long?)null;
                    if (extra is null || cost(stock[d].DepotId, need[r].RequestId) is not { } c) continue;
                    arcs.Add((flow.AddArcWithCapacityAndUnitCost(d, stock.Count + r, need[r].Quantity, c + extra.Value), d, r, c + extra.Value));
                }
            }
            var needed = need.Sum(n => n.Quantity);
            for (var r = 0; r < need.Count; r++)
            {
                flow.SetNodeSupply(stock.Count + r, -need[r].Quantity);
                unmetArcs.Add((flow.AddArcWithCapacityAndUnitCost(shortage, stock.Count + r, need[r].Quantity, need[r].Penalty), r));
            }
            flow.SetNodeSupply(shortage, needed);
            flow.AddArcWithCapacityAndUnitCost(shortage, surplus, needed, 0);
            flow.SetNodeSupply(surplus, -stock.Sum(s => s.Quantity));
            var status = flow.Solve();
            if (status != MinCostFlowBase.Status.OPTIMAL) throw new InvalidOperationException($"min-cost flow for items {string.Join(',', component.Items)}: {status}");
            total += flow.OptimalCost();
            foreach (var (arc, d, r, c) in arcs)
            {
                if (flow.Flow(arc) is > 0 and var q)
                {
                    var shipped = stock[d].ItemId;
                    shipments.Add(new Shipment(need[r].RequestId, stock[d].DepotId, shipped, q, c, shipped == need[r].ItemId ? null : need[r].ItemId));
                }
            }
            foreach (var (arc, r) in unmetArcs)
            {
                if (flow.Flow(arc) is > 0 and var q) unmet.Add(new Shortfall(need[r].RequestId, need[r].ItemId, q));
            }
        }
        return new Allocation(shipments, unmet, total);
    }

    /// <summary>
    /// The items that share stock through substitutes, with their demands: each item alone where none is named (one flow per item,
    /// as before), else the items linked by "may be replaced by", in the order of their smallest item.
    /// </summary>
    private static IEnumerable<(IReadOnlyList<int> Items, List<Demand> Demands)> Components(List<Demand> demands)
    {
        var parent = new Dictionary<int, int>();
        int Find(int x)
        {
            if (!parent.TryGetValue(x, out var p)) return parent[x] = x;
            return p == x ? x : parent[x] = Find(p);
        }
        foreach (var demand in demands)
        {
            var root = Find(demand.ItemId);
            foreach (var substitute in demand.Substitutes ?? [])
            {
                var other = Find(substitute);
                if (other != root) parent[Math.Max(other, root)] = Math.Min(other, root);
                root = Find(demand.ItemId);
            }
        }
        return parent.Keys.GroupBy(Find).OrderBy(g => g.Key)
            .Select(g => ((IReadOnlyList<int>)[.. g.Order()], demands.Where(d => Find(d.ItemId) == g.Key).ToList()))
            .Where(c => c.Item2.Count > 0);
    }

    /// <summary>
    /// The baseline the optimum is compared with: requests in the given order (earliest needed first), each served from its cheapest
    /// depot with stock, then the next.
    /// </summary>
    public static Allocation Greedy(IReadOnlyList<Supply> supplies, IReadOnlyList<Demand> demands, CostOf cost)
    {
        var left = supplies.ToDictionary(s => (s.DepotId, s.ItemId), s => s.Quantity);
        var shipments = new List<Shipment>();
        var unmet = new List<Shortfall>();
        long total = 0;
        foreach (var demand in demands.Where(d => d.Quantity > 0))
        {
            var need = demand.Quantity;
            // The item itself from the cheapest depot first, then its substitutes (at their extra cost).
            var candidates = supplies.Where(s => s.ItemId == demand.ItemId || demand.Substitutes?.Contains(s.ItemId) == true)
                .Select(s => (s.DepotId, s.ItemId, Cost: cost(s.DepotId, demand.RequestId) + (s.ItemId == demand.ItemId ? 0 : SubstituteCost)))
                .Where(c => c.Cost is not null).OrderBy(c => c.Cost).ThenBy(c => c.DepotId).ThenBy(c => c.ItemId);
            foreach (var (depot, item, c) in candidates)
            {
                if (need == 0) break;
                var take = Math.Min(need, left[(depot, item)]);
                if (take == 0) continue;
                left[(depot, item)] -= take;
                need -= take;
                shipments.Add(new Shipment(demand.RequestId, depot, item, take, c!.Value, item == demand.ItemId ? null : demand.ItemId));
                total += take * c.Value;
            }
            if (need > 0)
            {
                unmet.Add(new Shortfall(demand.RequestId, demand.ItemId, need));
                total += need * demand.Penalty;
            }
        }
        return new Allocation(shipments, unmet, total);
    }
}
