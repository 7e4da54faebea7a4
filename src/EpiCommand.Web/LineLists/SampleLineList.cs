using System.Globalization;
using EpiCommand.Domain.People;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// The sample case line list <c>samples/tongliao-linelist.xlsx</c>: 20 cases of November 2026 in the demo city. Four
/// cases of unknown source in 开鲁县 麦新镇 麦新村委会 within 14 days make community transmission there, so 开鲁县 is
/// grade III as of 2026-11-20 (001 §1.5.2.2); an imported case in 科左中旗 and one in 扎鲁特旗 start chains of their own,
/// and a link from 开鲁县 into 科尔沁区 crosses a county line. Ids start with TL2611, apart from the demo outbreak's B01–B15.
/// </summary>
public static class SampleLineList
{
    public const string FileName = "tongliao-linelist.xlsx";

    private sealed record Sample(string Id, string Classification, string? Severity, string Name, string? Born, string Region,
        string Reported, int OnsetDaysBefore, string Source, string? LinkedTo = null);

    private static readonly Sample[] Cases =
    [
        new("TL2611-01", "确诊病例", "普通型", "王某华", "19780312", "150523103207", "2026-11-08 10:20", 2, "来源不明"),
        new("TL2611-02", "确诊病例", "轻型", "李某强", "19850621", "150523103207", "2026-11-10 15:40", 1, "来源不明"),
        new("TL2611-03", "无症状感染者", null, "张某梅", "19920117", "150523103207", "2026-11-12 09:10", 0, "来源不明"),
        new("TL2611-04", "确诊病例", "普通型", "刘某军", "19660905", "150523103207", "2026-11-14 11:30", 2, "关联病例", "TL2611-01"),
        new("TL2611-05", "确诊病例", "重型", "陈某兰", "19480228", "150523103201", "2026-11-15 08:45", 3, "关联病例", "TL2611-02"),
        new("TL2611-06", "无症状感染者", null, "杨某", "20100716", "150523100001", "2026-11-16 14:00", 0, "关联病例", "TL2611-04"),
        new("TL2611-07", "确诊病例", "轻型", "赵某东", "19880430", "150523100002", "2026-11-17 16:20", 1, "来源不明"),
        new("TL2611-08", "确诊病例", "普通型", "黄某芳", "19750809", "150523103207", "2026-11-18 10:05", 2, "来源不明"),
        new("TL2611-09", "疑似病例", null, "周某", "19990101", "150523103207", "2026-11-19 09:30", 1, "关联病例", "TL2611-08"),
        new("TL2611-10", "确诊病例", "轻型", "吴某丽", "19830514", "150523103207", "2026-11-20 11:00", 1, "关联病例", "TL2611-08"),
        new("TL2611-11", "确诊病例", "普通型", "徐某明", "19700322", "150521100400", "2026-11-09 13:15", 2, "境外输入"),
        new("TL2611-12", "无症状感染者", null, "孙某", "19731111", "150521100400", "2026-11-12 10:40", 0, "关联病例", "TL2611-11"),
        new("TL2611-13", "确诊病例", "轻型", "胡某平", "19950627", "150521100221", "2026-11-14 17:50", 1, "关联病例", "TL2611-11"),
        new("TL2611-14", "确诊病例", "普通型", "朱某", "19810203", "150502100001", "2026-11-13 09:25", 2, "关联病例", "TL2611-04"),
        new("TL2611-15", "疑似病例", null, "高某燕", "19870918", "150502100201", "2026-11-19 15:10", 1, "关联病例", "TL2611-14"),
        new("TL2611-16", "确诊病例", "轻型", "林某", "19900705", "150526100001", "2026-11-11 08:30", 1, "境外输入"),
        new("TL2611-17", "无症状感染者", null, "何某", "19621230", "150526100001", "2026-11-15 12:00", 0, "关联病例", "TL2611-16"),
        new("TL2611-18", "确诊病例", "普通型", "郭某", "19771024", "150524100200", "2026-11-16 10:50", 2, "来源不明"),
        new("TL2611-19", "疑似病例", null, "马某", "20010419", "150524100201", "2026-11-20 09:05", 1, "来源不明"),
        new("TL2611-20", "确诊病例", "危重型", "罗某", "19410812", "150523100001", "2026-11-18 20:30", 4, "关联病例", "TL2611-07"),
    ];

    /// <summary>The rows under the header, in the columns of the import template.</summary>
    public static IReadOnlyList<string?[]> Rows { get; } = Cases.Select((c, i) => Row(c, i)).ToList();

    public static async Task WriteAsync(Stream output, CancellationToken ct)
    {
        var columns = CaseColumns.Layout.Imported.ToList();
        await using var writer = new XlsxSheetWriter(output, CaseColumns.Layout.SheetName, columns.Select(c => c.Header).ToList(),
            columns.Select(c => XlsxSheetWriter.WidthOf(c.Header, c.Example)).ToList());
        foreach (var row in Rows) writer.WriteRow(row);
        await writer.CompleteAsync(ct);
    }

    private static string?[] Row(Sample c, int index)
    {
        var reported = DateTime.ParseExact(c.Reported, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var found = reported.AddHours(-1);
        string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var first17 = $"{c.Region[..6]}{c.Born}{index + 101:D3}";
        return
        [
            c.Id, c.Classification, c.Severity, c.Name, c.Born is null ? null : first17 + ResidentId.CheckCharacter(first17),
            $"1390475{index + 2001:D4}", c.Region,
            c.Classification == "无症状感染者" ? null : Time(found.AddDays(-c.OnsetDaysBefore).Date.AddHours(8)), Time(found), c.Reported,
            c.Classification == "确诊病例" ? c.Reported : null, Time(found), c.Source, null, c.LinkedTo,
        ];
    }
}
