using EpiCommand.Domain.Plans;

namespace EpiCommand.Domain.Response;

/// <summary>The rules of control zones and lockdowns (requirements E3).</summary>
public static class ZoneRules
{
    /// <summary>
    /// The minimum units a control zone is drawn at (001 §5.2.6 楼栋、病区、居民小区、自然村组; 004 §九(一)6 学校以班级、
    /// 楼房以单元、工厂以工作间、工作场所以办公室、农村以户), as code → (Chinese, English).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> UnitKinds = new Dictionary<string, (string, string)>
    {
        ["building"] = ("楼栋", "Building"),
        ["ward"] = ("病区", "Ward"),
        ["compound"] = ("院落/小区", "Compound"),
        ["villageGroup"] = ("自然村组", "Village group"),
        ["class"] = ("班级", "Class"),
        ["unit"] = ("单位", "Unit"),
        ["workshop"] = ("车间", "Workshop"),
        ["office"] = ("办公室", "Office"),
        ["household"] = ("户", "Household"),
    };

    /// <summary>A lockdown covers an epidemic area (疫区, 001 §5.3.2), not a minimum unit.</summary>
    public const string LockdownUnitKind = "area";

    /// <summary>
    /// Whether a response at <paramref name="level"/> allows a lockdown: the plan's <c>lockdown.minimumLevel</c> or above
    /// (001 §5.3.2 and §5.4.3: level III or above). A plan without a lockdown rule allows none.
    /// </summary>
    public static bool PermitsLockdown(Plan plan, string? level) =>
        level is not null && plan.Lockdown is { } rule && ResponseRules.Compare(plan, level, rule.MinimumLevel) >= 0;

    /// <summary>A zone lasts this long unless its end is given: the longest incubation period (001 §8.1; 004 §九(一)8 "近14天").</summary>
    public static int DefaultDays(Plan plan) => plan.Parameters.LongestIncubationDays;

    public static string UnitKindName(string code) => UnitKinds.TryGetValue(code, out var name) ? name.Zh : code == LockdownUnitKind ? "疫区" : code;
}
