using Google.OrTools.Graph;
using Google.OrTools.LinearSolver;

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

    /// <param name="Trips">The vehicles' planned trips (coupled allocation only; empty otherwise).</param>
    /// <param name="Method">"min-cost-flow" (proven optimal per item) or "mip" (items coupled by vehicles; SCIP).</param>
    /// <param name="Status">The solver's status: OPTIMAL (for the MIP: within the relative gap), FEASIBLE (the time limit came first).</param>
    /// <param name="Gap">The relative gap achieved (objective − bound) / objective; 0 for the flow.</param>
    /// <param name="Bound">The solver's lower bound of the objective (the flow: its optimum).</param>
    public sealed record Allocation(IReadOnlyList<Shipment> Shipments, IReadOnlyList<Shortfall> Unmet, long Cost, IReadOnlyList<Trip>? Trips = null,
        string Method = "min-cost-flow", string Status = "OPTIMAL", double Gap = 0, double? Bound = null)
    {
        public long UnmetQuantity => Unmet.Sum(u => u.Quantity);
        public long ShippingCost => Shipments.Sum(s => s.Quantity * s.UnitCost);
        public long TripCount => Trips?.Sum(t => (long)t.Count) ?? 0;
    }

    /// <summary>A vehicle of a depot: litres a trip carries, trips it may make (docs/support.md "Vehicles").</summary>
    public sealed record Vehicle(int VehicleId, int DepotId, long Capacity, int Trips);

    /// <summary><paramref name="Count"/> trips of a vehicle from its depot on the lane to <paramref name="Lane"/> (the requesting county), carrying <paramref name="Volume"/> litres.</summary>
    public sealed record Trip(int VehicleId, int DepotId, string Lane, int Count, double Volume, long Capacity);

    /// <summary>
    /// The MIP's settings (configuration <c>Support:Allocation</c>): the time limit, the relative gap at which SCIP stops, and the cost of
    /// one vehicle trip in the objective (above a unit's distance, below a unit's unmet penalty).
    /// </summary>
    public sealed class TransportOptions
    {
        public double TimeLimitSeconds { get; set; } = 10;
        public double RelativeGap { get; set; } = 0.01;
        public long TripCost { get; set; } = 100;
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
        return new Allocation(shipments, unmet, total, Bound: total);
    }

    /// <summary>
    /// The allocation when depots have vehicles (issue 16 §4: "couple only where vehicles are modelled"; 000 §三(五)2 交通保障组): one MIP
    /// over every item, solved by SCIP (OR-Tools linear solver) to the configured relative gap within the time limit:
    /// <code>
    ///   x[s, r] ≥ 0 integer   units of stock row s (depot d, item shipped) to demand r (as in the flow: the item itself, or an accepted substitute)
    ///   u[r]    ≥ 0 integer   units of r left unmet
    ///   t[v, L] ≥ 0 integer   trips of vehicle v (of depot d) on the lane d → county L
    ///   Σ_r x[s, r] ≤ stock(s);   Σ_s x[s, r] + u[r] = need(r);   Σ_L t[v, L] ≤ trips(v)
    ///   for a depot d with vehicles, each lane L:  Σ_{s of d, r of L} volume(item of s) × x[s, r] ≤ Σ_{v of d} capacity(v) × t[v, L]
    ///   minimise Σ x × (distance [+ substitute cost]) + Σ u × penalty + Σ t × trip cost
    /// </code>
    /// A depot without vehicles ships as in the flow (its transport is not modelled). Without any vehicle the caller uses <see cref="Optimal"/>.
    /// </summary>
    public static Allocation Coupled(IReadOnlyList<Supply> supplies, IReadOnlyList<Demand> demands, CostOf cost, IReadOnlyList<Vehicle> vehicles,
        Func<long, string> laneOf, Func<int, double> volumeOf, TransportOptions options)
    {
        var need = demands.Where(d => d.Quantity > 0).ToList();
        var stock = supplies.Where(s => s.Quantity > 0).ToList();
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("OR-Tools: SCIP is not available");
        solver.SetTimeLimit((long)(options.TimeLimitSeconds * 1000));
        var objective = solver.Objective();
        objective.SetMinimization();
        var byItem = need.Select((d, r) => (d, r)).SelectMany(p => (p.d.Substitutes ?? []).Prepend(p.d.ItemId).Distinct().Select(i => (Item: i, p.r)))
            .GroupBy(p => p.Item).ToDictionary(g => g.Key, g => g.Select(p => p.r).ToList());
        var arcs = new List<(Variable X, int Stock, int Request, long UnitCost)>();
        var fill = need.Select(_ => new List<Variable>()).ToList();
        var carried = new Dictionary<(int Depot, string Lane), List<(Variable X, double Volume)>>();
        var withVehicles = vehicles.Select(v => v.DepotId).ToHashSet();
        for (var s = 0; s < stock.Count; s++)
        {
            var row = stock[s];
            var leaving = new List<Variable>();
            foreach (var r in byItem.GetValueOrDefault(row.ItemId) ?? [])
            {
                var extra = row.ItemId == need[r].ItemId ? 0 : SubstituteCost;
                if (cost(row.DepotId, need[r].RequestId) is not { } c) continue;
                var x = solver.MakeIntVar(0, Math.Min(row.Quantity, need[r].Quantity), "");
                objective.SetCoefficient(x, c + extra);
                arcs.Add((x, s, r, c + extra));
                leaving.Add(x);
                fill[r].Add(x);
                if (withVehicles.Contains(row.DepotId))
                {
                    var key = (row.DepotId, laneOf(need[r].RequestId));
                    if (!carried.TryGetValue(key, out var list)) carried[key] = list = [];
                    list.Add((x, volumeOf(row.ItemId)));
                }
            }
            if (leaving.Count == 0) continue;
            var supply = solver.MakeConstraint(0, row.Quantity, "");
            foreach (var x in leaving) supply.SetCoefficient(x, 1);
        }
        var unmet = new Variable[need.Count];
        for (var r = 0; r < need.Count; r++)
        {
            unmet[r] = solver.MakeIntVar(0, need[r].Quantity, "");
            objective.SetCoefficient(unmet[r], need[r].Penalty);
            var met = solver.MakeConstraint(need[r].Quantity, need[r].Quantity, "");
            met.SetCoefficient(unmet[r], 1);
            foreach (var x in fill[r]) met.SetCoefficient(x, 1);
        }
        var trips = new List<(Variable T, Vehicle Vehicle, string Lane)>();
        foreach (var vehicle in vehicles)
        {
            var lanes = carried.Keys.Where(k => k.Depot == vehicle.DepotId).Select(k => k.Lane).ToList();
            if (lanes.Count == 0) continue;
            var most = solver.MakeConstraint(0, vehicle.Trips, "");
            foreach (var lane in lanes)
            {
                var t = solver.MakeIntVar(0, vehicle.Trips, "");
                objective.SetCoefficient(t, options.TripCost);
                most.SetCoefficient(t, 1);
                trips.Add((t, vehicle, lane));
            }
        }
        foreach (var ((depot, lane), loads) in carried)
        {
            // What leaves the depot on the lane fits in its vehicles' trips on it.
            var fits = solver.MakeConstraint(double.NegativeInfinity, 0, "");
            foreach (var (x, volume) in loads) fits.SetCoefficient(x, volume);
            foreach (var (t, vehicle, _) in trips.Where(p => p.Vehicle.DepotId == depot && p.Lane == lane)) fits.SetCoefficient(t, -vehicle.Capacity);
        }
        var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.RelativeGap);
        var status = solver.Solve(parameters);
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
            throw new InvalidOperationException($"OR-Tools SCIP: {status} (no allocation within {options.TimeLimitSeconds} s)");

        var shipments = new List<Shipment>();
        var volumeOn = new Dictionary<(int Depot, string Lane), double>();
        foreach (var (x, s, r, c) in arcs)
        {
            if (Math.Round(x.SolutionValue()) is > 0 and var value)
            {
                var q = (long)value;
                var shipped = stock[s].ItemId;
                shipments.Add(new Shipment(need[r].RequestId, stock[s].DepotId, shipped, q, c, shipped == need[r].ItemId ? null : need[r].ItemId));
                var key = (stock[s].DepotId, laneOf(need[r].RequestId));
                volumeOn[key] = volumeOn.GetValueOrDefault(key) + q * volumeOf(shipped);
            }
        }
        var shortfalls = new List<Shortfall>();
        long penalties = 0;
        for (var r = 0; r < need.Count; r++)
        {
            if (Math.Round(unmet[r].SolutionValue()) is > 0 and var q)
            {
                shortfalls.Add(new Shortfall(need[r].RequestId, need[r].ItemId, (long)q));
                penalties += (long)q * need[r].Penalty;
            }
        }
        // Which vehicle carries what: the lane's volume loaded onto its vehicles' trips in turn.
        var planned = new List<Trip>();
        foreach (var group in trips.Select(p => (p.Vehicle, p.Lane, Count: (int)Math.Round(p.T.SolutionValue()))).Where(p => p.Count > 0).GroupBy(p => (p.Vehicle.DepotId, p.Lane)))
        {
            var left = volumeOn.GetValueOrDefault(group.Key);
            foreach (var (vehicle, lane, count) in group.OrderByDescending(p => p.Vehicle.Capacity).ThenBy(p => p.Vehicle.VehicleId))
            {
                var load = Math.Min(left, (double)vehicle.Capacity * count);
                left -= load;
                planned.Add(new Trip(vehicle.VehicleId, vehicle.DepotId, lane, count, load, vehicle.Capacity));
            }
        }
        var reached = objective.Value();
        var bound = objective.BestBound();
        var gap = reached <= 0 ? 0 : Math.Max(0, (reached - bound) / reached);
        var total = shipments.Sum(x => x.Quantity * x.UnitCost) + penalties + planned.Sum(t => (long)t.Count) * options.TripCost;
        return new Allocation(shipments, shortfalls, total, planned, "mip", status.ToString(), gap, bound);
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
