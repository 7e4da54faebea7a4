namespace EpiCommand.Web.Platform;

/// <summary>The refusals of the normal-time registers (NormalTime/): units' "五有", vaccination and prices.</summary>
public static partial class Messages
{
    public static Text UnitResponsibleRequired => new("“有防控管理制度和责任人”须写明责任人。", "\"A system and a person responsible\" needs the person named.");
    public static Text UnitStrictsMedicalOnly => new("“三严”（发热门诊、流行病学调查、院内感染）只适用于医疗机构。", "The three stricts (fever clinic, investigation, infection control) apply to medical institutions only.");
    public static Text UnitCheckedAhead => new("检查日期不能晚于今天。", "The day checked cannot be after today.");
    public static Text VaccinationReportersOnly => new("只有指挥部和疾控人员可以报告流感疫苗接种情况。", "Only headquarters and CDC staff may report influenza vaccination.");
    public static Text PriceReportersOnly => new("只有指挥部可以报告生活必需品价格。", "Only headquarters may report prices of daily necessities.");
    public static Text ReportedAhead => new("日期不能晚于今天。", "The day cannot be after today.");
    public static Text ReportsAreCounties(string region) => new($"请选择旗县（市、区）报告；{region}不是旗县级地区。", $"Report for a county; {region} is not one.");

    public static Text VaccinatedBelowEarlier(int earlier, DateOnly asOf) => new(
        $"本季累计接种人数不能少于 {asOf:yyyy-MM-dd} 已报告的 {earlier} 人。", $"The season's cumulative count cannot be below the {earlier} reported as of {asOf:yyyy-MM-dd}.");

    public static Text VaccinatedAboveLater(int later, DateOnly asOf) => new(
        $"本季累计接种人数不能多于 {asOf:yyyy-MM-dd} 已报告的 {later} 人。", $"The season's cumulative count cannot be above the {later} reported as of {asOf:yyyy-MM-dd}.");

    public static Text VaccinationAlreadyReported(string region, string group, DateOnly asOf) => new(
        $"{region}{group} {asOf:yyyy-MM-dd} 的接种情况已报告。", $"{region} has already reported {group} as of {asOf:yyyy-MM-dd}.");

    public static Text PriceRange(decimal max) => new($"价格应大于 0、不超过 {max:0} 元，最多两位小数。", $"The price must be above 0 and at most {max:0} yuan, with at most two decimals.");

    public static Text PriceAlreadyReported(string region, string item, DateOnly day) => new(
        $"{region}{item} {day:yyyy-MM-dd} 的价格已报告。", $"{region} has already reported the price of {item} on {day:yyyy-MM-dd}.");
}
