using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

using EpiCommand.Web.Platform;

namespace EpiCommand.Web.LineLists;

public enum LineListFormat { Xlsx, Csv }

/// <summary>A row of a sheet, numbered as the spreadsheet shows it, with its cells' text by column position.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string?> Cells)
{
    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file that is not the spreadsheet it claims to be.</summary>
public sealed class UnreadableSheetException(Platform.Text reason, Exception? inner = null) : Exception(reason.En, inner)
{
    public Platform.Text Reason { get; } = reason;
}

/// <summary>
/// Reads the first sheet of an .xlsx, or a CSV, one row at a time: only the row being read is in memory (and, for
/// .xlsx, the shared-string table, which the format keeps apart from the rows).
/// </summary>
public static class SheetReader
{
    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static LineListFormat? FormatOf(string fileName, string? contentType) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".xlsx" => LineListFormat.Xlsx,
            ".csv" => LineListFormat.Csv,
            _ => contentType switch
            {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => LineListFormat.Xlsx,
                "text/csv" => LineListFormat.Csv,
                _ => null,
            },
        };

    /// <summary>The rows of the file. The stream must be seekable (an .xlsx is a zip; a CSV's encoding is found by a first look).</summary>
    public static IEnumerable<SheetRow> Read(Stream stream, LineListFormat format) => format == LineListFormat.Xlsx ? ReadXlsx(stream) : ReadCsv(stream);

    private static IEnumerable<SheetRow> ReadCsv(Stream stream)
    {
        var encoding = EncodingOf(stream);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false, BadDataFound = null, MissingFieldFound = null, TrimOptions = TrimOptions.Trim, DetectColumnCountChanges = false,
        };
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        using var parser = new CsvParser(reader, config);
        while (true)
        {
            bool more;
            try
            {
                more = parser.Read();
            }
            catch (CsvHelperException e)
            {
                throw new UnreadableSheetException(Messages.CsvRowUnreadable(parser.Row, e.Message.Split('\n')[0]), e);
            }
            if (!more) yield break;
            yield return new SheetRow(parser.Row, parser.Record ?? []);
        }
    }

    /// <summary>
    /// UTF-8 (with or without a byte order mark) or UTF-16 with a mark; a file that is not valid UTF-8 is read as
    /// GB18030, which is what Excel on a Chinese Windows writes when it saves "CSV (逗号分隔)".
    /// </summary>
    private static Encoding EncodingOf(Stream stream)
    {
        var start = stream.Position;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length + 1];
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0) decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static IEnumerable<SheetRow> ReadXlsx(Stream stream)
    {
        SpreadsheetDocument document;
        WorksheetPart sheet;
        List<string> strings;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            sheet = workbook.GetPartById(first.Id!.Value!) as WorksheetPart ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            strings = SharedStrings(workbook.SharedStringTablePart);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException or System.Xml.XmlException or ArgumentException)
        {
            throw new UnreadableSheetException(Messages.NotAnXlsx, e);
        }
        using (document)
        using (var reader = OpenXmlReader.Create(sheet))
        {
            var number = 0;
            var more = reader.Read();
            while (more)
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    number = row.RowIndex?.Value is { } index ? (int)index : number + 1;
                    yield return new SheetRow(number, Cells(row, strings));
                    // LoadCurrentElement has already moved the reader past the row.
                    more = !reader.EOF;
                }
                else
                {
                    more = reader.Read();
                }
            }
        }
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        List<string> strings = [];
        if (part is null) return strings;
        using var reader = OpenXmlReader.Create(part);
        var more = reader.Read();
        while (more)
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
                more = !reader.EOF;
            }
            else
            {
                more = reader.Read();
            }
        }
        return strings;
    }

    /// <summary>The visible text of a string item: its text, or its rich-text runs, without the phonetic guides (rPh).</summary>
    private static string TextOf(OpenXmlElement item) =>
        item.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.Text>()?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    private static List<string?> Cells(Row row, List<string> strings)
    {
        List<string?> cells = [];
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
            while (cells.Count <= column) cells.Add(null);
            cells[column] = ValueOf(cell, strings);
        }
        return cells;
    }

    private static string? ValueOf(Cell cell, List<string> strings)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString) return int.TryParse(cell.CellValue?.Text, out var i) && i >= 0 && i < strings.Count ? strings[i] : null;
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? TextOf(inline) : null;
        return cell.CellValue?.Text;
    }

    /// <summary>"C7" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return Math.Max(index - 1, 0);
    }
}
