using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.LineLists;

public sealed record LineListImported(int Imported, int Unchanged);

/// <summary>Line lists in and out (requirements J4): templates, imports of cases and contacts, and exports of the filtered lists.</summary>
public static class LineListsApi
{
    /// <summary>A 100,000-row line list is some 20 MB as CSV; the default limit of 30 MB leaves too little room for long names.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapLineLists(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/linelists").WithTags("Line lists").RequireJurisdiction();
        foreach (var layout in new[] { CaseColumns.Layout, ContactColumns.Layout })
        {
            lists.MapGet($"/{layout.Kind}/template.xlsx", (HttpContext http) => Template(layout, http))
                .WithName($"{layout.Kind}TemplateXlsx").WithSummary($"The {layout.Kind} line list as an .xlsx: the Chinese headers and one example row (docs/linelists.md)");
            lists.MapGet($"/{layout.Kind}/template.csv", () => TypedResults.File(LineListExport.TemplateCsv(layout), LineListExport.CsvContentType, $"{layout.SheetName}-模板.csv"))
                .WithName($"{layout.Kind}TemplateCsv").WithSummary($"The {layout.Kind} line list as a UTF-8 CSV: the Chinese headers and one example row");
        }
        // The upload is a form post, which antiforgery would guard; the sign-in cookie is SameSite=Lax, so another site's form cannot post it.
        lists.MapPost("/cases/import", (IFormFile? file, HttpContext http, CaseImport import, CancellationToken ct) => ImportAsync(file, http, import, ct))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .WithName("ImportCases").WithSummary("Import a case line list (.xlsx or .csv, multipart field `file`): all rows or none; re-importing the same file changes nothing");
        lists.MapPost("/contacts/import", (IFormFile? file, HttpContext http, ContactImport import, CancellationToken ct) => ImportAsync(file, http, import, ct))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .WithName("ImportContacts").WithSummary("Import a close-contact line list (.xlsx or .csv, multipart field `file`): all rows or none; re-importing the same file changes nothing");
        lists.MapGet("/cases/export.xlsx", ExportCases).WithName("ExportCases")
            .WithSummary("The cases of the jurisdiction (optionally of one region and classification) as an .xlsx in the import layout; IDs and phone numbers masked unless unmask=true with a reason (investigators, recorded)");
        lists.MapGet("/contacts/export.xlsx", ExportContacts).WithName("ExportContacts")
            .WithSummary("The close contacts of the jurisdiction (optionally of one region and status) as an .xlsx in the import layout; IDs and phone numbers masked unless unmask=true with a reason (investigators, recorded)");
        return app;
    }

    private static PushStreamHttpResult Template(LineListLayout layout, HttpContext http) =>
        TypedResults.Stream(body => LineListExport.WriteTemplateXlsxAsync(layout, body, http.RequestAborted), LineListExport.XlsxContentType, $"{layout.SheetName}-模板.xlsx");

    private static async Task<Results<Ok<LineListImported>, ValidationProblem>> ImportAsync<T>(IFormFile? file, HttpContext http, LineListImport<T> import, CancellationToken ct)
        where T : class
    {
        if (file is null || file.Length == 0) return FileProblem("Send the line list as the multipart form field 'file'.");
        if (SheetReader.FormatOf(file.FileName, file.ContentType) is not { } format) return FileProblem($"'{file.FileName}' is neither an .xlsx nor a .csv file.");
        await using var stream = file.OpenReadStream();
        var result = await import.ImportAsync(stream, format, file.FileName, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (result.Ok) return TypedResults.Ok(new LineListImported(result.Imported, result.Unchanged));
        var errors = result.Errors.GroupBy(e => e.Row == 0 ? "file" : $"row {e.Row}, {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        return TypedResults.ValidationProblem(errors,
            detail: $"{result.ErrorCount} problem(s) in '{file.FileName}'" + (result.ErrorCount > result.Errors.Count ? $"; the first {result.Errors.Count} are listed" : "") + ". Nothing was imported.",
            title: "The line list has errors; nothing was imported",
            extensions: new Dictionary<string, object?> { ["rows"] = result.Errors, ["errorCount"] = result.ErrorCount });
    }

    private static ValidationProblem FileProblem(string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportCases(HttpContext http, AppDbContext db, TimeProvider clock,
        string? classification, string? region, bool? unmask, string? reason, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var query = jurisdiction.Scope(db.Cases.AsNoTracking());
        var errors = new Dictionary<string, string[]>();
        if (classification is { Length: > 0 })
        {
            if (LineListWords.Classifications.TryParse(classification, out var wanted)) query = query.Where(c => c.Classification == wanted);
            else errors["classification"] = [$"'{classification}' is not one of {EnumNames.List<Classification>()}."];
        }
        var (path, refused) = await RegionPathAsync(jurisdiction, db, region, errors, ct);
        if (refused is not null) return refused;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (unmasked, unmaskRefused) = await UnmaskAsync(http, db, clock, unmask, reason, "cases", ct);
        if (unmaskRefused is ValidationProblem invalid) return invalid;
        if (unmaskRefused is ProblemHttpResult forbidden) return forbidden;

        var names = await RegionNamesAsync(jurisdiction, db, ct);
        var rows = query.Where(c => c.RegionPath.StartsWith(path)).OrderBy(c => c.ReportedAt).ThenBy(c => c.Id).AsAsyncEnumerable();
        return TypedResults.Stream(body => LineListExport.WriteCasesAsync(rows, unmasked, names, body, http.RequestAborted),
            LineListExport.XlsxContentType, $"{CaseColumns.Layout.SheetName}-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportContacts(HttpContext http, AppDbContext db, TimeProvider clock,
        string? status, string? region, bool? unmask, string? reason, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var query = jurisdiction.Scope(db.Contacts.AsNoTracking());
        var errors = new Dictionary<string, string[]>();
        if (status is { Length: > 0 })
        {
            if (LineListWords.ContactStatuses.TryParse(status, out var wanted)) query = query.Where(c => c.Status == wanted);
            else errors["status"] = [$"'{status}' is not one of {EnumNames.List<ContactStatus>()}."];
        }
        var (path, refused) = await RegionPathAsync(jurisdiction, db, region, errors, ct);
        if (refused is not null) return refused;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (unmasked, unmaskRefused) = await UnmaskAsync(http, db, clock, unmask, reason, "contacts", ct);
        if (unmaskRefused is ValidationProblem invalid) return invalid;
        if (unmaskRefused is ProblemHttpResult forbidden) return forbidden;

        var names = await RegionNamesAsync(jurisdiction, db, ct);
        var rows = query.Where(c => c.RegionPath.StartsWith(path)).OrderBy(c => c.LastContactAt).ThenBy(c => c.Id).AsAsyncEnumerable();
        return TypedResults.Stream(body => LineListExport.WriteContactsAsync(rows, unmasked, names, body, http.RequestAborted),
            LineListExport.XlsxContentType, $"{ContactColumns.Layout.SheetName}-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }

    /// <summary>
    /// J3: an export shows full IDs and phone numbers only when asked for, to an investigator or administrator, with a
    /// reason; each such export is recorded before a row is written.
    /// </summary>
    private static async Task<(bool Unmasked, IResult? Refused)> UnmaskAsync(HttpContext http, AppDbContext db, TimeProvider clock, bool? unmask, string? reason,
        string subject, CancellationToken ct)
    {
        if (unmask != true) return (false, null);
        if (!http.User.IsInRole(Roles.Investigator) && !http.User.IsInRole(Roles.Admin))
        {
            return (false, TypedResults.Problem(title: "Unmasking not allowed",
                detail: "Only investigators and administrators may export full ID and phone numbers; export without unmask=true for masked ones.", statusCode: StatusCodes.Status403Forbidden));
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return (false, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Say why you need the full ID and phone numbers (at most {MaxReasonLength} characters)."] }));
        }
        db.Unmaskings.Add(new UnmaskingRecord { UserName = http.User.Identity!.Name!, SubjectType = "export", SubjectId = subject, Reason = reason.Trim(), At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return (true, null);
    }

    /// <summary>The path of the <c>region</c> filter (default the whole jurisdiction); a region outside the jurisdiction is refused with 403.</summary>
    private static async Task<(string Path, ProblemHttpResult? Refused)> RegionPathAsync(Jurisdiction jurisdiction, AppDbContext db, string? region,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (region is not { Length: > 0 }) return (jurisdiction.Path, null);
        var (access, found) = await jurisdiction.FindRegionAsync(db, region, ct);
        if (access == RegionAccess.Forbidden)
        {
            return (jurisdiction.Path, TypedResults.Problem(title: "Outside your jurisdiction", detail: $"Region '{region}' is outside your jurisdiction.", statusCode: StatusCodes.Status403Forbidden));
        }
        if (access == RegionAccess.NotFound) errors["region"] = [$"No region has the code '{region}'."];
        return (found?.Path ?? jurisdiction.Path, null);
    }

    private static async Task<Dictionary<string, string>> RegionNamesAsync(Jurisdiction jurisdiction, AppDbContext db, CancellationToken ct) =>
        await jurisdiction.Regions(db).AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
}
