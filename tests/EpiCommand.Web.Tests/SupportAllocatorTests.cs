using EpiCommand.Web.Support;
using static EpiCommand.Web.Support.SupportAllocator;

namespace EpiCommand.Web.Tests;

/// <summary>The allocation of issue 16 §4: the min-cost flow is optimal where the greedy baseline is not, and never ships more than there is.</summary>
public sealed class SupportAllocatorTests
{
    private const string CityPath = "/150000/150500/";
    private const string Horqin = "/150000/150500/150502/";
    private const string Kailu = "/150000/150500/150523/";

    [Fact]
    public void TheOptimumMeetsWhatGreedyLeavesShortOnACraftedCase()
    {
        // Depot 1: the city's, 10 in stock. Depot 2: 开鲁县's, 10 in stock. Request 100 (科尔沁区, needed first) and 200 (开鲁县) want 10 each.
        // Greedy serves 100 from the cheapest depot (the city's, cost 1) and then 200 cannot draw on its own depot: 10 unmet.
        // The optimum sends 开鲁县's stock to 科尔沁区 (cost 2) and the city's to 开鲁县 (cost 1): nothing unmet.
        var depots = new Dictionary<int, string> { [1] = CityPath, [2] = Kailu };
        var requests = new Dictionary<long, string> { [100] = Horqin, [200] = Kailu };
        long? Cost(int depot, long request) => SupportService.Distance(depots[depot], requests[request], CityPath);
        Supply[] supplies = [new(1, 7, 10), new(2, 7, 10)];
        Demand[] demands = [new(100, 7, 10, 1000), new(200, 7, 10, 1000)];

        var greedy = Greedy(supplies, demands, Cost);
        var optimal = Optimal(supplies, demands, Cost);

        Assert.Equal((10L, 10L + 10 * 1000), (greedy.UnmetQuantity, greedy.Cost));
        Assert.Equal((0L, 10L * 2 + 10 * 1), (optimal.UnmetQuantity, optimal.Cost));
        Assert.True(optimal.Cost < greedy.Cost);
        Assert.Contains(optimal.Shipments, s => (s.RequestId, s.DepotId, s.Quantity) == (100, 2, 10));
        Assert.Contains(optimal.Shipments, s => (s.RequestId, s.DepotId, s.Quantity) == (200, 1, 10));
    }

    [Fact]
    public void WhenStockFallsShortTheLowerPriorityGoesShortAndNoDepotShipsMoreThanItHas()
    {
        var depots = new Dictionary<int, string> { [1] = CityPath, [3] = CityPath };
        long? Cost(int depot, long request) => SupportService.Distance(depots[depot], request == 1 ? Horqin : Kailu, CityPath);
        Supply[] supplies = [new(1, 5, 30), new(3, 5, 25), new(1, 6, 4)];
        // Request 1 at grade III (priority 3), request 2 at none (1); 80 wanted of item 5, 55 there.
        Demand[] demands = [new(2, 5, 40, 1000 * SupportService.Priority(null)), new(1, 5, 40, 1000 * SupportService.Priority("III")), new(1, 6, 3, 3000)];

        var optimal = Optimal(supplies, demands, Cost);

        Assert.Equal(40, optimal.Shipments.Where(s => s.RequestId == 1 && s.ItemId == 5).Sum(s => s.Quantity));
        Assert.Equal(15, optimal.Shipments.Where(s => s.RequestId == 2 && s.ItemId == 5).Sum(s => s.Quantity));
        Assert.Equal(new Shortfall(2, 5, 25), Assert.Single(optimal.Unmet));
        Assert.Equal(3, optimal.Shipments.Where(s => s.ItemId == 6).Sum(s => s.Quantity));
        foreach (var supply in supplies)
        {
            Assert.True(optimal.Shipments.Where(s => s.DepotId == supply.DepotId && s.ItemId == supply.ItemId).Sum(s => s.Quantity) <= supply.Quantity);
        }
    }

    [Fact]
    public void TheCountysOwnDepotIsNoSourceForItsRequest()
    {
        Assert.Null(SupportService.Distance(Kailu, Kailu, CityPath));
        Assert.Null(SupportService.Distance(Kailu + "150523100/", Kailu, CityPath));
        Assert.Equal(1, SupportService.Distance(CityPath, Kailu, CityPath));
        Assert.Equal(2, SupportService.Distance(Horqin, Kailu, CityPath));
        Assert.Equal(2, SupportService.Distance("/150000/150600/", Kailu, CityPath));
    }
}
