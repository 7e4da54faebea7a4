using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
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
    private const int MaxReasonLength = 500;

    public static WebApplicationBuilder AddLineLists(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CaseImport>();
        builder.Services.AddScoped<ContactImport>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLineLists(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/linelists").WithTags("Line lists").RequireJurisdiction().WithRefusals();
        foreach (var layout in new[] { CaseColumns.Layout, ContactColumns.Layout })
        {
            lists.MapGet($"/{layout.Kind}/template.xlsx", (HttpContext http) => Template(layout, http))
                .WithName($"{layout.Kind}TemplateXlsx").WithSummary($"The {layout.Kind} line list as an .xlsx: the Chinese headers and one example row (docs/linelists.md)");
            lists.MapGet($"/{layout.Kind}/template.csv", () => TypedResults.File(LineListExport.TemplateCsv(layout), LineListExport.CsvContentType, $"{layout.SheetName}-模板.csv"))
                .WithName($"{layout.Kind}TemplateCsv").WithSummary($"The {layout.Kind} line list as a UTF-8 CSV: the Chinese headers and one example row");
        }
        // The upload is a form post from API clients as well as pages, so it carries no antiforgery token: OriginCheck refuses it
        // when it comes with the sign-in cookie from another site's page (docs/security.md).
        lists.MapPost("/cases/import", (IFormFile? file, HttpContext http, CaseImport import, CancellationToken ct) => ImportAsync(file, http, import, ct))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<LineListImported>().WithName("ImportCases").WithSummary("Import a case line list (.xlsx or .csv, multipart field `file`): optional `dateFormat` yyyy-MM-dd (default), dd/MM/yyyy or MM/dd/yyyy; all rows or none; re-importing the same file changes nothing");
        lists.MapPost("/contacts/import", (IFormFile? file, HttpContext http, ContactImport import, CancellationToken ct) => ImportAsync(file, http, import, ct))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<LineListImported>().WithName("ImportContacts").WithSummary("Import a close-contact line list (.xlsx or .csv, multipart field `file`): optional `dateFormat` yyyy-MM-dd (default), dd/MM/yyyy or MM/dd/yyyy; all rows or none; re-importing the same file changes nothing");
        lists.MapGet("/cases/export.xlsx", ExportCases).WithName("ExportCases")
            .WithSummary("The cases of the jurisdiction (optionally of one region and classification) as an .xlsx in the import layout; IDs and phone numbers masked unless unmask=true with a reason (investigators, recorded)");
        lists.MapGet("/contacts/export.xlsx", ExportContacts).WithName("ExportContacts")
            .WithSummary("The close contacts of the jurisdiction (optionally of one region and status) as an .xlsx in the import layout; IDs and phone numbers masked unless unmask=true with a reason (investigators, recorded)");
        return app;
    }

    private static PushStreamHttpResult Template(LineListLayout layout, HttpContext http) =>
        TypedResults.Stream(body => LineListExport.WriteTemplateXlsxAsync(layout, body, http.RequestAborted), LineListExport.XlsxContentType, $"{layout.SheetName}-模板.xlsx");

    private static async Task<IResult> ImportAsync<T>(IFormFile? file, HttpContext http, LineListImport<T> import, CancellationToken ct)
        where T : class
    {
        if (file is null || file.Length == 0) return Problem.Invalid("file", Messages.FileFieldMissing).ToHttp();
        if (SheetReader.FormatOf(file.FileName, file.ContentType) is not { } format) return Problem.Invalid("file", Messages.NotASpreadsheet(file.FileName)).ToHttp();
        // The order of day and month is the user's choice (query or form field `dateFormat`), never guessed (issue 11).
        var dateFormat = http.Request.Query["dateFormat"].FirstOrDefault() ?? (http.Request.HasFormContentType ? http.Request.Form["dateFormat"].FirstOrDefault() : null);
        var dates = LineListDateOrder.YearFirst;
        if (!string.IsNullOrEmpty(dateFormat) && !LineListTimes.Orders.TryGetValue(dateFormat, out dates))
        {
            return Problem.Invalid("dateFormat", Messages.DateFormatOneOf(dateFormat, string.Join(", ", LineListTimes.Orders.Keys))).ToHttp();
        }
        await using var stream = file.OpenReadStream();
        var result = await import.ImportAsync(stream, format, file.FileName, http.Jurisdiction(), http.User.UserName(), ct, dates);
        if (result.Ok) return TypedResults.Ok(new LineListImported(result.Imported, result.Unchanged));
        // A file's errors are keyed by row and column, the way a user finds them in the sheet.
        var errors = result.Errors.GroupBy(e => e.Row == 0 ? "file" : $"row {e.Row}, {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        return TypedResults.ValidationProblem(errors,
            detail: Messages.ImportRefused(file.FileName, result.ErrorCount, result.Errors.Count).ToString(),
            title: Messages.ImportHasErrors.ToString(), type: ProblemResults.TypePrefix + "invalid",
            extensions: new Dictionary<string, object?> { ["rows"] = result.Errors, ["errorCount"] = result.ErrorCount });
    }

    private static async Task<IResult> ExportCases(HttpContext http, AppDbContext db, TimeProvider clock, string? classification, string? region, bool? unmask, string? reason,
        CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var query = jurisdiction.Scope(db.Cases.AsNoTracking());
        var errors = new FieldErrors();
        if (classification is { Length: > 0 })
        {
            if (LineListWords.Classifications.TryParse(classification, out var wanted)) query = query.Where(c => c.Classification == wanted);
            else errors.Add("classification", Messages.OneOf(classification, EnumNames.List<Classification>()));
        }
        var path = await jurisdiction.RegionFilterAsync(db, region, ct);
        if (path.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden.ToHttp();
        errors.Add(path.Problem);
        if (errors.Problem is { } invalid) return invalid.ToHttp();
        if (await RecordExportAsync(http, db, clock, unmask, reason, "cases", new { classification, region }, path.Value!, ct) is { Problem: { } refused }) return refused.ToHttp();

        var names = await RegionNamesAsync(jurisdiction, db, ct);
        var rows = query.Where(c => c.RegionPath.StartsWith(path.Value!)).OrderBy(c => c.ReportedAt).ThenBy(c => c.Id).AsAsyncEnumerable();
        return TypedResults.Stream(body => LineListExport.WriteCasesAsync(rows, unmask == true, names, body, http.RequestAborted),
            LineListExport.XlsxContentType, $"{CaseColumns.Layout.SheetName}-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }

    private static async Task<IResult> ExportContacts(HttpContext http, AppDbContext db, TimeProvider clock, string? status, string? region, bool? unmask, string? reason,
        CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var query = jurisdiction.Scope(db.Contacts.AsNoTracking());
        var errors = new FieldErrors();
        if (status is { Length: > 0 })
        {
            if (LineListWords.ContactStatuses.TryParse(status, out var wanted)) query = query.Where(c => c.Status == wanted);
            else errors.Add("status", Messages.OneOf(status, EnumNames.List<ContactStatus>()));
        }
        var path = await jurisdiction.RegionFilterAsync(db, region, ct);
        if (path.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden.ToHttp();
        errors.Add(path.Problem);
        if (errors.Problem is { } invalid) return invalid.ToHttp();
        if (await RecordExportAsync(http, db, clock, unmask, reason, "contacts", new { status, region }, path.Value!, ct) is { Problem: { } refused }) return refused.ToHttp();

        var names = await RegionNamesAsync(jurisdiction, db, ct);
        var rows = query.Where(c => c.RegionPath.StartsWith(path.Value!)).OrderBy(c => c.LastContactAt).ThenBy(c => c.Id).AsAsyncEnumerable();
        return TypedResults.Stream(body => LineListExport.WriteContactsAsync(rows, unmask == true, names, body, http.RequestAborted),
            LineListExport.XlsxContentType, $"{ContactColumns.Layout.SheetName}-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }

    /// <summary>
    /// J3: an export shows full IDs and phone numbers only when asked for, to an investigator or administrator, with a
    /// reason. Every export of a line list — masked or not — is written into the audit chain before a row is written (issue 13
    /// §audit), an unmasked one with its unmasking record, in one transaction.
    /// </summary>
    private static async Task<Outcome<bool>> RecordExportAsync(HttpContext http, AppDbContext db, TimeProvider clock, bool? unmask, string? reason, string subject,
        object filters, string regionPath, CancellationToken ct)
    {
        UnmaskingRecord? unmasking = null;
        if (unmask == true)
        {
            if (!Roles.MayUnmask.Any(http.User.IsInRole)) return Problem.Forbidden("unmask-not-allowed", Messages.UnmaskNotAllowed);
            if (TextFields.Check("reason", reason, MaxReasonLength, Messages.UnmaskReasonRequired, multiline: true) is { } invalid) return invalid;
            unmasking = new UnmaskingRecord { UserName = http.User.UserName(), SubjectType = "export", SubjectId = subject, Reason = reason!.Trim(), At = clock.GetUtcNow() };
            db.Unmaskings.Add(unmasking);
        }
        await AuditLog.SaveChangesAsync(db, http.User.UserName(), clock.GetUtcNow(),
            () => [new AuditRecord("linelist.exported", "linelist", subject, new { filters, unmasked = unmasking is not null, unmasking = unmasking?.Id, reason = unmasking?.Reason }, regionPath)], ct);
        return unmasking is not null;
    }

    private static async Task<Dictionary<string, string>> RegionNamesAsync(Jurisdiction jurisdiction, AppDbContext db, CancellationToken ct) =>
        await jurisdiction.Regions(db).AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
}
