using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace EpiCommand.Web.Documents;

/// <summary>
/// A Word document laid out like a Chinese official document (党政机关公文格式, GB/T 9704): A4 with the standard
/// margins, an optional red header (红头) with the document number (文号) above a red rule, a centred title, the
/// recipients (主送), numbered sections, and the issuer and date right-aligned at the end. Serif text in
/// "Noto Serif CJK SC" (Word falls back to SimSun), headings in "Noto Sans CJK SC" (SimHei).
/// </summary>
public sealed class OfficialDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Serif = "Noto Serif CJK SC";
    private const string SerifFallback = "SimSun";
    private const string Sans = "Noto Sans CJK SC";
    private const string SansFallback = "SimHei";
    private const string Red = "E00000";

    // Half-points: 二号 22 pt for the title, 三号 16 pt for the text, 小初 36 pt for the red header.
    private const int TitleSize = 44;
    private const int TextSize = 32;
    private const int HeaderSize = 64;
    private const int HeaderSpacing = 40;

    /// <summary>The width between the margins, in points (A4 210 mm less 28 mm and 26 mm).</summary>
    private const double LineWidth = 440;

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

    private readonly List<OpenXmlElement> _body = [];
    private int _sections;

    /// <summary>Starts a document; <paramref name="redHeader"/> (e.g. "通辽市卫生健康委员会文件") and <paramref name="number"/> (文号) may be null.</summary>
    public OfficialDocument(string title, string? redHeader = null, string? number = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (redHeader is not null)
        {
            _body.Add(MakeParagraph(JustificationValues.Center, MakeRun(redHeader, HeaderSizeFor(redHeader), bold: true, color: Red, spacing: HeaderSpacing), before: 0, after: 240));
            var rule = MakeParagraph(JustificationValues.Center, MakeRun(number ?? "", TextSize, font: Serif), before: 0, after: 480);
            rule.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Color = Red, Size = 18, Space = 6 });
            _body.Add(rule);
        }
        else if (number is not null)
        {
            _body.Add(MakeParagraph(JustificationValues.Center, MakeRun(number, TextSize), before: 0, after: 240));
        }
        _body.Add(MakeParagraph(JustificationValues.Center, MakeRun(title, TitleSize, bold: true), before: 240, after: 480));
    }

    /// <summary>The recipients line (主送机关, GB/T 9704 §7.2.4): the addressees separated by "，", ending with "：", flush left.</summary>
    public OfficialDocument Recipients(IEnumerable<string> recipients)
    {
        var list = Clean(recipients);
        if (list.Count == 0) return this;
        _body.Add(MakeParagraph(JustificationValues.Both, MakeRun($"{string.Join("，", list)}：", TextSize), before: 0, after: 240));
        return this;
    }

    /// <summary>The copy line of the closing block (版记, GB/T 9704 §7.4.2): "抄报：…。" or "抄送：…。", after the signature.</summary>
    public OfficialDocument CopyTo(string label, IEnumerable<string> addressees)
    {
        var list = Clean(addressees);
        if (list.Count == 0) return this;
        _body.Add(MakeParagraph(JustificationValues.Left, MakeRun($"{label}：{string.Join("，", list)}。", TextSize), before: 480, after: 0));
        return this;
    }

    private static List<string> Clean(IEnumerable<string> items) =>
        [.. items.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().TrimEnd('：', ':', '，', '。', '；'))];

    /// <summary>A numbered section ("一、疫情概况") and its text; each line of <paramref name="text"/> is a paragraph indented two characters.</summary>
    public OfficialDocument Section(string heading, string? text)
    {
        var numeral = _sections < Numerals.Length ? Numerals[_sections] : (_sections + 1).ToString(CultureInfo.InvariantCulture);
        _sections++;
        var headingParagraph = MakeParagraph(JustificationValues.Left, MakeRun($"{numeral}、{heading}", TextSize, font: Sans), before: 120, after: 60, firstLineChars: 200);
        headingParagraph.ParagraphProperties!.KeepNext = new KeepNext();
        _body.Add(headingParagraph);
        Text(string.IsNullOrWhiteSpace(text) ? "（无）" : text);
        return this;
    }

    /// <summary>Body paragraphs, one per line, indented two characters.</summary>
    public OfficialDocument Text(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            _body.Add(MakeParagraph(JustificationValues.Both, MakeRun(line.Trim(), TextSize), before: 0, after: 0, firstLineChars: 200));
        }
        return this;
    }

    // 五号 10.5 pt in tables: a table of tasks or figures holds more than the 三号 text.
    private const int TableTextSize = 21;

    /// <summary>
    /// A table across the text width, ruled on every side: a header row in the sans font (repeated on each page) and one row per
    /// entry; <paramref name="widths"/> are the columns' shares of the width.
    /// </summary>
    public OfficialDocument Table(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (headers.Count != widths.Count) throw new ArgumentException("one width per column", nameof(widths));
        var total = (int)(LineWidth * 20); // twips
        var share = widths.Sum();
        var columns = widths.Select(w => total * w / share).ToList();
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(
            new TableWidth { Width = total.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            border(),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(columns.Select(c => new GridColumn { Width = c.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, columns, header: true));
        foreach (var row in rows) table.Append(Row(row, columns, header: false));
        _body.Add(table);
        // Word needs a paragraph between a table and what follows.
        _body.Add(MakeParagraph(JustificationValues.Left, MakeRun("", TableTextSize), before: 0, after: 0));
        return this;
    }

    private static TableRow Row(IReadOnlyList<string> cells, List<int> columns, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < columns.Count; i++)
        {
            var run = MakeRun(i < cells.Count ? cells[i] : "", TableTextSize, bold: header, font: header ? Sans : Serif);
            var paragraph = new Paragraph(new ParagraphProperties
            {
                SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "300", LineRule = LineSpacingRuleValues.Auto },
                Justification = new Justification { Val = header ? JustificationValues.Center : JustificationValues.Left },
            }, run);
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = columns[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }), paragraph));
        }
        return row;
    }

    /// <summary>The issuer (发文机关署名) and the date (成文日期, "2020年11月20日") right-aligned at the end.</summary>
    public OfficialDocument Signature(string issuer, DateOnly date)
    {
        _body.Add(MakeParagraph(JustificationValues.Right, MakeRun(issuer, TextSize), before: 720, after: 0, rightChars: 400));
        _body.Add(MakeParagraph(JustificationValues.Right, MakeRun($"{date.Year}年{date.Month}月{date.Day}日", TextSize), before: 0, after: 0, rightChars: 400));
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            AddStyles(main);
            AddFontTable(main);
            var body = new Body();
            foreach (var element in _body) body.Append(element.CloneNode(true));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                // GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (1 mm ≈ 56.7 twips).
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U },
                new DocGrid { Type = DocGridValues.Lines, LinePitch = 579 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The red header stands on one line: a long issuer's name is set smaller (every character is a full-width one).</summary>
    private static int HeaderSizeFor(string text)
    {
        var fit = 2 * (LineWidth / text.Length - HeaderSpacing / 20.0);
        return Math.Min(HeaderSize, (int)Math.Floor(fit));
    }

    private static Paragraph MakeParagraph(JustificationValues justification, Run run, int before, int after, int? firstLineChars = null, int? rightChars = null)
    {
        // The typed properties keep the children in the order the schema demands (Word refuses a file otherwise).
        var properties = new ParagraphProperties
        {
            SpacingBetweenLines = new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture), Line = "560", LineRule = LineSpacingRuleValues.Exact },
            Justification = new Justification { Val = justification },
        };
        if (firstLineChars is not null || rightChars is not null) properties.Indentation = new Indentation { FirstLineChars = firstLineChars, RightChars = rightChars };
        return new Paragraph(properties, run);
    }

    private static Run MakeRun(string text, int halfPoints, bool bold = false, string? color = null, string font = Serif, int? spacing = null)
    {
        var properties = new RunProperties
        {
            RunFonts = new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font == Sans ? SansFallback : SerifFallback, Hint = FontTypeHintValues.EastAsia },
            Bold = bold ? new Bold() : null,
            Color = color is null ? null : new Color { Val = color },
            Spacing = spacing is null ? null : new Spacing { Val = spacing },
            FontSize = new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            FontSizeComplexScript = new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            Languages = new Languages { Val = "en-US", EastAsia = "zh-CN" },
        };
        return new Run(properties, new Text(LineLists.XlsxSheetWriter.Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = Serif, HighAnsi = Serif, EastAsia = Serif, ComplexScript = SerifFallback },
                    new FontSize { Val = TextSize.ToString(CultureInfo.InvariantCulture) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        styles.Styles.Save();
    }

    /// <summary>Declares the fonts with the Windows fonts Word substitutes when the Noto fonts are not installed.</summary>
    private static void AddFontTable(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new Fonts(FontEntry(Serif, SerifFallback, FontFamilyValues.Roman), FontEntry(Sans, SansFallback, FontFamilyValues.Swiss));
        part.Fonts.Save();
    }

    private static Font FontEntry(string name, string alternative, FontFamilyValues family) => new(
        new AltName { Val = alternative },
        new FontCharSet { Val = "86" },
        new FontFamily { Val = family },
        new Pitch { Val = FontPitchValues.Variable })
    { Name = name };
}
