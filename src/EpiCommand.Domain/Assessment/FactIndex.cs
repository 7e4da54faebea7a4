using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// A scenario turned into arrays for fast assessment on any day: regions by index with their ancestors,
/// counting cases sorted by day, detections sorted by day, each setting's cluster formation day and the judgments
/// per region and kind. Built once per scenario (and plan parameters); every as-of day reuses it.
/// </summary>
public sealed class FactIndex
{
    public FactIndex(Scenario scenario, int clusterMinCases, int clusterWindowDays)
    {
        Scenario = scenario;
        var regions = scenario.Regions;
        RegionCount = regions.Count;
        RegionIndex = new Dictionary<string, int>(RegionCount, StringComparer.Ordinal);
        for (var i = 0; i < RegionCount; i++) RegionIndex[regions[i].Code] = i;

        Parent = new int[RegionCount];
        Level = new RegionLevel[RegionCount];
        for (var i = 0; i < RegionCount; i++)
        {
            Level[i] = regions[i].Level;
            Parent[i] = regions[i].Parent is { } parent ? RegionIndex[parent] : -1;
        }
        AncestorsOrSelf = new int[RegionCount][];
        CommunityOf = new int[RegionCount];
        CountyOf = new int[RegionCount];
        Depth = new int[RegionCount];
        for (var i = 0; i < RegionCount; i++)
        {
            var chain = new List<int>(6);
            for (var r = i; r >= 0; r = Parent[r]) chain.Add(r);
            AncestorsOrSelf[i] = [.. chain];
            Depth[i] = chain.Count - 1;
            CommunityOf[i] = chain.FirstOrDefault(r => Level[r] == RegionLevel.Community, -1);
            CountyOf[i] = chain.FirstOrDefault(r => Level[r] == RegionLevel.County, -1);
        }
        Children = new List<int>[RegionCount];
        for (var i = 0; i < RegionCount; i++) Children[i] = [];
        for (var i = 0; i < RegionCount; i++)
        {
            if (Parent[i] >= 0) Children[Parent[i]].Add(i);
        }
        Neighbors = regions.Select(r => r.Neighbors.Select(n => RegionIndex[n]).Distinct().ToArray()).ToArray();

        var settingIndex = new Dictionary<string, int>(scenario.Settings.Count, StringComparer.Ordinal);
        SettingRegion = new int[scenario.Settings.Count];
        for (var s = 0; s < scenario.Settings.Count; s++)
        {
            settingIndex[scenario.Settings[s].Id] = s;
            SettingRegion[s] = RegionIndex[scenario.Settings[s].Region];
        }

        // Suspected cases never count (requirements: "Case"); they take no part in anything below.
        var counting = scenario.Cases.Where(c => c.Counts).OrderBy(c => ChinaTime.DayOf(c.ReportedAt)).ToList();
        CaseCount = counting.Count;
        CaseId = new string[CaseCount];
        CaseDay = new int[CaseCount];
        CaseRegion = new int[CaseCount];
        CaseConfirmed = new bool[CaseCount];
        CaseImported = new bool[CaseCount];
        CaseUnknownSource = new bool[CaseCount];
        CaseSetting = new int[CaseCount];
        CaseIsolationDay = new int[CaseCount];
        var caseIndex = new Dictionary<string, int>(CaseCount, StringComparer.Ordinal);
        for (var c = 0; c < CaseCount; c++)
        {
            var item = counting[c];
            caseIndex[item.Id] = c;
            CaseId[c] = item.Id;
            CaseDay[c] = ChinaTime.DayOf(item.ReportedAt).DayNumber;
            CaseRegion[c] = RegionIndex[item.Region];
            CaseConfirmed[c] = item.Classification == Classification.Confirmed;
            CaseImported[c] = item.InfectionSource == InfectionSource.Imported;
            CaseUnknownSource[c] = item.InfectionSource == InfectionSource.Unknown;
            CaseSetting[c] = item.Setting is { } setting ? settingIndex[setting] : -1;
            CaseIsolationDay[c] = item.IsolatedAt is { } isolated ? ChinaTime.DayOf(isolated).DayNumber : CaseDay[c];
        }
        var links = new List<(int, int)>();
        for (var c = 0; c < CaseCount; c++)
        {
            foreach (var other in counting[c].LinkedTo)
            {
                if (caseIndex.TryGetValue(other, out var o)) links.Add((c, o));
            }
        }
        Links = [.. links];

        var detections = scenario.Detections.OrderBy(d => ChinaTime.DayOf(d.DetectedAt)).ToList();
        DetectionId = detections.Select(d => d.Id).ToArray();
        DetectionDay = detections.Select(d => ChinaTime.DayOf(d.DetectedAt).DayNumber).ToArray();
        DetectionRegion = detections.Select(d => RegionIndex[d.Region]).ToArray();
        DetectionKinds = detections.Select(d => d.Kind).ToArray();

        SettingFormationDay = ClusterFormationDays(scenario.Settings.Count, clusterMinCases, clusterWindowDays);

        JudgmentsByRegion = scenario.Judgments
            .Select((j, order) => (j, order))
            .GroupBy(x => (RegionIndex[x.j.Region], x.j.Kind))
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.j.From).ThenBy(x => x.order).Select(x => x.j).ToArray());
    }

    public Scenario Scenario { get; }
    public int RegionCount { get; }
    public Dictionary<string, int> RegionIndex { get; }
    public int[] Parent { get; }
    public RegionLevel[] Level { get; }
    public int[] Depth { get; }
    public int[][] AncestorsOrSelf { get; }
    public int[] CommunityOf { get; }
    public int[] CountyOf { get; }
    public List<int>[] Children { get; }
    public int[][] Neighbors { get; }
    public int[] SettingRegion { get; }
    /// <summary>F(s): the day number on which the setting formed a cluster, or <see cref="int.MaxValue"/> if it never did.</summary>
    public int[] SettingFormationDay { get; }

    public int CaseCount { get; }
    public string[] CaseId { get; }
    /// <summary>Report day (CST) as <see cref="DateOnly.DayNumber"/>; cases are sorted by it.</summary>
    public int[] CaseDay { get; }
    public int[] CaseRegion { get; }
    public bool[] CaseConfirmed { get; }
    public bool[] CaseImported { get; }
    public bool[] CaseUnknownSource { get; }
    public int[] CaseSetting { get; }
    public int[] CaseIsolationDay { get; }
    public (int A, int B)[] Links { get; }

    public string[] DetectionId { get; }
    public int[] DetectionDay { get; }
    public int[] DetectionRegion { get; }
    public DetectionKind[] DetectionKinds { get; }

    public Dictionary<(int Region, JudgmentKind Kind), Judgment[]> JudgmentsByRegion { get; }

    public string Code(int region) => Scenario.Regions[region].Code;

    public bool IsWithin(int region, int ancestor)
    {
        foreach (var r in AncestorsOrSelf[region])
        {
            if (r == ancestor) return true;
        }
        return false;
    }

    /// <summary>The cases reported on days first…last (day numbers, inclusive), as an index range.</summary>
    public (int Start, int End) CasesBetween(int first, int last) => (LowerBound(CaseDay, first), LowerBound(CaseDay, last + 1));

    public (int Start, int End) DetectionsBetween(int first, int last) => (LowerBound(DetectionDay, first), LowerBound(DetectionDay, last + 1));

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// 001 §1.5.1.1: a cluster is ≥5 cases in a small setting within 14 days. F(s) is the first day d on which
    /// ≥ min cases of s fall within the window as of d; with the case days sorted, that is the first i where
    /// day[i] − day[i−min+1] &lt; window.
    /// </summary>
    private int[] ClusterFormationDays(int settingCount, int minCases, int windowDays)
    {
        var daysBySetting = new List<int>?[settingCount];
        for (var c = 0; c < CaseCount; c++)
        {
            if (CaseSetting[c] >= 0) (daysBySetting[CaseSetting[c]] ??= []).Add(CaseDay[c]);
        }
        var result = new int[settingCount];
        for (var s = 0; s < settingCount; s++)
        {
            result[s] = int.MaxValue;
            var days = daysBySetting[s];
            if (days is null) continue;
            // Cases are already in day order.
            for (var i = minCases - 1; i < days.Count; i++)
            {
                if (days[i] - days[i - minCases + 1] < windowDays)
                {
                    result[s] = days[i];
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The judgment of a kind in force for a region on a day: the latest whose day is ≤ the day wins,
    /// and a withdrawn one (<c>false</c>) leaves none (requirements: "Expert judgments").
    /// </summary>
    public Judgment? JudgmentOn(int region, JudgmentKind kind, int day)
    {
        if (!JudgmentsByRegion.TryGetValue((region, kind), out var list)) return null;
        Judgment? latest = null;
        foreach (var judgment in list)
        {
            if (judgment.From.DayNumber > day) break;
            latest = judgment;
        }
        return latest is { InForce: true } ? latest : null;
    }
}
