namespace EpiCommand.Domain.Regions;

/// <summary>Administrative levels, from the top down (requirements A1).</summary>
public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
    Community = 5,
}

public static class RegionLevels
{
    public static readonly IReadOnlyDictionary<string, RegionLevel> ByName = new Dictionary<string, RegionLevel>
    {
        ["province"] = RegionLevel.Province,
        ["city"] = RegionLevel.City,
        ["county"] = RegionLevel.County,
        ["township"] = RegionLevel.Township,
        ["community"] = RegionLevel.Community,
    };

    public static string ToName(this RegionLevel level) => level.ToString().ToLowerInvariant();

    public static string ToChinese(this RegionLevel level) => level switch
    {
        RegionLevel.Province => "省/自治区",
        RegionLevel.City => "市/盟",
        RegionLevel.County => "旗县市区",
        RegionLevel.Township => "苏木乡镇/街道",
        RegionLevel.Community => "社区/嘎查村",
        _ => level.ToString(),
    };

    /// <summary>Grades, risk and warnings are assessed for these levels only (requirements: "Grades").</summary>
    public static bool IsAssessed(this RegionLevel level) => level <= RegionLevel.County;
}
