namespace EpiCommand.Domain.Response;

/// <summary>The three community states of 001 §5.2.5 and the strategy each calls for (requirements C8).</summary>
public enum CommunityState { NoCase, Cases, Transmission }

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
}
