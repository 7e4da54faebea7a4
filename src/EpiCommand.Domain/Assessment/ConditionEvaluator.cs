using System.Globalization;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// Evaluates a plan condition for one region on one day and writes the facts it looked at
/// (counts and the ids behind them) into <c>facts</c>, so that every result can say why.
/// </summary>
internal sealed class ConditionEvaluator(AsOfFacts facts, Plan plan)
{
    public bool Holds(Condition condition, int region, Dictionary<string, object?>? into)
    {
        switch (condition)
        {
            case AllOf all:
            {
                var result = true;
                foreach (var part in all.Conditions) result &= Holds(part, region, into);
                return result;
            }
            case AnyOf any:
            {
                var result = false;
                foreach (var part in any.Conditions) result |= Holds(part, region, into);
                return result;
            }
            case Not not:
                return !Holds(not.Condition, region, into);
            case Always:
                return true;
            case Named named:
                return Holds(named.Condition, region, into);
            case JudgmentHeld held:
                return HoldsJudgment(held, region, into);
            case Comparison comparison:
                return Compare(comparison, region, into);
            default:
                throw new NotSupportedException(condition.GetType().Name);
        }
    }

    private bool HoldsJudgment(JudgmentHeld held, int region, Dictionary<string, object?>? into)
    {
        var x = facts.Index;
        var regions = held.Inherited ? x.AncestorsOrSelf[region] : [region];
        foreach (var r in regions)
        {
            if (facts.Judgment(r, held.Kind) is { } judgment)
            {
                if (into is not null) into[$"{EnumNames.Of(held.Kind)}Judgment"] = JudgmentFact.Of(judgment);
                return true;
            }
        }
        return false;
    }

    private bool Compare(Comparison c, int region, Dictionary<string, object?>? into)
    {
        var x = facts.Index;
        int value;
        string key;
        Func<object?>? evidence = null;
        string? evidenceKey = null;
        switch (c.Indicator)
        {
            case Indicator.Cases:
            case Indicator.LocalCases:
            {
                var local = c.Indicator == Indicator.LocalCases;
                value = facts.Cases(region, c.Days, c.Classification, local);
                key = c.Classification is { } k ? EnumNames.Of(k) + "Cases" : "cases";
                if (local) key = "local" + Capitalize(key);
                key += c.Days is { } days ? $"In{days}Days" : "Total";
                evidenceKey = "caseIds";
                evidence = () => facts.CaseIds(region, c.Days, c.Classification, local);
                break;
            }
            case Indicator.Detections:
                value = facts.Detections(region, c.Days, c.DetectionKind);
                key = (c.DetectionKind is { } kind ? EnumNames.Of(kind) + "Detections" : "detections") + (c.Days is { } d ? $"In{d}Days" : "Total");
                evidenceKey = "detectionIds";
                evidence = () => facts.DetectionIds(region, c.Days, c.DetectionKind);
                break;
            case Indicator.Clusters:
                value = facts.Clusters(region, c.Days!.Value);
                key = $"clustersIn{c.Days}Days";
                evidenceKey = "clusterSettingIds";
                evidence = () => facts.ClusterSettingIds(region, c.Days!.Value);
                break;
            case Indicator.CommunitiesWithTransmission:
                value = facts.CommunitiesWithTransmission(region);
                key = "communitiesWithTransmission";
                if (value > 0 && into is not null) into["unknownSourceCaseIds"] = facts.UnknownSourceCaseIds(region);
                evidenceKey = "transmissionCommunities";
                evidence = () => facts.TransmissionCommunities(region);
                break;
            case Indicator.ChainCounties:
            {
                value = facts.ChainCounties(region);
                key = "chainCounties";
                if (value > 0 && into is not null)
                {
                    var (counties, ids) = facts.ChainEvidence(region);
                    into["chainCountyCodes"] = counties;
                    into["chainCaseIds"] = ids;
                }
                break;
            }
            case Indicator.NeighborsAffected:
            {
                var affected = x.Neighbors[region].Where(n => facts.Affected(n, plan, null)).ToList();
                value = affected.Count;
                key = "neighborsAffected";
                evidenceKey = "affectedNeighbors";
                evidence = () => affected.Select(x.Code).ToList();
                break;
            }
            case Indicator.Children:
            {
                var matching = facts.Descendants(region, c.Level!.Value).Where(r => Holds(c.Where!, r, null)).ToList();
                value = matching.Count;
                var plural = c.Level switch { RegionLevel.City => "cities", RegionLevel.County => "counties", RegionLevel.Province => "provinces", RegionLevel.Township => "townships", _ => "communities" };
                key = $"{plural}Matching";
                evidenceKey = "matching" + Capitalize(plural);
                evidence = () => matching.Select(x.Code).ToList();
                break;
            }
            default:
                throw new NotSupportedException(c.Indicator.ToString());
        }
        if (into is not null)
        {
            into[key] = value;
            if (value > 0 && evidence is not null && evidenceKey is not null && !into.ContainsKey(evidenceKey)) into[evidenceKey] = evidence();
        }
        return c.Holds(value);
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
