using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;

namespace EpiCommand.Domain.Response;

/// <summary>The three community states of 001 §5.2.5 and the strategy each calls for (requirements C8).</summary>
public enum CommunityState { NoCase, Cases, Transmission }

/// <summary>One community on one day: its cases within the window, whether it has community transmission, and so its state.</summary>
public sealed record CommunityStatus(string Code, int CasesWithinWindow, bool Transmission, CommunityState State);

public static class CommunityStrategy
{
    public const string Clause = "5.2.5";

    /// <summary>
    /// 001 §5.2.5: 未发现病例的社区 → 外防输入、内防反弹; 出现病例或暴发疫情的社区 → 内防扩散、外防输出;
    /// 传播疫情的社区 → 内遏蔓延、外防输出. A case counts while within the plan's 14-day window, transmission as the engine defines it.
    /// </summary>
    public static CommunityState StateOf(int casesWithin14Days, bool transmission) =>
        transmission ? CommunityState.Transmission : casesWithin14Days > 0 ? CommunityState.Cases : CommunityState.NoCase;

    public static string Strategy(CommunityState state) => state switch
    {
        CommunityState.NoCase => "外防输入、内防反弹",
        CommunityState.Cases => "内防扩散、外防输出",
        _ => "内遏蔓延、外防输出",
    };

    public static string StrategyEn(CommunityState state) => state switch
    {
        CommunityState.NoCase => "Keep imports out, prevent a rebound",
        CommunityState.Cases => "Stop spread inside, stop export",
        _ => "Contain transmission inside, stop export",
    };

    /// <summary>
    /// The state of every community at or below <paramref name="regionCode"/> on <paramref name="day"/>, in index order.
    /// Cases count (confirmed and asymptomatic, imported or not) within the plan's longest incubation period (14 days, 001 §8.1);
    /// transmission is the engine's community transmission (001 §1.5.2.2: ≥2 cases of unknown source within 14 days).
    /// </summary>
    public static IReadOnlyList<CommunityStatus> Assess(FactIndex index, PlanParameters parameters, DateOnly day, string regionCode)
    {
        if (!index.RegionIndex.TryGetValue(regionCode, out var region)) throw new ArgumentException($"no region has the code '{regionCode}'", nameof(regionCode));
        var facts = new AsOfFacts(index, parameters, day);
        var result = new List<CommunityStatus>();
        for (var r = 0; r < index.RegionCount; r++)
        {
            if (index.Level[r] != RegionLevel.Community || !index.IsWithin(r, region)) continue;
            var cases = facts.Cases(r, parameters.LongestIncubationDays, classification: null, localOnly: false);
            var transmission = facts.CommunitiesWithTransmission(r) > 0;
            result.Add(new CommunityStatus(index.Code(r), cases, transmission, StateOf(cases, transmission)));
        }
        return result;
    }
}
