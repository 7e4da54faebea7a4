namespace EpiCommand.Web.Platform;

public static partial class Messages
{
    public static Text NoSuchCluster(string id) => new($"您的管辖范围内没有聚集性疫情“{id}”。", $"No cluster '{id}' in your jurisdiction.");

    public static Text ClusterStatusUnknown => new("应为 active（活跃）或 over（已结束）。", "Must be active or over.");

    /// <summary>The small places of 001 §1.5.1.1 (家庭、学校、居民小区、工厂车间、自然村、医疗机构等) and the other types settings are given.</summary>
    public static Text SettingType(string? type) => type switch
    {
        "family" => new("家庭", "Family"),
        "school" => new("学校", "School"),
        "compound" => new("居民小区", "Residential compound"),
        "workshop" => new("工厂车间", "Factory workshop"),
        "village" => new("自然村", "Natural village"),
        "medicalInstitution" => new("医疗机构", "Medical institution"),
        "unit" => new("单位", "Work unit"),
        "office" => new("办公场所", "Office"),
        "store" => new("商场/超市", "Store"),
        _ => new("其他场所", "Other"),
    };
}
