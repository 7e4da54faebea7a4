namespace EpiCommand.Web.Platform;

/// <summary>The door-to-door screening's refusals (Screening/ScreeningService.cs).</summary>
public static partial class Messages
{
    public static Text ScreeningNotAllowed => new("只有指挥部和排查人员（流调、社区）可以登记住户和排查结果。", "Only headquarters and screening teams (investigators) may list households and record visits.");
    public static Text ResidentsRange(int max) => new($"住户人数应为 1 至 {max}。", $"Residents must be between 1 and {max}.");
    public static Text HouseholdListed(string address) => new($"“{address}”已在该区域的住户清单中。", $"'{address}' is already listed in this zone.");
    public static Text NoSuchHousehold(long id) => new($"没有编号为 {id} 的住户。", $"There is no household #{id}.");
    public static Text SymptomaticRequired => new("请填写近14天内是否有发热、呼吸道或消化道症状。", "Say whether anyone had fever, respiratory or digestive symptoms in the last 14 days.");
    public static Text HouseholdChanged(long id) => new($"住户 #{id} 已被他人更新，请刷新。", $"Household #{id} was changed by someone else; refresh.");
    public static Text ScreeningZoneLifted(string zone) => new($"管控区域“{zone}”已解除，不再排查。", $"The zone '{zone}' is lifted; it is no longer screened.");
    public static Text HouseholdSheetEmpty => new("文件是空的：第一行应为列名（地址、人数）。", "The file is empty: the first row names the columns (地址, 人数).");
}
