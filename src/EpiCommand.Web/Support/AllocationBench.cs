using System.Diagnostics;

namespace EpiCommand.Web.Support;

/// <summary>
/// The allocation bench (issue 16 §4; <c>bench-allocation</c> on the command line): a generated city of counties with depots and
/// competing materials requests, allocated by <see cref="SupportAllocator.Optimal"/> (OR-Tools min-cost flow per item) and, in the same
/// run, by the greedy baseline (requests by needed-by, each from its nearest depot with stock). Distances are kilometres between
/// generated county centroids (a depot never serves its own county, as in the service); the unmet penalty is the service's
/// (<see cref="SupportService.UnmetPenalty"/> × priority by grade).
/// </summary>
public static class AllocationBench
{
    /// <param name="Lane">The requesting county of a request (the lane depot → county the vehicles' trips run on).</param>
    public sealed record Scenario(IReadOnlyList<SupportAllocator.Supply> Supplies, IReadOnlyList<SupportAllocator.Demand> Demands, SupportAllocator.CostOf Cost,
        int Depots, int Items, int Requests, Func<long, string> Lane);

    /// <summary>The coupled case: the scenario with vehicles at its depots and a volume per item.</summary>
    public sealed record Coupling(Scenario Scenario, IReadOnlyList<SupportAllocator.Vehicle> Vehicles, Func<int, double> Volume);

    /// <summary>The coupled case allocated three ways in one run: the MIP with vehicles, the min-cost flow ignoring them, greedy ignoring them.</summary>
    public sealed record CoupledResult(Coupling Case, SupportAllocator.Allocation Mip, SupportAllocator.Allocation Flow, SupportAllocator.Allocation Greedy,
        double MipMilliseconds, double FlowMilliseconds, double GreedyMilliseconds, SupportAllocator.TransportOptions Options);

    public sealed record Result(Scenario Scenario, SupportAllocator.Allocation Optimal, SupportAllocator.Allocation Greedy, double OptimalMilliseconds, double GreedyMilliseconds)
    {
        /// <summary>Time of the optimum over the greedy baseline's (medians).</summary>
        public double TimeRatio => OptimalMilliseconds / Math.Max(GreedyMilliseconds, 0.001);

        /// <summary>How much lower the optimum's objective is than greedy's, as a share of greedy's.</summary>
        public double Improvement => Greedy.Cost == 0 ? 0 : (double)(Greedy.Cost - Optimal.Cost) / Greedy.Cost;
    }

