using System.CommandLine;
using System.Diagnostics;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench</c>: generates a province-sized scenario (12 cities, 100 counties, 10,000 communities, 1,000,000 cases)
/// and reports the as-of assessment time and memory next to a baseline measured in the same run: one LINQ pass
/// that counts each county's cases in the last 14 days (the least any assessment must do).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "number of cases", DefaultValueFactory = _ => 1_000_000 };
        var days = new Option<int>("--days") { Description = "as-of days to assess", DefaultValueFactory = _ => 5 };
        var plan = new Option<string>("--plan") { Description = "plan id", DefaultValueFactory = _ => "tongliao-2020" };
        var command = new Command("bench", "Benchmark the assessment engine on a province-sized scenario") { cases, days, plan };
        command.SetAction(result => Run(result.GetValue(plan)!, result.GetValue(cases), result.GetValue(days)));
        return command;
    }

    private static int Run(string planId, int caseCount, int days)
    {
        var plan = PlanCatalog.LoadFolder(PlanCatalog.LocateFolder()).Get(planId);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var stopwatch = Stopwatch.StartNew();
        var scenario = ProvinceScenario.Generate(caseCount, seed: 20201120);
        Console.WriteLine($"scenario: {scenario.Regions.Count:N0} regions, {scenario.Settings.Count:N0} settings, {scenario.Cases.Count:N0} cases, {scenario.Judgments.Count} judgments (generated in {stopwatch.Elapsed.TotalSeconds:F1} s)");

        var firstAsOf = new DateOnly(2020, 12, 1);
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        stopwatch.Restart();
        var index = AssessmentEngine.Index(plan, scenario);
        var indexTime = stopwatch.Elapsed;
        var indexBytes = GC.GetTotalMemory(true) - before;

        // A registration (issue 12 §2): ten cases of the latest day appended to the kept index, against the full build above.
        var latest = scenario.Cases.MaxBy(c => c.ReportedAt)!;
        var added = Enumerable.Range(0, 10).Select(i => latest with { Id = $"BENCH-NEW-{i}", LinkedTo = [] }).ToList();
        var grown = scenario with { Cases = [.. scenario.Cases, .. added] };
        stopwatch.Restart();
        var appended = FactIndex.Appending(index, grown, added) ?? throw new InvalidOperationException("the new cases were not appended");
        var appendTime = stopwatch.Elapsed;

        var engine = new List<double>();
        var baseline = new List<double>();
        long allocated = 0;
        for (var d = 0; d < days; d++)
        {
            var asOf = firstAsOf.AddDays(d * 7);
            stopwatch.Restart();
            var counts = Baseline(scenario, asOf);
            baseline.Add(stopwatch.Elapsed.TotalMilliseconds);

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            stopwatch.Restart();
            var result = AssessmentEngine.Assess(plan, index, asOf);
            engine.Add(stopwatch.Elapsed.TotalMilliseconds);
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            var graded = result.Regions.Count(r => r.Grade is not null);
            Console.WriteLine($"  as of {asOf:yyyy-MM-dd}: engine {engine[^1],8:F1} ms, baseline {baseline[^1],8:F1} ms; {graded} regions graded, {counts} counties with cases in 14 days");
        }
        var engineMedian = Median(engine);
        var baselineMedian = Median(baseline);
        Console.WriteLine();
        Console.WriteLine($"index build (once per scenario): {indexTime.TotalMilliseconds:F0} ms, {indexBytes / 1048576.0:F0} MiB retained");
        Console.WriteLine($"ten registrations appended to the index: {appendTime.TotalMilliseconds:F1} ms ({appended.CaseCount:N0} cases), ratio append / full build: {appendTime / indexTime:F3}");
        Console.WriteLine($"as-of assessment, median of {days}: {engineMedian:F1} ms, {allocated / 1048576.0:F1} MiB allocated at most");
        Console.WriteLine($"baseline (one LINQ pass counting county cases in 14 days), median: {baselineMedian:F1} ms");
        Console.WriteLine($"ratio engine / baseline: {engineMedian / baselineMedian:F2}");
        return 0;
    }

    /// <summary>The simplest useful assessment: for each county, its cases in the last 14 days.</summary>
    private static int Baseline(Scenario scenario, DateOnly asOf)
    {
        var window = new DayWindow(asOf, 14);
        var countyOf = scenario.Regions.ToDictionary(r => r.Code, r => r.Level == RegionLevel.County ? r.Code : r.Parent);
        var regionByCode = scenario.Regions.ToDictionary(r => r.Code);
        string? County(string code)
        {
            for (var r = regionByCode[code]; r is not null; r = r.Parent is null ? null : regionByCode[r.Parent])
            {
                if (r.Level == RegionLevel.County) return r.Code;
            }
            return null;
        }
        return scenario.Cases
            .Where(c => c.Counts && window.Contains(ChinaTime.DayOf(c.ReportedAt)))
            .GroupBy(c => County(c.Region))
            .Count();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>A deterministic, province-sized scenario for the benchmark.</summary>
public static class ProvinceScenario
{
    public static Scenario Generate(int caseCount, int seed)
    {
        var random = new Random(seed);
        var regions = new List<ScenarioRegion> { new("150000", "模拟自治区", RegionLevel.Province, null, []) };
        var communities = new List<string>();
        var counties = new List<string>();
        for (var city = 1; city <= 12; city++)
        {
            var cityCode = $"15{city:D2}00";
            regions.Add(new ScenarioRegion(cityCode, $"第{city}市", RegionLevel.City, "150000", []));
            var countyCount = city <= 4 ? 9 : 8; // 4×9 + 8×8 = 100 counties
            for (var county = 1; county <= countyCount; county++)
            {
                var countyCode = $"15{city:D2}{county:D2}";
                var neighbors = new List<string>();
                if (county > 1) neighbors.Add($"15{city:D2}{county - 1:D2}");
                if (county < countyCount) neighbors.Add($"15{city:D2}{county + 1:D2}");
                regions.Add(new ScenarioRegion(countyCode, $"第{city}市第{county}县", RegionLevel.County, cityCode, neighbors));
                counties.Add(countyCode);
                for (var town = 1; town <= 10; town++)
                {
                    var townCode = $"{countyCode}{town:D3}";
                    regions.Add(new ScenarioRegion(townCode, $"镇{town}", RegionLevel.Township, countyCode, []));
                    for (var community = 1; community <= 10; community++)
                    {
                        var communityCode = $"{townCode}{community:D3}";
                        regions.Add(new ScenarioRegion(communityCode, $"社区{community}", RegionLevel.Community, townCode, []));
                        communities.Add(communityCode);
                    }
                }
            }
        }

        var settings = new List<ScenarioSetting>();
        for (var s = 0; s < caseCount / 50; s++)
        {
            settings.Add(new ScenarioSetting($"S{s}", $"场所{s}", "family", communities[random.Next(communities.Count)]));
        }
        var start = new DateTimeOffset(2020, 9, 1, 0, 0, 0, ChinaTime.Offset);
        var cases = new List<ScenarioCase>(caseCount);
        for (var c = 0; c < caseCount; c++)
        {
            var inSetting = settings.Count > 0 && random.Next(4) == 0;
            var setting = inSetting ? settings[random.Next(settings.Count)] : null;
            var region = setting?.Region ?? communities[random.Next(communities.Count)];
            var reported = start.AddMinutes(random.Next(120 * 24 * 60));
            var classification = random.Next(10) switch { < 6 => Classification.Confirmed, < 9 => Classification.Asymptomatic, _ => Classification.Suspected };
            var source = random.Next(10) switch { 0 => InfectionSource.Unknown, < 3 => InfectionSource.Imported, _ => InfectionSource.Linked };
            IReadOnlyList<string> linked = c > 0 && random.Next(3) == 0 ? [$"C{random.Next(c)}"] : [];
            cases.Add(new ScenarioCase($"C{c}", classification, region, reported, reported.AddHours(random.Next(48)), source, setting is null ? [] : [setting.Id], linked));
        }
        var judgments = new List<Judgment>
        {
            new(JudgmentKind.SpreadTrend, "150000", new DateOnly(2020, 10, 1), true),
            new(JudgmentKind.SpreadTrend, "150100", new DateOnly(2020, 10, 1), true),
            new(JudgmentKind.ImportRiskLow, counties[0], new DateOnly(2020, 11, 1), true),
        };
        return new Scenario(regions, settings, cases, [], judgments);
    }
}
