using System.CommandLine;
using EpiCommand.Web.Support;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-allocation</c>: the emergency-support allocation (issue 16 §4) over generated depots × items × requests, the OR-Tools
/// optimum timed against the greedy nearest-depot baseline in the same run, with the objective's improvement (<see cref="AllocationBench"/>).
/// </summary>
public static class AllocationBenchCommand
{
    public static Command Create()
    {
        var depots = new Option<int>("--depots") { Description = "depots", DefaultValueFactory = _ => 100 };
        var items = new Option<int>("--items") { Description = "catalogue items", DefaultValueFactory = _ => 50 };
        var requests = new Option<int>("--requests") { Description = "competing requests", DefaultValueFactory = _ => 30 };
        var runs = new Option<int>("--runs") { Description = "timed runs of each (the median is reported)", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "random seed of the generated scenario", DefaultValueFactory = _ => 16 };
        var coupledDepots = new Option<int>("--coupled-depots") { Description = "depots of the coupled case (vehicles at every depot; 0: no coupled case)", DefaultValueFactory = _ => 20 };
        var coupledItems = new Option<int>("--coupled-items") { Description = "items of the coupled case", DefaultValueFactory = _ => 10 };
        var coupledRequests = new Option<int>("--coupled-requests") { Description = "requests of the coupled case", DefaultValueFactory = _ => 200 };
        var gap = new Option<double>("--gap") { Description = "the MIP's relative gap", DefaultValueFactory = _ => 0.01 };
        var timeLimit = new Option<double>("--time-limit") { Description = "the MIP's time limit in seconds", DefaultValueFactory = _ => 10 };
        var command = new Command("bench-allocation", "Benchmark the support allocation (OR-Tools min-cost flow) against a greedy nearest-depot baseline")
        {
            depots, items, requests, runs, seed, coupledDepots, coupledItems, coupledRequests, gap, timeLimit,
        };
        command.SetAction(result => Run(result.GetValue(depots), result.GetValue(items), result.GetValue(requests), result.GetValue(runs), result.GetValue(seed), Console.Out,
            (result.GetValue(coupledDepots), result.GetValue(coupledItems), result.GetValue(coupledRequests)),
            new SupportAllocator.TransportOptions { RelativeGap = result.GetValue(gap), TimeLimitSeconds = result.GetValue(timeLimit) }));
        return command;
    }

    /// <param name="coupled">The coupled case's depots, items and requests (vehicles at every depot); depots 0: none.</param>
    public static int Run(int depots, int items, int requests, int runs, int seed, TextWriter output, (int Depots, int Items, int Requests) coupled = default,
        SupportAllocator.TransportOptions? options = null)
    {
        if (depots < 1 || items < 1 || requests < 1 || runs < 1)
        {
            output.WriteLine("depots, items, requests and runs are at least 1");
            return 2;
        }
        var result = AllocationBench.Run(AllocationBench.Generate(depots, items, requests, seed), runs);
        foreach (var line in AllocationBench.Report(result)) output.WriteLine(line);
        if (coupled.Depots > 0 && coupled.Items > 0 && coupled.Requests > 0)
        {
            var mip = AllocationBench.RunCoupled(AllocationBench.GenerateCoupled(coupled.Depots, coupled.Items, coupled.Requests, seed), options ?? new(), Math.Min(runs, 3));
            foreach (var line in AllocationBench.Report(mip)) output.WriteLine(line);
        }
        return 0;
    }
}
