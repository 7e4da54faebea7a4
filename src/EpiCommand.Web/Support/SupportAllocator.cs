using Google.OrTools.Graph;

namespace EpiCommand.Web.Support;

/// <summary>
/// Allocation of open materials requests across depots (issue 16 §4; 000 §三(四)2 统筹调配医疗防控储备物资). Items are independent
/// (no transport capacity is modelled), so each item is one min-cost flow, solved to proven optimality with OR-Tools:
/// <code>
///   depot d (supply = stock)  ──cost(d, r), capacity = need──▶  request r (demand = accepted − dispatched)
///   shortage (supply = Σ need) ──penalty(r) per unit───────────▶  request r
///   depot d, shortage ──cost 0──▶ surplus (demand = Σ stock)
/// </code>
/// Minimised: Σ quantity × distance cost + Σ unmet × penalty. The penalty is far above any distance, so as much as possible is
/// met first, and of what cannot be met, the lowest-priority requests go short (docs/support.md).
/// </summary>
public static class SupportAllocator
{
    public sealed record Supply(int DepotId, int ItemId, long Quantity);

    /// <param name="Penalty">Cost of one unit left unmet (the request's priority).</param>
    public sealed record Demand(long RequestId, int ItemId, long Quantity, long Penalty);

    public sealed record Shipment(long RequestId, int DepotId, int ItemId, long Quantity, long UnitCost);

    public sealed record Shortfall(long RequestId, int ItemId, long Quantity);

    public sealed record Allocation(IReadOnlyList<Shipment> Shipments, IReadOnlyList<Shortfall> Unmet, long Cost)
    {
        public long UnmetQuantity => Unmet.Sum(u => u.Quantity);
        public long ShippingCost => Shipments.Sum(s => s.Quantity * s.UnitCost);
    }

    /// <summary>The distance cost of sending from a depot to a request, or null when the depot may not serve it.</summary>
    public delegate long? CostOf(int depotId, long requestId);

    public static Allocation Optimal(IReadOnlyList<Supply> supplies, IReadOnlyList<Demand> demands, CostOf cost)
    {
        var shipments = new List<Shipment>();
        var unmet = new List<Shortfall>();
        long total = 0;
        foreach (var item in demands.Select(d => d.ItemId).Distinct().Order())
        {
            var need = demands.Where(d => d.ItemId == item && d.Quantity > 0).ToList();
            var stock = supplies.Where(s => s.ItemId == item && s.Quantity > 0).ToList();
            if (need.Count == 0) continue;
            var flow = new MinCostFlow();
            // Nodes: depots 0..D-1, requests D..D+R-1, shortage D+R, surplus D+R+1.
            var shortage = stock.Count + need.Count;
            var surplus = shortage + 1;
            var arcs = new List<(int Arc, int Depot, int Request, long UnitCost)>();
            var unmetArcs = new List<(int Arc, int Request)>();
            for (var d = 0; d < stock.Count; d++)
            {
                flow.SetNodeSupply(d, stock[d].Quantity);
                flow.AddArcWithCapacityAndUnitCost(d, surplus, stock[d].Quantity, 0);
                for (var r = 0; r < need.Count; r++)
                {
                    if (cost(stock[d].DepotId, need[r].RequestId) is not { } c) continue;
                    arcs.Add((flow.AddArcWithCapacityAndUnitCost(d, stock.Count + r, need[r].Quantity, c), d, r, c));
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
            if (status != MinCostFlowBase.Status.OPTIMAL) throw new InvalidOperationException($"min-cost flow for item {item}: {status}");
            total += flow.OptimalCost();
            foreach (var (arc, d, r, c) in arcs)
            {
                if (flow.Flow(arc) is > 0 and var q) shipments.Add(new Shipment(need[r].RequestId, stock[d].DepotId, item, q, c));
            }
            foreach (var (arc, r) in unmetArcs)
            {
                if (flow.Flow(arc) is > 0 and var q) unmet.Add(new Shortfall(need[r].RequestId, item, q));
            }
        }
        return new Allocation(shipments, unmet, total);
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
            var candidates = supplies.Where(s => s.ItemId == demand.ItemId).Select(s => (s.DepotId, Cost: cost(s.DepotId, demand.RequestId)))
                .Where(c => c.Cost is not null).OrderBy(c => c.Cost).ThenBy(c => c.DepotId);
            foreach (var (depot, c) in candidates)
            {
                if (need == 0) break;
                var take = Math.Min(need, left[(depot, demand.ItemId)]);
                if (take == 0) continue;
                left[(depot, demand.ItemId)] -= take;
                need -= take;
                shipments.Add(new Shipment(demand.RequestId, depot, demand.ItemId, take, c!.Value));
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
