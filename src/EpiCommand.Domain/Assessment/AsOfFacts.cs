using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// The facts of one day D, per region, computed lazily from a <see cref="FactIndex"/> and cached:
/// every indicator of docs/plans.md is answered from arrays indexed by region.
/// Facts dated after D are not known on D and never count.
/// </summary>
internal sealed class AsOfFacts
{
    private const int EvidenceCap = 20;
    private readonly FactIndex _x;
    private readonly PlanParameters _p;
    private readonly Dictionary<(int? Days, Classification? Class, bool Local), int[]> _caseCounts = [];
    private readonly Dictionary<(int? Days, DetectionKind? Kind), int[]> _detectionCounts = [];
    private readonly Dictionary<int, int[]> _clusterCounts = [];
    private int[]? _transmissionCounts;
    private bool[]? _communityTransmission;
    private int[]? _chainCounties;
    private Dictionary<int, (int Root, int[] Counties)>? _chainEvidence;

    public AsOfFacts(FactIndex index, PlanParameters parameters, DateOnly asOf)
    {
        _x = index;
        _p = parameters;
        AsOf = asOf;
        Day = asOf.DayNumber;
    }

    public DateOnly AsOf { get; }
    public int Day { get; }
    public FactIndex Index => _x;

    private int First(int? days) => days is null ? int.MinValue : Day - days.Value + 1;

    private bool Matches(int c, Classification? classification, bool localOnly) =>
        (classification is null || (classification == Classification.Confirmed) == _x.CaseConfirmed[c]) && (!localOnly || !_x.CaseImported[c]);

    public int Cases(int region, int? days, Classification? classification, bool localOnly)
    {
        var key = (days, classification, localOnly);
        if (!_caseCounts.TryGetValue(key, out var counts))
        {
            counts = new int[_x.RegionCount];
            var (start, end) = _x.CasesBetween(First(days), Day);
            for (var c = start; c < end; c++)
            {
                if (!Matches(c, classification, localOnly)) continue;
                foreach (var r in _x.AncestorsOrSelf[_x.CaseRegion[c]]) counts[r]++;
            }
            _caseCounts[key] = counts;
        }
        return counts[region];
    }

    public List<string> CaseIds(int region, int? days, Classification? classification, bool localOnly)
    {
        var ids = new List<string>();
        var (start, end) = _x.CasesBetween(First(days), Day);
        for (var c = start; c < end && ids.Count < EvidenceCap; c++)
        {
            if (Matches(c, classification, localOnly) && _x.IsWithin(_x.CaseRegion[c], region)) ids.Add(_x.CaseId[c]);
        }
        return ids;
    }

    public int Detections(int region, int? days, DetectionKind? kind)
    {
        var key = (days, kind);
        if (!_detectionCounts.TryGetValue(key, out var counts))
        {
            counts = new int[_x.RegionCount];
            var (start, end) = _x.DetectionsBetween(First(days), Day);
            for (var d = start; d < end; d++)
            {
                if (kind is not null && _x.DetectionKinds[d] != kind) continue;
                foreach (var r in _x.AncestorsOrSelf[_x.DetectionRegion[d]]) counts[r]++;
            }
            _detectionCounts[key] = counts;
        }
        return counts[region];
    }

    public List<string> DetectionIds(int region, int? days, DetectionKind? kind)
    {
        var ids = new List<string>();
        var (start, end) = _x.DetectionsBetween(First(days), Day);
        for (var d = start; d < end && ids.Count < EvidenceCap; d++)
        {
            if ((kind is null || _x.DetectionKinds[d] == kind) && _x.IsWithin(_x.DetectionRegion[d], region)) ids.Add(_x.DetectionId[d]);
        }
        return ids;
    }

    /// <summary>
    /// Clusters in the region that occur within the window: formed on or before D, with a case of their run within
    /// the last <paramref name="days"/> days (requirements: "Cluster"; 001 §1.5.2.1, §1.5.3.2, §1.6.3; 004 §四).
    /// </summary>
    public int Clusters(int region, int days)
    {
        if (!_clusterCounts.TryGetValue(days, out var counts))
        {
            counts = new int[_x.RegionCount];
            foreach (var cluster in _x.Clusters)
            {
                if (!cluster.OccursWithin(days, Day)) continue;
                foreach (var r in _x.AncestorsOrSelf[_x.SettingRegion[cluster.Setting]]) counts[r]++;
            }
            _clusterCounts[days] = counts;
        }
        return counts[region];
    }

