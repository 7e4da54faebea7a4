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
        var command = new Command("bench-allocation", "Benchmark the support allocation (OR-Tools min-cost flow) against a greedy nearest-depot baseline")
        {
            depots, items, requests, runs, seed,
        };
        command.SetAction(result => Run(result.GetValue(depots), result.GetValue(items), result.GetValue(requests), result.GetValue(runs), result.GetValue(seed), Console.Out));
        return command;
    }

    public static int Run(int depots, int items, int requests, int runs, int seed, TextWriter output)
    {
        if (depots < 1 || items < 1 || requests < 1 || runs < 1)
        {
            output.WriteLine("depots, items, requests and runs are at least 1");
            return 2;
        }
        var result = AllocationBench.Run(AllocationBench.Generate(depots, items, requests, seed), runs);
        foreach (var line in AllocationBench.Report(result)) output.WriteLine(line);
        return 0;
    }
}
