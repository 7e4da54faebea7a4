using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
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
/// .xlsx, the shared-string table, which the format keeps apart from the rows). Bounded by <see cref="Limits"/>.
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

    /// <summary>
    /// The rows of the file. The stream must be seekable (an .xlsx is a zip; a CSV's encoding is found by a first look).
    /// A file beyond one of the <see cref="Limits"/> (columns, rows, cell length, inflated size) is refused with an
    /// <see cref="UnreadableSheetException"/> naming the limit; reading stops when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static IEnumerable<SheetRow> Read(Stream stream, LineListFormat format, CancellationToken ct = default) =>
        format == LineListFormat.Xlsx ? ReadXlsx(stream, ct) : ReadCsv(stream, ct);

    private static IEnumerable<SheetRow> ReadCsv(Stream stream, CancellationToken ct)
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
            ct.ThrowIfCancellationRequested();
            if (parser.Row > Limits.SheetRows) throw new UnreadableSheetException(Messages.SheetTooManyRows(Limits.SheetRows));
            if (parser.Count > Limits.SheetColumns) throw new UnreadableSheetException(Messages.SheetTooManyColumns(Limits.SheetColumns));
            var record = parser.Record ?? [];
            if (record.Any(cell => cell.Length > Limits.SheetCellCharacters)) throw new UnreadableSheetException(Messages.SheetCellTooLong(Limits.SheetCellCharacters));
            yield return new SheetRow(parser.Row, record);
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

    private static IEnumerable<SheetRow> ReadXlsx(Stream stream, CancellationToken ct)
    {
        CheckDeclaredSizes(stream);
        SpreadsheetDocument document;
        WorksheetPart sheet;
        SharedStringTablePart? stringsPart;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            sheet = workbook.GetPartById(first.Id!.Value!) as WorksheetPart ?? throw new UnreadableSheetException(Messages.XlsxNoWorkbook);
            stringsPart = workbook.SharedStringTablePart;
        }
        // A package whose relationships name parts it lacks makes the SDK throw InvalidOperationException (found by FuzzTests).
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException or XmlException or ArgumentException
            or InvalidOperationException or KeyNotFoundException)
        {
            throw new UnreadableSheetException(Messages.NotAnXlsx, e);
        }
        // The parts are read as plain XML, one node at a time, so that every limit is checked before memory is spent on it;
        // the SDK's element objects would first load a whole row or string, however large.
        using (document)
        {
            var inflated = new InflatedBudget(ct);
            var strings = stringsPart is null ? [] : SharedStrings(stringsPart, inflated);
            using var xml = XmlReader.Create(new CountingStream(sheet.GetStream(FileMode.Open, FileAccess.Read), inflated), XmlSettings);
            int number = 0, rows = 0;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row") continue;
                ct.ThrowIfCancellationRequested();
                if (++rows > Limits.SheetRows) throw new UnreadableSheetException(Messages.SheetTooManyRows(Limits.SheetRows));
                number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0 ? index : number + 1;
                yield return new SheetRow(number, Cells(xml, strings));
            }
        }
    }

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, CloseInput = true,
    };

    /// <summary>The sizes the zip declares, before anything is inflated; the counting while reading catches a zip that lies.</summary>
    private static void CheckDeclaredSizes(Stream stream)
    {
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > Limits.XlsxParts) throw new UnreadableSheetException(Messages.XlsxTooManyParts(Limits.XlsxParts));
            if (zip.Entries.Sum(e => e.Length) > Limits.XlsxInflatedBytes) throw new UnreadableSheetException(Messages.XlsxInflatesTooMuch(Limits.XlsxInflatedBytes));
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableSheetException(Messages.NotAnXlsx, e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static List<string> SharedStrings(SharedStringTablePart part, InflatedBudget inflated)
    {
        List<string> strings = [];
        long characters = 0;
        using var xml = XmlReader.Create(new CountingStream(part.GetStream(FileMode.Open, FileAccess.Read), inflated), XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "si") continue;
            if (strings.Count == Limits.SheetSharedStrings) throw new UnreadableSheetException(Messages.SheetTooManyStrings(Limits.SheetSharedStrings));
            var text = StringItem(xml);
            characters += text.Length;
            if (characters > Limits.SheetSharedStringCharacters) throw new UnreadableSheetException(Messages.SheetStringsTooLong(Limits.SheetSharedStringCharacters));
            strings.Add(text);
        }
        return strings;
    }

    /// <summary>
    /// The visible text of a string item (&lt;si&gt; or &lt;is&gt;, the reader on its start): its text, or its rich-text runs,
    /// without the phonetic guides (rPh). Leaves the reader on the item's end.
    /// </summary>
    private static string StringItem(XmlReader xml)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        string? text = null;
        StringBuilder? runs = null;
        int? phonetic = null;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (phonetic is { } inside)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == inside) phonetic = null;
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "rPh" && !xml.IsEmptyElement) phonetic = xml.Depth;
            else if (xml.LocalName == "t" && xml.Depth == depth + 1) text ??= TextOf(xml);
            else if (xml.LocalName == "t")
            {
                runs ??= new StringBuilder();
                runs.Append(TextOf(xml));
                if (runs.Length > Limits.SheetCellCharacters) throw new UnreadableSheetException(Messages.SheetCellTooLong(Limits.SheetCellCharacters));
            }
        }
        return text ?? runs?.ToString() ?? "";
    }

    /// <summary>The text content of the element the reader is on, read in chunks and refused beyond a cell's length.</summary>
    private static string TextOf(XmlReader xml)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        var text = new StringBuilder();
        var buffer = new char[4096];
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)) continue;
            int read;
            while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
            {
                if (text.Length + read > Limits.SheetCellCharacters) throw new UnreadableSheetException(Messages.SheetCellTooLong(Limits.SheetCellCharacters));
                text.Append(buffer, 0, read);
            }
        }
        return text.ToString();
    }

    /// <summary>The cells of the row the reader is on, by column position; leaves the reader on the row's end.</summary>
    private static List<string?> Cells(XmlReader xml, List<string> strings)
    {
        List<string?> cells = [];
        if (xml.IsEmptyElement) return cells;
        var depth = xml.Depth;
        var count = 0;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c") continue;
            var column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : cells.Count;
            if (++count > Limits.SheetColumns || column >= Limits.SheetColumns) throw new UnreadableSheetException(Messages.SheetTooManyColumns(Limits.SheetColumns));
            var value = ValueOf(xml, strings);
            while (cells.Count <= column) cells.Add(null);
            cells[column] = value;
        }
        return cells;
    }

    /// <summary>The text of the cell the reader is on: a shared string, an inline string, or its value as written.</summary>
    private static string? ValueOf(XmlReader xml, List<string> strings)
    {
        var type = xml.GetAttribute("t");
        if (xml.IsEmptyElement) return null;
        var depth = xml.Depth;
        string? value = null, inline = null;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "v") value = TextOf(xml);
            else if (xml.LocalName == "is") inline = StringItem(xml);
        }
        return type switch
        {
            "s" => int.TryParse(value, out var i) && i >= 0 && i < strings.Count ? strings[i] : null,
            "inlineStr" => inline,
            _ => value,
        };
    }

    /// <summary>"C7" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            // Beyond the limit the exact column does not matter; ZZZZZZZ would overflow.
            if (index > Limits.SheetColumns) return Limits.SheetColumns;
        }
        return Math.Max(index - 1, 0);
    }
}

/// <summary>The bytes all parts of one .xlsx may still inflate to; checked on every read, which is also where reading stops when the client leaves.</summary>
internal sealed class InflatedBudget(CancellationToken ct)
{
    private long _left = Limits.XlsxInflatedBytes;

    public void Spend(int bytes)
    {
        ct.ThrowIfCancellationRequested();
        _left -= bytes;
        if (_left < 0) throw new UnreadableSheetException(Messages.XlsxInflatesTooMuch(Limits.XlsxInflatedBytes));
    }
}

/// <summary>A part's stream that charges what it inflates to the budget.</summary>
internal sealed class CountingStream(Stream inner, InflatedBudget budget) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Charge(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Charge(inner.Read(buffer));

    private int Charge(int read)
    {
        budget.Spend(read);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