    public List<string> ClusterSettingIds(int region, int days)
    {
        var ids = new List<string>();
        foreach (var cluster in _x.Clusters)
        {
            if (ids.Count >= EvidenceCap) break;
            if (cluster.OccursWithin(days, Day) && _x.IsWithin(_x.SettingRegion[cluster.Setting], region)) ids.Add(_x.Scenario.Settings[cluster.Setting].Id);
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// 001 §1.5.2.2 (first half): ≥2 cases of unknown infection source within 14 days in one community.
    /// Only cases that name a community, or a place below one, count.
    /// </summary>
    public int CommunitiesWithTransmission(int region)
    {
        EnsureTransmission();
        return _transmissionCounts![region];
    }

    public List<string> TransmissionCommunities(int region)
    {
        EnsureTransmission();
        var codes = new List<string>();
        for (var r = 0; r < _x.RegionCount && codes.Count < EvidenceCap; r++)
        {
            if (_communityTransmission![r] && _x.IsWithin(r, region)) codes.Add(_x.Code(r));
        }
        return codes;
    }

    public List<string> UnknownSourceCaseIds(int region)
    {
        EnsureTransmission();
        var ids = new List<string>();
        var (start, end) = _x.CasesBetween(First(_p.CommunityTransmissionWindowDays), Day);
        for (var c = start; c < end && ids.Count < EvidenceCap; c++)
        {
            var community = _x.CommunityOf[_x.CaseRegion[c]];
            if (_x.CaseUnknownSource[c] && community >= 0 && _communityTransmission![community] && _x.IsWithin(community, region)) ids.Add(_x.CaseId[c]);
        }
        return ids;
    }

    private void EnsureTransmission()
    {
        if (_transmissionCounts is not null) return;
        var unknownByCommunity = new int[_x.RegionCount];
        var (start, end) = _x.CasesBetween(First(_p.CommunityTransmissionWindowDays), Day);
        for (var c = start; c < end; c++)
        {
            var community = _x.CommunityOf[_x.CaseRegion[c]];
            if (_x.CaseUnknownSource[c] && community >= 0) unknownByCommunity[community]++;
        }
        _communityTransmission = new bool[_x.RegionCount];
        _transmissionCounts = new int[_x.RegionCount];
        for (var r = 0; r < _x.RegionCount; r++)
        {
            if (unknownByCommunity[r] < _p.CommunityTransmissionMinCases) continue;
            _communityTransmission[r] = true;
            foreach (var a in _x.AncestorsOrSelf[r]) _transmissionCounts[a]++;
        }
    }

    /// <summary>
    /// 001 §1.5.2.3: cases joined by linkedTo or a shared setting form a chain; a chain spans the counties of its
    /// cases that fall within 14 days as of D. The value for a region is the most counties of that region one chain spans.
    /// </summary>
    public int ChainCounties(int region)
    {
        EnsureChains();
        return _chainCounties![region];
    }

    public (List<string> Counties, List<string> CaseIds) ChainEvidence(int region)
    {
        EnsureChains();
        if (!_chainEvidence!.TryGetValue(region, out var best)) return ([], []);
        var counties = best.Counties.Select(_x.Code).ToList();
        var ids = new List<string>();
        var (start, end) = _x.CasesBetween(First(_p.ChainWindowDays), Day);
        var roots = Roots();
        for (var c = start; c < end && ids.Count < EvidenceCap; c++)
        {
            if (roots.Find(c) == best.Root && _x.IsWithin(_x.CaseRegion[c], region)) ids.Add(_x.CaseId[c]);
        }
        return (counties, ids);
    }

    private UnionFind? _roots;

    private UnionFind Roots()
    {
        if (_roots is not null) return _roots;
        // Only cases known on D take part in chains.
        var (_, known) = _x.CasesBetween(int.MinValue, Day);
        var uf = new UnionFind(known);
        foreach (var (a, b) in _x.Links)
        {
            if (a < known && b < known) uf.Union(a, b);
        }
        // Chains join through any setting two cases share (requirements: "Linked outbreak").
        var firstOfSetting = new Dictionary<int, int>();
        for (var c = 0; c < known; c++)
        {
            foreach (var setting in _x.CaseSettings[c])
            {
                if (firstOfSetting.TryGetValue(setting, out var first)) uf.Union(first, c);
                else firstOfSetting[setting] = c;
            }
        }
        return _roots = uf;
    }

    private void EnsureChains()
    {
        if (_chainCounties is not null) return;
        var roots = Roots();
        var (start, end) = _x.CasesBetween(First(_p.ChainWindowDays), Day);
        var countiesByRoot = new Dictionary<int, HashSet<int>>();
        for (var c = start; c < end; c++)
        {
            var county = _x.CountyOf[_x.CaseRegion[c]];
            if (county < 0) continue;
            var root = roots.Find(c);
            if (!countiesByRoot.TryGetValue(root, out var set)) countiesByRoot[root] = set = [];
            set.Add(county);
        }
        _chainCounties = new int[_x.RegionCount];
        _chainEvidence = [];
        foreach (var (root, counties) in countiesByRoot)
        {
            var perAncestor = new Dictionary<int, List<int>>();
            foreach (var county in counties)
            {
                foreach (var a in _x.AncestorsOrSelf[county])
                {
                    if (!perAncestor.TryGetValue(a, out var list)) perAncestor[a] = list = [];
                    list.Add(county);
                }
            }
            foreach (var (ancestor, list) in perAncestor)
            {
                if (list.Count <= _chainCounties[ancestor]) continue;
                _chainCounties[ancestor] = list.Count;
                _chainEvidence[ancestor] = (root, [.. list]);
            }
        }
    }

    public bool Affected(int region, Plan plan, Dictionary<string, object?>? facts) =>
        plan.Conditions.TryGetValue("affected", out var affected) && new ConditionEvaluator(this, plan).Holds(affected, region, facts);

    public Judgment? Judgment(int region, JudgmentKind kind) => _x.JudgmentOn(region, kind, Day);

    public IEnumerable<int> Descendants(int region, RegionLevel level)
    {
        for (var r = 0; r < _x.RegionCount; r++)
        {
            if (r != region && _x.Level[r] == level && _x.IsWithin(r, region)) yield return r;
        }
    }

    private sealed class UnionFind
    {
        private readonly int[] _parent;

        public UnionFind(int size)
        {
            _parent = new int[size];
            for (var i = 0; i < size; i++) _parent[i] = i;
        }

        public int Find(int x)
        {
            while (_parent[x] != x)
            {
                _parent[x] = _parent[_parent[x]];
                x = _parent[x];
            }
            return x;
        }

        public void Union(int a, int b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb) _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
