using System.Globalization;
using System.Text;
using CsvHelper;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// Writes line lists: the templates (headers and an example row) and exports of cases and contacts, row by row as the
/// query yields them. IDs and phone numbers are masked unless the caller was allowed to reveal them (requirements J3).
/// </summary>
public static class LineListExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Hand the rows written so far on every this many rows at the latest, so a slow query still shows progress.</summary>
    private const int FlushEvery = 1000;

    public static async Task WriteTemplateXlsxAsync(LineListLayout layout, Stream output, CancellationToken ct)
    {
        var columns = layout.Imported.ToList();
        await using var writer = Start(output, layout.SheetName, columns);
        writer.WriteRow(columns.Select(c => c.Example).ToList());
        await writer.CompleteAsync(ct);
    }

    /// <summary>UTF-8 with a byte order mark: without it Excel on a Chinese Windows reads the headers as GBK.</summary>
    public static byte[] TemplateCsv(LineListLayout layout)
    {
        var columns = layout.Imported.ToList();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var column in columns) csv.WriteField(column.Header);
            csv.NextRecord();
            foreach (var column in columns) csv.WriteField(column.Example);
            csv.NextRecord();
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static async Task WriteCasesAsync(IAsyncEnumerable<CaseRecord> cases, bool unmasked, IReadOnlyDictionary<string, string> regionNames, Stream output, CancellationToken ct)
    {
        var layout = CaseColumns.Layout;
        await using var writer = Start(output, layout.SheetName, layout.Columns);
        var count = 0;
        await foreach (var c in cases.WithCancellation(ct))
        {
            writer.WriteRow(
            [
                c.Id, LineListWords.Classifications.Label(c.Classification), c.Severity is { } severity ? LineListWords.Severities.Label(severity) : null,
                c.PersonName, Reveal(c.ResidentId, unmasked, ResidentId.Mask), Reveal(c.Phone, unmasked, PhoneNumbers.Mask), c.RegionCode,
                LineListTimes.Format(c.OnsetAt), LineListTimes.Format(c.FoundAt), LineListTimes.Format(c.ReportedAt), LineListTimes.Format(c.ConfirmedAt),
                LineListTimes.Format(c.IsolatedAt), c.InfectionSource is { } source ? LineListWords.Sources.Label(source) : null, string.Join(LineListWords.IdSeparator, Surveillance.CasesApi.CaseSettings(c)),
                string.Join(LineListWords.IdSeparator, c.LinkedCaseIds), regionNames.GetValueOrDefault(c.RegionCode), c.Outcome is { } outcome ? LineListWords.Outcomes.Label(outcome) : null,
            ]);
            if (writer.ShouldFlush || ++count % FlushEvery == 0) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public static async Task WriteContactsAsync(IAsyncEnumerable<CloseContact> contacts, bool unmasked, IReadOnlyDictionary<string, string> regionNames, Stream output, CancellationToken ct)
    {
        var layout = ContactColumns.Layout;
        await using var writer = Start(output, layout.SheetName, layout.Columns);
        var count = 0;
        await foreach (var c in contacts.WithCancellation(ct))
        {
            writer.WriteRow(
            [
                c.Id, c.PersonName, Reveal(c.ResidentId, unmasked, ResidentId.Mask), Reveal(c.Phone, unmasked, PhoneNumbers.Mask), c.RegionCode,
                c.SourceCaseId, c.SourceContactId, LineListTimes.Format(c.LastContactAt), c.Site, regionNames.GetValueOrDefault(c.RegionCode),
                c.ObservationEnds.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LineListWords.ContactStatuses.Label(c.Status),
            ]);
            if (writer.ShouldFlush || ++count % FlushEvery == 0) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    private static string? Reveal(string? value, bool unmasked, Func<string, string> mask) => value is null || unmasked ? value : mask(value);

    private static XlsxSheetWriter Start(Stream output, string sheetName, IReadOnlyList<LineListColumn> columns) =>
        new(output, sheetName, columns.Select(c => c.Header).ToList(), columns.Select(c => XlsxSheetWriter.WidthOf(c.Header, c.Example)).ToList());
}
