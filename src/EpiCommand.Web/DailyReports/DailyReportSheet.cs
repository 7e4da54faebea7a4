using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EpiCommand.Web.LineLists;

namespace EpiCommand.Web.DailyReports;

/// <summary>One county's line of the day's report: the three reports' figures and text; null where a report is missing.</summary>
public sealed record DailySheetRow(
    string Code, string County, string Response, int? ZeroReportCases, int? NewConfirmed, int? NewAsymptomatic, int? NewSuspected,
    int? UnderTreatment, int? ContactsUnderObservation, string? Work, string SubmittedBy, string Missing);

/// <summary>
/// The city's daily report as an .xlsx (I3): a header row in Chinese, one row per county, a totals row. Figures are numbers,
/// so that the sheet sums them. The report is a few dozen rows, so the package is built in memory with the Open XML SDK.
/// </summary>
public static class DailyReportSheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] Headers =
    [
        "地区代码", "旗县市区", "应急响应", "疫情零报告（新增病例数）", "新增确诊病例", "新增无症状感染者", "新增疑似病例", "在治确诊病例", "医学观察中密切接触者",
        "工作日报告", "报告人", "未报",
    ];

    private const uint Bold = 1;

    public static byte[] Build(string sheetName, IReadOnlyList<DailySheetRow> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = XlsxSheetWriter.Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint index = 1;
            data.Append(Row(index++, Headers.Select(h => Text(h, Bold))));
            foreach (var r in rows)
            {
                data.Append(Row(index++, [
                    Text(r.Code), Text(r.County), Text(r.Response), Number(r.ZeroReportCases), Number(r.NewConfirmed), Number(r.NewAsymptomatic), Number(r.NewSuspected),
                    Number(r.UnderTreatment), Number(r.ContactsUnderObservation), Text(r.Work), Text(r.SubmittedBy), Text(r.Missing),
                ]));
            }
            data.Append(Row(index, [
                Text("合计", Bold), Text($"{rows.Count} 个旗县市区", Bold), Text(null), Sum(rows, r => r.ZeroReportCases), Sum(rows, r => r.NewConfirmed), Sum(rows, r => r.NewAsymptomatic),
                Sum(rows, r => r.NewSuspected), Sum(rows, r => r.UnderTreatment), Sum(rows, r => r.ContactsUnderObservation), Text(null), Text(null),
                Text($"{rows.Count(r => r.Missing.Length > 0)} 个旗县市区未报齐", Bold),
            ]));
            var widths = new[] { 12, 16, 12, 14, 10, 10, 10, 10, 12, 50, 24, 30 };
            sheetPart.Worksheet = new Worksheet(
                new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = XlsxSheetWriter.ColumnName(column++) + index;
            row.Append(cell);
        }
        return row;
    }

    private static Cell Text(string? text, uint? style = null) => new()
    {
        DataType = CellValues.InlineString, StyleIndex = style, InlineString = new InlineString(new Text(XlsxSheetWriter.Clean(text ?? ""))),
    };

    private static Cell Number(int? value) => value is { } v
        ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(v) }
        : Text(null);

    private static Cell Sum(IReadOnlyList<DailySheetRow> rows, Func<DailySheetRow, int?> value)
    {
        var cell = Number(rows.Sum(r => value(r) ?? 0));
        cell.StyleIndex = Bold;
        return cell;
    }
}
