using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// A scenario turned into arrays for fast assessment on any day: regions by index with their ancestors,
/// counting cases sorted by day, detections sorted by day, the clusters (one per run of a setting that reached the
/// threshold) and the judgments
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

        // Suspected cases never count (requirements: "Case"); they take no part in anything below. Sorted by report day, in
        // their order in the scenario within a day (a stable sort: one key of day and position). This runs again after every
        // registration (FactsCache), so it is written for speed: one day computed per case, no LINQ per case.
        var cases = scenario.Cases;
        var keys = new List<long>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i].Counts) keys.Add(((long)ChinaTime.DayOf(cases[i].ReportedAt).DayNumber << 32) | (uint)i);
        }
        keys.Sort();
        var counting = new ScenarioCase[keys.Count];
        for (var k = 0; k < keys.Count; k++) counting[k] = cases[(int)(keys[k] & 0xFFFFFFFF)];
        CaseCount = counting.Length;
        CaseId = new string[CaseCount];
        CaseDay = new int[CaseCount];
        CaseRegion = new int[CaseCount];
        CaseConfirmed = new bool[CaseCount];
        CaseImported = new bool[CaseCount];
        CaseUnknownSource = new bool[CaseCount];
        CaseSettings = new int[CaseCount][];
        CaseIsolationDay = new int[CaseCount];
        _settingIndex = settingIndex;
        _casePosition = new Dictionary<string, int>(CaseCount, StringComparer.Ordinal);
        for (var c = 0; c < CaseCount; c++)
        {
            _casePosition[counting[c].Id] = c;
            SetCase(c, counting[c], (int)(keys[c] >> 32));
        }
        _unresolvedLinks = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<(int, int)>();
        for (var c = 0; c < CaseCount; c++) AddLinks(c, counting[c], links);
        Links = [.. links];
        (_clusterMinCases, _clusterWindowDays) = (clusterMinCases, clusterWindowDays);

        var detections = scenario.Detections.OrderBy(d => ChinaTime.DayOf(d.DetectedAt)).ToList();
        DetectionId = detections.Select(d => d.Id).ToArray();
        DetectionDay = detections.Select(d => ChinaTime.DayOf(d.DetectedAt).DayNumber).ToArray();
        DetectionRegion = detections.Select(d => RegionIndex[d.Region]).ToArray();
        DetectionKinds = detections.Select(d => d.Kind).ToArray();

        Clusters = FindClusters(scenario.Settings.Count, clusterMinCases, clusterWindowDays);

        JudgmentsByRegion = scenario.Judgments
            .Select((j, order) => (j, order))
            .GroupBy(x => (RegionIndex[x.j.Region], x.j.Kind))
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.j.From).ThenBy(x => x.order).Select(x => x.j).ToArray());
    }

    /// <summary>
    /// The index of <paramref name="scenario"/>, which is <paramref name="previous"/>'s scenario with <paramref name="added"/>
    /// cases appended to its cases and nothing else changed — the common write: a case registered today. Built from the
    /// previous index's arrays (the regions, settings, detections and judgments reused, the new cases appended), a few
    /// milliseconds where a full build of 300,000 cases takes half a second (issue 12 §2); the same index as a full build.
    /// Null when that does not hold and a full build is needed: a new case reported on an earlier day than the latest one
    /// indexed (it would not go at the end), an id already indexed, or one that an indexed case names as linked (the link
    /// would now resolve).
    /// </summary>
    public static FactIndex? Appending(FactIndex previous, Scenario scenario, IReadOnlyList<ScenarioCase> added)
    {
        var before = previous.Scenario;
        if (!ReferenceEquals(scenario.Regions, before.Regions) || !ReferenceEquals(scenario.Settings, before.Settings)
            || !ReferenceEquals(scenario.Detections, before.Detections) || !ReferenceEquals(scenario.Judgments, before.Judgments))
        {
            return null;
        }
        var lastDay = previous.CaseCount == 0 ? int.MinValue : previous.CaseDay[^1];
        var keys = new List<long>(added.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < added.Count; i++)
        {
            var item = added[i];
            if (!item.Counts) continue;
            var day = ChinaTime.DayOf(item.ReportedAt).DayNumber;
            if (day < lastDay || !ids.Add(item.Id) || previous._casePosition.ContainsKey(item.Id) || previous._unresolvedLinks.Contains(item.Id)) return null;
            if (!previous.RegionIndex.ContainsKey(item.Region) || item.Settings.Any(s => !previous._settingIndex.ContainsKey(s))) return null;
            keys.Add(((long)day << 32) | (uint)i);
        }
        keys.Sort();
        return new FactIndex(previous, scenario, [.. keys.Select(k => added[(int)(k & 0xFFFFFFFF)])], [.. keys.Select(k => (int)(k >> 32))]);
    }

    private FactIndex(FactIndex previous, Scenario scenario, ScenarioCase[] appended, int[] days)
    {
        Scenario = scenario;
        (RegionCount, RegionIndex, Parent, Level, Depth, AncestorsOrSelf, CommunityOf, CountyOf, Children, Neighbors, SettingRegion, _settingIndex) =
            (previous.RegionCount, previous.RegionIndex, previous.Parent, previous.Level, previous.Depth, previous.AncestorsOrSelf, previous.CommunityOf,
             previous.CountyOf, previous.Children, previous.Neighbors, previous.SettingRegion, previous._settingIndex);
        var start = previous.CaseCount;
        CaseCount = start + appended.Length;
        CaseId = Grown(previous.CaseId, CaseCount);
        CaseDay = Grown(previous.CaseDay, CaseCount);
        CaseRegion = Grown(previous.CaseRegion, CaseCount);
        CaseConfirmed = Grown(previous.CaseConfirmed, CaseCount);
        CaseImported = Grown(previous.CaseImported, CaseCount);
        CaseUnknownSource = Grown(previous.CaseUnknownSource, CaseCount);
        CaseSettings = Grown(previous.CaseSettings, CaseCount);
        CaseIsolationDay = Grown(previous.CaseIsolationDay, CaseCount);
        _casePosition = new Dictionary<string, int>(previous._casePosition, StringComparer.Ordinal);
        for (var k = 0; k < appended.Length; k++)
        {
            _casePosition[appended[k].Id] = start + k;
            SetCase(start + k, appended[k], days[k]);
        }
        _unresolvedLinks = new HashSet<string>(previous._unresolvedLinks, StringComparer.Ordinal);
        var links = new List<(int, int)>(previous.Links);
        for (var k = 0; k < appended.Length; k++) AddLinks(start + k, appended[k], links);
        Links = [.. links];
        (DetectionId, DetectionDay, DetectionRegion, DetectionKinds) = (previous.DetectionId, previous.DetectionDay, previous.DetectionRegion, previous.DetectionKinds);
        (_clusterMinCases, _clusterWindowDays) = (previous._clusterMinCases, previous._clusterWindowDays);
        Clusters = FindClusters(scenario.Settings.Count, _clusterMinCases, _clusterWindowDays);
        JudgmentsByRegion = previous.JudgmentsByRegion;
    }

    private static T[] Grown<T>(T[] array, int length)
    {
        var grown = new T[length];
        Array.Copy(array, grown, array.Length);
        return grown;
    }

    /// <summary>The arrays' entries of the case at <paramref name="c"/> (its position in day order), reported on day number <paramref name="day"/>.</summary>
    private void SetCase(int c, ScenarioCase item, int day)
    {
        CaseId[c] = item.Id;
        CaseDay[c] = day;
        CaseRegion[c] = RegionIndex[item.Region];
        CaseConfirmed[c] = item.Classification == Classification.Confirmed;
        CaseImported[c] = item.InfectionSource == InfectionSource.Imported;
        CaseUnknownSource[c] = item.InfectionSource == InfectionSource.Unknown;
        CaseSettings[c] = SettingsOf(item.Settings, _settingIndex);
        CaseIsolationDay[c] = item.IsolatedAt is { } isolated ? ChinaTime.DayOf(isolated).DayNumber : day;
    }

    /// <summary>The links of the case at <paramref name="c"/> to the indexed cases it names; the ids not indexed are remembered.</summary>
    private void AddLinks(int c, ScenarioCase item, List<(int, int)> links)
    {
        foreach (var other in item.LinkedTo)
        {
            if (_casePosition.TryGetValue(other, out var o)) links.Add((c, o));
            else _unresolvedLinks.Add(other);
        }
    }

    /// <summary>Setting id → index.</summary>
    private readonly Dictionary<string, int> _settingIndex;

    /// <summary>Case id → position in day order.</summary>
    private readonly Dictionary<string, int> _casePosition;

    /// <summary>The ids that indexed cases name as linked but that are not indexed (not registered, or not counting).</summary>
    private readonly HashSet<string> _unresolvedLinks;

    private readonly int _clusterMinCases;
    private readonly int _clusterWindowDays;

    /// <summary>The distinct settings a case names, as indexes (most cases name none or one).</summary>
    private static int[] SettingsOf(IReadOnlyList<string> settings, Dictionary<string, int> settingIndex) => settings.Count switch
    {
        0 => [],
        1 => [settingIndex[settings[0]]],
        _ => settings.Select(s => settingIndex[s]).Distinct().ToArray(),
    };

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
    /// <summary>Every cluster the facts ever form, ordered by formation day then setting id.</summary>
    public IndexedCluster[] Clusters { get; }

    public int CaseCount { get; }
    public string[] CaseId { get; }
    /// <summary>Report day (CST) as <see cref="DateOnly.DayNumber"/>; cases are sorted by it.</summary>
    public int[] CaseDay { get; }
    public int[] CaseRegion { get; }
    public bool[] CaseConfirmed { get; }
    public bool[] CaseImported { get; }
    public bool[] CaseUnknownSource { get; }
    /// <summary>The distinct settings (indexes) each case names; a case counts once in each.</summary>
    public int[][] CaseSettings { get; }
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
    /// 001 §1.5.1.1: a cluster is ≥5 cases in a small setting within 14 days. requirements.md "Cluster": a setting's
    /// cases fall into runs — a case more than <paramref name="windowDays"/> days after the previous case of the setting
    /// starts a new run — and a run forms a cluster on F, the first day d on which ≥ min cases of the run fall within the
    /// window as of d. With the run's days sorted, F is day[i] for the first i where day[i] − day[i−min+1] &lt; window.
    /// Runs and F depend only on cases up to F, so later facts never move them: computed once for every day.
    /// </summary>
    private IndexedCluster[] FindClusters(int settingCount, int minCases, int windowDays)
    {
        var casesBySetting = new List<int>?[settingCount];
        for (var c = 0; c < CaseCount; c++)
        {
            foreach (var s in CaseSettings[c]) (casesBySetting[s] ??= []).Add(c);
        }
        var result = new List<IndexedCluster>();
        for (var s = 0; s < settingCount; s++)
        {
            // Cases are already in day order.
            if (casesBySetting[s] is not { } cases) continue;
            var start = 0;
            for (var i = 1; i <= cases.Count; i++)
            {
                // A gap of more than the window (day > previous day + window) ends the run.
                if (i < cases.Count && CaseDay[cases[i]] <= CaseDay[cases[i - 1]] + windowDays) continue;
                var run = cases.GetRange(start, i - start);
                start = i;
                for (var k = minCases - 1; k < run.Count; k++)
                {
                    if (CaseDay[run[k]] - CaseDay[run[k - minCases + 1]] < windowDays)
                    {
                        result.Add(new IndexedCluster(s, CaseDay[run[k]], [.. run], run.Select(c => CaseDay[c]).ToArray()));
                        break;
                    }
                }
            }
        }
        return [.. result.OrderBy(c => c.FormedDay).ThenBy(c => Scenario.Settings[c.Setting].Id, StringComparer.Ordinal)];
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

/// <summary>
/// One cluster: a run of a setting's cases that reached the threshold on <see cref="FormedDay"/> (day number).
/// <see cref="Cases"/> are all the run's cases (indexes, in day order), <see cref="Days"/> their days.
/// </summary>
public sealed record IndexedCluster(int Setting, int FormedDay, int[] Cases, int[] Days)
{
    /// <summary>How many of the run's cases are known on the day (their day ≤ it).</summary>
    public int CasesUpTo(int day)
    {
        int lo = 0, hi = Days.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Days[mid] <= day) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// requirements.md "Cluster": the cluster occurs within N days as of D when it formed on or before D and one of its
    /// run's cases falls within D−N+1 … D. The latest case up to D decides.
    /// </summary>
    public bool OccursWithin(int days, int day)
    {
        if (FormedDay > day) return false;
        var known = CasesUpTo(day);
        return Days[known - 1] > day - days;
    }

    /// <summary>The day of the run's latest case known on the day.</summary>
    public int LastCaseDayUpTo(int day) => Days[CasesUpTo(day) - 1];
}
