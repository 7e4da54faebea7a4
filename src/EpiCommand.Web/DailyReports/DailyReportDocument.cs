using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Web.Documents;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.DailyReports;

/// <summary>
/// The jurisdiction's daily report as the document a headquarters office sends up (I3; 001 §5.2.1; issue 14 "a print view and .docx
/// for the daily report"): the same rows as the .xlsx (<see cref="DailyReportsApi.SheetRows"/>) written as an official document —
/// the totals, each county's figures and work, and who has not reported — signed by the headquarters office.
/// </summary>
public static class DailyReportDocument
{
    public static async Task<byte[]> BuildAsync(AppDbContext db, string regionCode, DateOnly day, IReadOnlyList<DailySheetRow> rows, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == regionCode, ct);
        var hq = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == regionCode).OrderBy(h => h.Id)
            .Select(h => new { h.Name, h.OfficeName }).FirstOrDefaultAsync(ct);
        var headquarters = hq?.Name ?? $"{region.Name}新冠肺炎疫情防控工作指挥部";
        var signedBy = hq?.OfficeName is { } office ? headquarters + office : headquarters;
        var date = $"{day.Year}年{day.Month}月{day.Day}日";

        var document = new OfficialDocument($"{region.Name}新冠肺炎疫情防控日报（{date}）");
        var reporting = rows.Where(r => r.Missing.Length == 0).Count();
        document.Section("疫情概况", string.Join("\n",
            $"{date}，全{LevelWord(region.Name)}报告或应报告的旗县市区 {rows.Count} 个，其中 {reporting} 个已报齐。",
            $"新增确诊病例 {Sum(rows, r => r.NewConfirmed)} 例，新增无症状感染者 {Sum(rows, r => r.NewAsymptomatic)} 例，新增疑似病例 {Sum(rows, r => r.NewSuspected)} 例；" +
            $"在治确诊病例 {Sum(rows, r => r.UnderTreatment)} 例，医学观察中密切接触者 {Sum(rows, r => r.ContactsUnderObservation)} 人。"));
        document.Section("各旗县市区报告情况", rows.Count == 0 ? "当日无须报告的旗县市区。" : string.Join("\n", rows.Select(CountyLine)));
        var missing = rows.Where(r => r.Missing.Length > 0).ToList();
        document.Section("未按时报告", missing.Count == 0 ? "各旗县市区均已按时报告。" : string.Join("\n", missing.Select(r => $"{r.County}：未报{r.Missing}。")));
        document.Signature(signedBy, day);
        return document.ToBytes();
    }

    private static string CountyLine(DailySheetRow r)
    {
        var figures = r.NewConfirmed is null
            ? r.ZeroReportCases is { } zero ? $"零报告新增病例 {zero} 例" : "病情日报告未报"
            : $"新增确诊 {r.NewConfirmed} 例、无症状 {r.NewAsymptomatic ?? 0} 例、疑似 {r.NewSuspected ?? 0} 例，在治 {r.UnderTreatment ?? 0} 例，观察中密接 {r.ContactsUnderObservation ?? 0} 人";
        var work = string.IsNullOrWhiteSpace(r.Work) ? "" : $"工作情况：{r.Work.Trim().TrimEnd('。')}。";
        return $"{r.County}（应急响应{r.Response}）：{figures}。{work}";
    }

    private static string LevelWord(string name) => name.EndsWith('市') ? "市" : name.EndsWith('旗') ? "旗" : name.EndsWith('县') ? "县" : "区";

    private static string Sum(IEnumerable<DailySheetRow> rows, Func<DailySheetRow, int?> value) =>
        rows.Sum(r => value(r) ?? 0).ToString(CultureInfo.InvariantCulture);
}
