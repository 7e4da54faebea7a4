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

    /// <summary>HttpContext item holding the body limit of the request, for the 413 that names it.</summary>
    internal const string BodyLimitItem = "epicommand.body-limit";
}
