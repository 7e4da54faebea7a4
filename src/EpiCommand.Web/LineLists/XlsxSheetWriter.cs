using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// Writes a one-sheet .xlsx row by row with an <see cref="OpenXmlWriter"/>. The package is put together here, in a
/// zip opened for writing only, because the SDK's own package (System.IO.Packaging) holds every part in memory until
/// it is closed and refuses a stream it cannot read back. The zip writes into a small buffer that
/// <see cref="FlushAsync"/> hands on, so the output (an HTTP response) is only ever written asynchronously.
/// </summary>
public sealed class XlsxSheetWriter : IAsyncDisposable
{
    private const int FlushAt = 1 << 16;
    private const uint HeaderStyle = 1;

    private readonly Stream _output;
    private readonly MemoryStream _buffer = new();
    private readonly ZipArchive _zip;
    private readonly Stream _sheet;
    private readonly OpenXmlWriter _writer;
    private readonly int _columns;
    private uint _row;
    private bool _completed;

    public XlsxSheetWriter(Stream output, string sheetName, IReadOnlyList<string> headers, IReadOnlyList<int> widths)
    {
        _output = output;
        _columns = headers.Count;
        _zip = new ZipArchive(new WriteOnly(_buffer), ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        WriteEntry("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        WriteEntry("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        WriteEntry("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        WritePart("xl/workbook.xml", new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = "rId1" })));
        WritePart("xl/styles.xml", Styles());

        _sheet = _zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        _writer = OpenXmlWriter.Create(_sheet, new UTF8Encoding(false));
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 }));
        _writer.WriteElement(new Columns(widths.Select((width, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = width, CustomWidth = true })));
        _writer.WriteStartElement(new SheetData());
        WriteRow(headers, HeaderStyle);
    }

    /// <summary>The width of a column that shows <paramref name="texts"/>: a Chinese character is about two Latin ones wide.</summary>
    public static int WidthOf(params string[] texts) => Math.Clamp(texts.Max(t => t.Sum(c => c >= '\u2e80' ? 2 : 1)) + 3, 8, 40);

    public void WriteRow(IReadOnlyList<string?> cells) => WriteRow(cells, null);

    /// <summary>Whether enough has collected to hand it on.</summary>
    public bool ShouldFlush => _buffer.Length >= FlushAt;

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_buffer.Length == 0) return;
        await _output.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
        _buffer.SetLength(0);
    }

    /// <summary>Closes the sheet and the zip and hands on the rest.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.Close();
        await _sheet.DisposeAsync();
        await _zip.DisposeAsync();
        _completed = true;
        await FlushAsync(ct);
        await _output.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed) return;
        _writer.Dispose();
        await _sheet.DisposeAsync();
        await _zip.DisposeAsync();
    }

    private void WriteRow(IReadOnlyList<string?> cells, uint? style)
    {
        _row++;
        _writer.WriteStartElement(new Row { RowIndex = _row });
        for (var i = 0; i < Math.Min(cells.Count, _columns); i++)
        {
            if (string.IsNullOrEmpty(cells[i]) && style is null) continue;
            var text = Clean(cells[i] ?? "");
            _writer.WriteStartElement(new Cell { CellReference = ColumnName(i) + _row, DataType = CellValues.InlineString, StyleIndex = style });
            _writer.WriteElement(new InlineString(new Text(text) { Space = text.Trim().Length == text.Length ? null : SpaceProcessingModeValues.Preserve }));
            _writer.WriteEndElement();
        }
        _writer.WriteEndElement();
    }

    /// <summary>0 → "A", 26 → "AA".</summary>
    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>XML cannot carry control characters; a name pasted from elsewhere (a vertical tab from Word) sometimes does.</summary>
    internal static string Clean(string text) => text.All(XmlConvert.IsXmlChar) ? text : new string(text.Where(XmlConvert.IsXmlChar).ToArray());

    /// <summary>Two cell formats: 0 plain, 1 bold (headers).</summary>
    internal static Stylesheet Styles() => new(
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 });

    private void WriteEntry(string name, string xml)
    {
        using var stream = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(new UTF8Encoding(false).GetBytes(xml.Trim()));
    }

    private void WritePart(string name, OpenXmlPartRootElement root)
    {
        using var stream = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        root.Save(stream);
    }

    /// <summary>Makes the zip write local headers with data descriptors instead of seeking back to patch sizes.</summary>
    private sealed class WriteOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
