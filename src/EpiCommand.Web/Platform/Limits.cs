namespace EpiCommand.Web.Platform;

/// <summary>
/// Every size limit the platform puts on what a client sends, in one place (docs/security.md): request bodies by kind of
/// endpoint, and what an uploaded spreadsheet may expand to once unzipped and parsed. A limit that is reached is refused with
/// a problem naming it, never a 500 and never a server busy for minutes.
/// </summary>
public static class Limits
{
    /// <summary>A JSON body, a form post: the largest legitimate one (a plan's decision with its reason) is a few kilobytes.</summary>
    public const long JsonBodyBytes = 1L << 20;

    /// <summary><c>POST /api/assessments</c>: a scenario of a whole city over weeks (the samples are under 100 KB).</summary>
    public const long AssessmentBodyBytes = 8L << 20;

    /// <summary>A line-list upload: a 100,000-row line list is some 20 MB as CSV; this leaves room for long names.</summary>
    public const long UploadBytes = 100L << 20;

    /// <summary>Columns of a sheet: the layouts have under 20; a cell reference further right (r="ZZZZZ1") is refused.</summary>
    public const int SheetColumns = 256;

    /// <summary>Rows of a sheet, empty ones included: twice the 100,000-row line list the import is built for.</summary>
    public const int SheetRows = 200_000;

    /// <summary>Characters of one cell or shared string: Excel's own limit for a cell.</summary>
    public const int SheetCellCharacters = 32_767;

    /// <summary>Entries of an .xlsx's shared-string table.</summary>
    public const int SheetSharedStrings = 2_000_000;

    /// <summary>Characters of all shared strings together (held in memory while the sheet is read).</summary>
    public const long SheetSharedStringCharacters = 50_000_000;

    /// <summary>Bytes an .xlsx may inflate to: declared by its zip entries and counted again while the sheet is read.</summary>
    public const long XlsxInflatedBytes = 256L << 20;

    /// <summary>Entries of an .xlsx's zip: a workbook from Excel has about a dozen.</summary>
    public const int XlsxParts = 1_000;

    /// <summary>A person's name (cases, contacts, key people, sentinel reports, the duty roster).</summary>
    public const int NameCharacters = 50;

    /// <summary>A one-line text: the name of a setting or zone, a reporter, a place, a sample, a site, a unit.</summary>
    public const int LineCharacters = 200;

    /// <summary>A reason or a note: a decision's reason and notes, an unmasking's reason, a judgment's reason, a task's progress.</summary>
    public const int NoteCharacters = 2_000;

    /// <summary>A county's daily work report.</summary>
    public const int ReportCharacters = 4_000;

    /// <summary>One section of a document drafted on the platform (a warning notice, an evaluation report).</summary>
    public const int DocumentCharacters = 20_000;

    /// <summary>How far ahead of the server's clock the time of something that has happened may lie (a client's clock running fast).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead a planned time (the end of a zone or a warning) may lie.</summary>
    public static readonly TimeSpan PlannedAhead = TimeSpan.FromDays(366);

    /// <summary>HttpContext item holding the body limit of the request, for the 413 that names it.</summary>
    internal const string BodyLimitItem = "epicommand.body-limit";
}
