using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Spreadsheets built to exhaust the server (issue 13, defect 2): each is refused quickly with a problem naming the limit,
/// through the import's usual "file" error, and a normal sheet still reads as before.
/// </summary>
public abstract class SheetBombTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private async Task<string> RefusalAsync(byte[] xlsx)
    {
        var client = await factory.SignedInAsync("horqin");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "bomb.xlsx");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/linelists/cases/import") { Content = form };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        watch.Stop();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").GetProperty("file")[0].GetString()!;
    }

    [Fact]
    public async Task CellReferencesFarToTheRightAreRefusedNamingTheColumnLimit()
    {
        var rows = string.Concat(Enumerable.Range(1, 40).Select(n => $"""<row r="{n}"><c r="ZZZZZ{n}" t="inlineStr"><is><t>x</t></is></c></row>"""));
        var message = await RefusalAsync(Xlsx.Of(rows));
        Assert.Contains($"more than {Limits.SheetColumns} columns", message);
    }

    [Fact]
    public async Task EmptyRowsBeyondTheRowLimitAreRefused()
    {
        var xlsx = Xlsx.Of(sheet =>
        {
            sheet.Write(Encoding.UTF8.GetBytes(Xlsx.CaseHeader));
            for (var n = 2; n <= Limits.SheetRows + 1; n++) sheet.Write(Encoding.ASCII.GetBytes($"""<row r="{n}"/>"""));
        });
        var message = await RefusalAsync(xlsx);
        Assert.Contains($"more than {Limits.SheetRows} rows", message);
    }

    [Fact]
    public async Task ASmallFileInflatingBeyondTheLimitIsRefused()
    {
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        var xlsx = Xlsx.Of(sheet =>
        {
            for (var i = 0; i < (Limits.XlsxInflatedBytes >> 20) + 8; i++) sheet.Write(spaces);
        });
        Assert.True(xlsx.Length < 1 << 20, $"{xlsx.Length} bytes");
        var message = await RefusalAsync(xlsx);
        Assert.Contains($"more than {Limits.XlsxInflatedBytes >> 20} MB", message);
    }

    [Fact]
    public async Task ASharedStringLongerThanACellIsRefused()
    {
        var message = await RefusalAsync(Xlsx.Of("""<row r="1"><c r="A1" t="s"><v>0</v></c></row>""", [new string('a', 5_000_000)]));
        Assert.Contains($"more than {Limits.SheetCellCharacters} characters", message);
    }
}

public sealed class SqliteSheetBombTests() : SheetBombTests<SqliteFactory>(new());

public sealed class PostgresSheetBombTests() : SheetBombTests<PostgresFactory>(new());

/// <summary>The reader itself: what a normal sheet gives, and that it stops when the client leaves.</summary>
public sealed class SheetReaderTests
{
    [Fact]
    public void ASheetReadsSharedInlineRichAndPlainCellsByColumn()
    {
        var rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>
            <row r="3"><c r="B3" t="s"><v>1</v></c><c r="D3"><v>44155.5</v></c><c r="E3"/></row>
            """;
        var read = SheetReader.Read(new MemoryStream(Xlsx.Of(rows, ["病例编号", "<r><t>张</t></r><r><t>某</t></r><rPh><t>ZHANG</t></rPh>"], rawStrings: true)), LineListFormat.Xlsx).ToList();
        Assert.Equal([1, 3], read.Select(r => r.Number));
        Assert.Equal(["病例编号", null, "内联"], read[0].Cells);
        Assert.Equal([null, "张某", null, "44155.5", null], read[1].Cells);
    }

    [Fact]
    public void ReadingStopsWhenTheClientLeaves()
    {
        var rows = string.Concat(Enumerable.Range(1, 1000).Select(n => $"""<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>"""));
        using var left = new CancellationTokenSource();
        var read = SheetReader.Read(new MemoryStream(Xlsx.Of(rows)), LineListFormat.Xlsx, left.Token);
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var row in read)
            {
                if (row.Number == 10) left.Cancel();
            }
        });
    }

    [Fact]
    public void ACsvWiderThanTheColumnLimitIsRefused()
    {
        var csv = Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, Limits.SheetColumns + 1)) + "\n");
        var refused = Assert.Throws<UnreadableSheetException>(() => SheetReader.Read(new MemoryStream(csv), LineListFormat.Csv).ToList());
        Assert.Equal(Messages.SheetTooManyColumns(Limits.SheetColumns), refused.Reason);
    }
}

/// <summary>A minimal .xlsx written by hand, so that its sheet and shared strings can hold what no spreadsheet program writes.</summary>
internal static class Xlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Row 1 with the required columns of a case line list, so that the import reads on past it.</summary>
    public static string CaseHeader => $"""<row r="1">{string.Concat(new[] { "病例编号", "分类", "姓名", "现住地代码", "报告时间" }.Select((h, i) =>
        $"""<c r="{(char)('A' + i)}1" t="inlineStr"><is><t>{h}</t></is></c>"""))}</row>""";

    public static byte[] Of(string rows, string[]? strings = null, bool rawStrings = false) =>
        Of(sheet => sheet.Write(Encoding.UTF8.GetBytes(rows)), strings, rawStrings);

    public static byte[] Of(Action<Stream> writeRows, string[]? strings = null, bool rawStrings = false)
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Add(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="病例一览表" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            var items = (strings ?? []).Select(s => rawStrings && s.StartsWith('<') ? $"<si>{s}</si>" : $"<si><t>{System.Security.SecurityElement.Escape(s)}</t></si>");
            Add(zip, "xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">{string.Concat(items)}</sst>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open();
            sheet.Write(Encoding.UTF8.GetBytes($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>"""));
            writeRows(sheet);
            sheet.Write(Encoding.UTF8.GetBytes("</sheetData></worksheet>"));
        }
        return file.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(Encoding.UTF8.GetBytes(content));
    }
}
