using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.DailyReports;

namespace EpiCommand.Web.Platform;

/// <summary>The daily reports' refusals (DailyReports/DailyReportService.cs).</summary>
public static partial class Messages
{
    public static Text ReportKind(DailyReportKind kind) => kind switch
    {
        DailyReportKind.Zero => new("疫情零报告", "Zero report"),
        DailyReportKind.Cases => new("病情日报告", "Case report"),
        _ => new("工作日报告", "Work report"),
    };

    public static Text NoRoleToReport => new("您没有任何角色，不能提交日报告。", "You have no role and cannot submit daily reports.");
    public static Text ReportsAreByCounty(Region region) =>
        new($"日报告以旗县市区为单位（001 §5.2.1），“{region.Name}”是{region.Level.ToChinese()}。", $"Daily reports are made by counties (001 §5.2.1); '{region.Name}' is a {region.Level.ToName()}.");
    public static Text NotACounty(Region region) => new($"“{region.Name}”不是旗县市区。", $"'{region.Name}' is not a county.");
    public static Text ReportNotAllowed(string county) =>
        new($"{county}的日报告由本旗县市区人员或上级指挥部提交。", $"The daily reports of {county} are submitted by its own people or by headquarters above it.");
    public static Text NotAReportKind(string? kind) => OneOf(kind ?? "", "zero, cases, work");
    public static Text DayOutOfRange(DateOnly first) => new($"日期须在 {first:yyyy-MM-dd} 与明年今日之间。", $"The day must lie between {first:yyyy-MM-dd} and a year from today.");
    public static Text DayNotYetCome(DateOnly day, DateOnly today) => new($"{day:yyyy-MM-dd} 尚未到来（今天是 {today:yyyy-MM-dd}）。", $"{day:yyyy-MM-dd} has not come yet (today is {today:yyyy-MM-dd}).");
    public static Text Negative(int value) => new($"不能为负数（{value}）。", $"Cannot be negative ({value}).");
    public static Text WorkReportNeedsText => new("工作日报告须写明当日工作情况。", "A work report must describe the day's work.");
    public static Text TextTooLong(int max, int length) => new($"不能超过 {max} 字（现 {length} 字）。", $"At most {max} characters (now {length}).");
    public static Text NoReportRequired(string county, DateOnly day, string? level, string clause) =>
        new($"{county}在 {day:yyyy-MM-dd} 没有覆盖本地的{Ui.Numeral(level)}级及以上应急响应，无需提交日报告（001 §{clause}）。",
            $"No response of level {level} or above covered {county} on {day:yyyy-MM-dd}; no daily report is due (001 §{clause}).");
    public static Text ZeroReportContradicts(string county, DateOnly day, DailyFigures f) =>
        new($"零报告与记录不符：{county} {day:yyyy-MM-dd} 已登记新增病例 {f.NewCases} 例（确诊 {f.NewConfirmed} 例、无症状感染者 {f.NewAsymptomatic} 例），请如实填报新增数。",
            $"The zero report contradicts the records: {county} registered {f.NewCases} new cases on {day:yyyy-MM-dd} ({f.NewConfirmed} confirmed, {f.NewAsymptomatic} asymptomatic); report the new cases as they are.");
    public static Text ReportSubmittedMeanwhile(string county, DateOnly day, DailyReportKind kind) =>
        new($"{county} {day:yyyy-MM-dd} 的{ReportKind(kind).Zh}刚刚由他人提交，请刷新后再试。",
            $"The {ReportKind(kind).En.ToLowerInvariant()} of {county} for {day:yyyy-MM-dd} was just submitted by someone else; refresh and try again.");
    public static Text HeadquartersOnly(Text what) => new($"只有指挥部可以{what.Zh}。", $"Only headquarters may {what.En}.");
}
