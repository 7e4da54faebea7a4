using EpiCommand.Domain.Plans;

namespace EpiCommand.Domain.Response;

/// <summary>A public place's state: open, open with limits (disinfection, ventilation, numbers kept down), or closed.</summary>
public enum PlaceStatus { Open, Limited, Closed }

/// <summary>Public places and gatherings by response level (requirements E3; 001 §5.2.11(3), §5.3.3, §5.4.3; 004 §九(二)–(四)).</summary>
public static class PlaceRules
{
    /// <summary>The kinds of public place the plans name, as code → (Chinese, English).</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Kinds = new Dictionary<string, (string, string)>
    {
        ["culture"] = ("文化旅游设施", "Cultural or tourist site"),   // 001 §5.2.11(3) 文化旅游设施
        ["gathering"] = ("大型活动、集会", "Large event or gathering"), // §5.2.11(3), §5.3.3 集会
        ["market"] = ("集市、农贸市场", "Market"),                   // §5.3.3 集市
        ["bath"] = ("浴池、温泉", "Bathhouse or hot spring"),          // §5.3.3
        ["cinema"] = ("影院", "Cinema"),
        ["internetCafe"] = ("网吧", "Internet café"),
        ["ktv"] = ("KTV", "KTV"),
        ["mall"] = ("商场、超市", "Mall or supermarket"),
        ["dining"] = ("餐饮", "Restaurant"),                         // §5.2.11(3) 宾馆、饭店
        ["lodging"] = ("宾馆、旅店", "Hotel"),
        ["school"] = ("学校、幼儿园", "School or kindergarten"),       // §5.3.3 停课, §5.4.3 学校、幼儿园停课
    };

    /// <summary>In a plan's list of kinds: every kind (001 §5.4.3 "关闭所有公共场所").</summary>
    public const string EveryKind = "*";

    /// <summary>
    /// The state the response at <paramref name="level"/> asks of a place of <paramref name="kind"/>, and the clause: the plan's
    /// entry for the most severe level not above it (a level naming none applies the one below: 001 §5.3.11, §5.4.11 "同时按照…条款").
    /// Null when no response is in force or the plan names nothing for the level.
    /// </summary>
    public static (PlaceStatus Status, string Clause)? Required(Plan plan, string? level, string kind)
    {
        if (level is null) return null;
        var rule = plan.PublicPlaces.Where(r => ResponseRules.Compare(plan, r.Level, level) <= 0)
            .OrderByDescending(r => r.Level, Comparer<string>.Create((a, b) => ResponseRules.Compare(plan, a, b))).FirstOrDefault();
        if (rule is null) return null;
        bool Names(IReadOnlyList<string> kinds) => kinds.Contains(kind) || kinds.Contains(EveryKind);
        return (Names(rule.Closed) ? PlaceStatus.Closed : Names(rule.Limited) ? PlaceStatus.Limited : PlaceStatus.Open, rule.Clause);
    }

    /// <summary>Whether <paramref name="status"/> is at least as strict as <paramref name="required"/>.</summary>
    public static bool Complies(PlaceStatus status, PlaceStatus required) => status >= required;

    public static string KindName(string code) => Kinds.TryGetValue(code, out var name) ? name.Zh : code;
}