    /// <summary>
    /// <paramref name="depots"/> depots (a tenth at the city's seat, the rest across 20 counties), <paramref name="items"/> catalogue items
    /// each held by about a third of the depots, <paramref name="requests"/> requests from the counties each asking for about half of
    /// the items — more than the depots hold, so that requests compete.
    /// </summary>
    public static Scenario Generate(int depots, int items, int requests, int seed = 16)
    {
        var random = new Random(seed);
        const int counties = 20;
        // County centroids within ~300 km of the city's seat at (0, 0); county -1 is the seat.
        var centroid = Enumerable.Range(0, counties).Select(_ => (X: random.Next(-150, 151), Y: random.Next(-150, 151))).ToArray();
        (int X, int Y) Where(int county) => county < 0 ? (0, 0) : centroid[county];
        var depotCounty = Enumerable.Range(0, depots).Select(d => d < Math.Max(1, depots / 10) ? -1 : d % counties).ToArray();
        var requestCounty = Enumerable.Range(0, requests).Select(r => r % counties).ToArray();
        var supplies = new List<SupportAllocator.Supply>();
        for (var d = 0; d < depots; d++)
        {
            for (var i = 0; i < items; i++)
            {
                if (random.Next(3) == 0) supplies.Add(new SupportAllocator.Supply(d, i, random.Next(1, 61)));
            }
        }
        var demands = new List<SupportAllocator.Demand>();
        for (var r = 0; r < requests; r++)
        {
            var priority = random.Next(1, 6);
            for (var i = 0; i < items; i++)
            {
                if (random.Next(2) == 0) demands.Add(new SupportAllocator.Demand(r, i, random.Next(1, 201), SupportService.UnmetPenalty * priority));
            }
        }
        long? Cost(int depot, long request)
        {
            var from = depotCounty[depot];
            var to = requestCounty[request];
            if (from == to) return null;
            var (a, b) = (Where(from), Where(to));
            return 1 + (long)Math.Round(Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2)));
        }
        return new Scenario(supplies, demands, Cost, depots, items, requests, r => requestCounty[r].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The coupled case (issue 16 §4 "couple only where vehicles are modelled"): <see cref="Generate"/>'s city with one or two vehicles at
    /// every depot (400–1,200 L a trip, 1–3 trips a day) and a volume per item (0.5–5 L a unit) — fewer litres than the requests want, so
    /// that the trips bind.
    /// </summary>
    public static Coupling GenerateCoupled(int depots, int items, int requests, int seed = 16)
    {
        var scenario = Generate(depots, items, requests, seed);
        var random = new Random(seed + 1);
        var vehicles = new List<SupportAllocator.Vehicle>();
        for (var d = 0; d < depots; d++)
        {
            for (var v = random.Next(1, 3); v > 0; v--) vehicles.Add(new SupportAllocator.Vehicle(vehicles.Count + 1, d, random.Next(4, 13) * 100, random.Next(1, 4)));
        }
        var volume = Enumerable.Range(0, items).Select(_ => random.Next(1, 11) / 2.0).ToArray();
        return new Coupling(scenario, vehicles, i => volume[i]);
    }

    /// <summary>Allocates the coupled case <paramref name="runs"/> times each way (the MIP, the flow, greedy) and keeps the median times.</summary>
    public static CoupledResult RunCoupled(Coupling coupling, SupportAllocator.TransportOptions options, int runs = 3)
    {
        var s = coupling.Scenario;
        SupportAllocator.Allocation Mip() => SupportAllocator.Coupled(s.Supplies, s.Demands, s.Cost, coupling.Vehicles, s.Lane, coupling.Volume, options);
        SupportAllocator.Allocation Flow() => SupportAllocator.Optimal(s.Supplies, s.Demands, s.Cost);
        SupportAllocator.Allocation Greedy() => SupportAllocator.Greedy(s.Supplies, s.Demands, s.Cost);
        Mip();
        var times = new[] { new List<double>(), new List<double>(), new List<double>() };
        var results = new SupportAllocator.Allocation[3];
        var watch = new Stopwatch();
        for (var run = 0; run < Math.Max(1, runs); run++)
        {
            var way = 0;
            foreach (var allocate in new Func<SupportAllocator.Allocation>[] { Mip, Flow, Greedy })
            {
                watch.Restart();
                results[way] = allocate();
                times[way++].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return new CoupledResult(coupling, results[0], results[1], results[2], Median(times[0]), Median(times[1]), Median(times[2]), options);
    }

    /// <summary>
    /// The report of the coupled case. The flow and greedy ignore the vehicles: their trips are what their shipments would need (each
    /// depot→county lane's litres over its vehicles' largest trip, rounded up), and what no vehicle of the depot could carry in its trips
    /// a day is beyond them (their "cost" is thus not comparable in kind: they are infeasible where the MIP's is not).
    /// </summary>
    public static IEnumerable<string> Report(CoupledResult result)
    {
        var c = result.Case;
        var s = c.Scenario;
        yield return $"coupled case: {s.Depots} depots x {s.Items} items x {s.Requests} requests, {c.Vehicles.Count} vehicles ({c.Vehicles.Sum(v => v.Capacity * v.Trips):N0} L a day), "
            + $"{s.Demands.Count} demand lines ({s.Demands.Sum(d => d.Quantity * c.Volume(d.ItemId)):N0} L wanted); trip cost {result.Options.TripCost}, gap {result.Options.RelativeGap:P1}, limit {result.Options.TimeLimitSeconds} s";
        var m = result.Mip;
        yield return $"MIP (OR-Tools SCIP, vehicles couple items): {result.MipMilliseconds,9:F1} ms (median); {m.Status}, gap {m.Gap:P2}, bound {m.Bound:N0}; objective {m.Cost:N0} = distance {m.ShippingCost:N0} "
            + $"+ {m.TripCount:N0} trips + unmet {m.UnmetQuantity:N0} units x penalty";
        foreach (var (name, a, ms) in new[] { ("min-cost flow (vehicles ignored)", result.Flow, result.FlowMilliseconds), ("greedy baseline (vehicles ignored)", result.Greedy, result.GreedyMilliseconds) })
        {
            var (trips, beyond) = TripsNeeded(c, a);
            yield return $"{name}: {ms,9:F1} ms (median); objective without trips {a.Cost:N0} = distance {a.ShippingCost:N0} + unmet {a.UnmetQuantity:N0} units x penalty; "
                + $"would need {trips:N0} trips, {beyond:N0} L beyond the vehicles";
        }
    }

    private static (long Trips, double Beyond) TripsNeeded(Coupling c, SupportAllocator.Allocation a)
    {
        var byDepot = c.Vehicles.GroupBy(v => v.DepotId).ToDictionary(g => g.Key, g => g.ToList());
        long trips = 0;
        double beyond = 0;
        foreach (var depot in a.Shipments.GroupBy(x => x.DepotId))
        {
            if (!byDepot.TryGetValue(depot.Key, out var vehicles)) continue;
            var largest = vehicles.Max(v => v.Capacity);
            var lanes = depot.GroupBy(x => c.Scenario.Lane(x.RequestId)).Select(g => g.Sum(x => x.Quantity * c.Volume(x.ItemId))).ToList();
            trips += lanes.Sum(l => (long)Math.Ceiling(l / largest));
            beyond += Math.Max(0, lanes.Sum() - vehicles.Sum(v => (double)v.Capacity * v.Trips));
        }
        return (trips, beyond);
    }

    /// <summary>Allocates the scenario <paramref name="runs"/> times each way (after one warm-up) and keeps the median times.</summary>
    public static Result Run(Scenario scenario, int runs = 5)
    {
        SupportAllocator.Optimal(scenario.Supplies, scenario.Demands, scenario.Cost);
        SupportAllocator.Greedy(scenario.Supplies, scenario.Demands, scenario.Cost);
        var optimalTimes = new List<double>();
        var greedyTimes = new List<double>();
        SupportAllocator.Allocation? optimal = null, greedy = null;
        var watch = new Stopwatch();
        for (var run = 0; run < Math.Max(1, runs); run++)
        {
            watch.Restart();
            optimal = SupportAllocator.Optimal(scenario.Supplies, scenario.Demands, scenario.Cost);
            optimalTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            greedy = SupportAllocator.Greedy(scenario.Supplies, scenario.Demands, scenario.Cost);
            greedyTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        return new Result(scenario, optimal!, greedy!, Median(optimalTimes), Median(greedyTimes));
    }

    /// <summary>The report the command prints.</summary>
    public static IEnumerable<string> Report(Result result)
    {
        var s = result.Scenario;
        yield return $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
        yield return $"scenario: {s.Depots} depots x {s.Items} items x {s.Requests} requests; {s.Supplies.Count} stock lines ({s.Supplies.Sum(x => x.Quantity):N0} units), "
            + $"{s.Demands.Count} demand lines ({s.Demands.Sum(x => x.Quantity):N0} units)";
        yield return $"optimal (OR-Tools min-cost flow per item): {result.OptimalMilliseconds,9:F1} ms (median); objective {result.Optimal.Cost:N0} = distance {result.Optimal.ShippingCost:N0} + unmet {result.Optimal.UnmetQuantity:N0} units x penalty";
        yield return $"greedy baseline (needed-by order, nearest depot): {result.GreedyMilliseconds,9:F1} ms (median); objective {result.Greedy.Cost:N0} = distance {result.Greedy.ShippingCost:N0} + unmet {result.Greedy.UnmetQuantity:N0} units x penalty";
        yield return $"ratio optimal / greedy time: {result.TimeRatio:F2}";
        yield return $"objective improvement: {result.Greedy.Cost - result.Optimal.Cost:N0} ({result.Improvement:P1} below greedy); distance {result.Greedy.ShippingCost - result.Optimal.ShippingCost:N0} unit·km less, "
            + $"unmet {result.Greedy.UnmetQuantity - result.Optimal.UnmetQuantity:N0} units less";
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
