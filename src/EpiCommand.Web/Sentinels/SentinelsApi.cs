using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Sentinels;

public sealed record SentinelStepDto(string Stage, DateTimeOffset At, string By, string? Note);
public sealed record SentinelDto(long Id, string Kind, string Reporter, string PersonName, string? Phone, string Detail, string Region, DateTimeOffset ReportedAt,
    string Stage, string? NextStage, IReadOnlyList<SentinelStepDto> Steps);
public sealed record NewSentinelReport(string? Kind, string? Reporter, string? PersonName, string? Phone, string? Detail, string? Region, DateTimeOffset? ReportedAt);
public sealed record SentinelAdvance(string? Note);

/// <summary>
/// Sentinel reports (requirements B5; 001 §4.1.6–4.1.8; 003 §二(二)): a fever clinic, clinic or pharmacy reports a person
/// (a real-name purchase of antipyretic or cough medicine, a fever); the market regulator checks it, passes it to the
/// headquarters, which assigns the community a check; the community reports the check done. Each step with who and when.
/// </summary>
public static class SentinelsApi
{
    private static readonly SentinelStage[] Flow = Enum.GetValues<SentinelStage>();

    public static IEndpointRouteBuilder MapSentinels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sentinels").WithTags("Sentinels").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) => TypedResults.Ok(await LoadAsync(http.Jurisdiction(), db, ct)))
            .WithName("ListSentinelReports").WithSummary("Sentinel reports of the jurisdiction, those still on their way first");
        group.MapPost("/", Report).WithName("ReportSentinel");
        group.MapPost("/{id:long}/advance", Advance).WithName("AdvanceSentinel").WithSummary("Take the report's next step: regulator checked, passed to HQ, community check assigned, check done");
        return app;
    }

    public static SentinelStage? Next(SentinelStage stage) => stage == Flow[^1] ? null : Flow[Array.IndexOf(Flow, stage) + 1];

    public static SentinelDto ToDto(SentinelReport r) => new(r.Id, EnumNames.Of(r.Kind), r.Reporter, r.PersonName, r.Phone is null ? null : PhoneNumbers.Mask(r.Phone), r.Detail,
        r.RegionCode, r.ReportedAt, EnumNames.Of(r.Stage), Next(r.Stage) is { } next ? EnumNames.Of(next) : null,
        r.Steps.OrderBy(s => s.At).Select(s => new SentinelStepDto(EnumNames.Of(s.Stage), s.At, s.By, s.Note)).ToList());

    public static async Task<List<SentinelDto>> LoadAsync(Jurisdiction jurisdiction, AppDbContext db, CancellationToken ct) =>
        (await jurisdiction.Scope(db.SentinelReports.AsNoTracking()).Include(r => r.Steps).OrderByDescending(r => r.ReportedAt).Take(300).ToListAsync(ct))
            .OrderBy(r => r.Stage == SentinelStage.CommunityCheckDone).ThenByDescending(r => r.ReportedAt).Select(ToDto).ToList();

    private static async Task<Results<Created<SentinelDto>, ValidationProblem, ProblemHttpResult>> Report(NewSentinelReport request, HttpContext http, AppDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var (report, errors, forbidden) = await ReportAsync(request, http.Jurisdiction(), http.User.Identity!.Name!, db, clock.GetUtcNow(), ct);
        if (forbidden) return TypedResults.Problem(title: "Outside your jurisdiction", detail: $"Region '{request.Region}' is outside your jurisdiction.", statusCode: StatusCodes.Status403Forbidden);
        return report is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/sentinels/{report.Id}", ToDto(report));
    }

    public static async Task<(SentinelReport? Report, Dictionary<string, string[]> Errors, bool Forbidden)> ReportAsync(NewSentinelReport request, Jurisdiction jurisdiction,
        string user, AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!EnumNames.TryParse<SentinelKind>(request.Kind, out var kind)) errors["kind"] = [$"'{request.Kind}' is not one of {EnumNames.List<SentinelKind>()}."];
        if (string.IsNullOrWhiteSpace(request.Reporter)) errors["reporter"] = ["The reporting clinic or pharmacy is required."];
        if (string.IsNullOrWhiteSpace(request.PersonName)) errors["personName"] = ["The person's name is required (real-name register)."];
        if (string.IsNullOrWhiteSpace(request.Detail)) errors["detail"] = ["Say what was seen or bought (e.g. 购买退热药)."];
        var reportedAt = request.ReportedAt ?? now;
        if (reportedAt > now.AddMinutes(5)) errors["reportedAt"] = ["The report time lies in the future."];
        Data.Regions.Region? region = null;
        var forbidden = false;
        if (string.IsNullOrWhiteSpace(request.Region)) errors["region"] = ["The community where the person lives is required."];
        else
        {
            (var access, region) = await jurisdiction.FindRegionAsync(db, request.Region, ct);
            if (access == RegionAccess.NotFound) errors["region"] = [$"No region has the code '{request.Region}'."];
            forbidden = access == RegionAccess.Forbidden;
        }
        if (forbidden || errors.Count > 0) return (null, errors, forbidden);
        var report = new SentinelReport
        {
            Kind = kind, Reporter = request.Reporter!.Trim(), PersonName = request.PersonName!.Trim(), Phone = request.Phone?.Trim(), Detail = request.Detail!.Trim(),
            RegionCode = region!.Code, RegionPath = region.Path, ReportedAt = reportedAt.ToUniversalTime(), ReportedBy = user, Stage = SentinelStage.Reported,
            Steps = [new SentinelStep { Stage = SentinelStage.Reported, At = reportedAt.ToUniversalTime(), By = user }],
        };
        db.SentinelReports.Add(report);
        await db.SaveChangesAsync(ct);
        return (report, errors, false);
    }

    private static async Task<Results<Ok<SentinelDto>, ProblemHttpResult>> Advance(long id, SentinelAdvance input, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (report, problem) = await AdvanceAsync(db, http.Jurisdiction(), id, input.Note, http.User.Identity!.Name!, clock.GetUtcNow(), ct);
        return problem ?? (Results<Ok<SentinelDto>, ProblemHttpResult>)TypedResults.Ok(ToDto(report!));
    }

    /// <summary>Takes the next step; a report whose community check is done has none left.</summary>
    public static async Task<(SentinelReport? Report, ProblemHttpResult? Problem)> AdvanceAsync(AppDbContext db, Jurisdiction jurisdiction, long id, string? note, string user,
        DateTimeOffset now, CancellationToken ct)
    {
        var report = await jurisdiction.Scope(db.SentinelReports).Include(r => r.Steps).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return (null, TypedResults.Problem(title: "Report not found", detail: $"No sentinel report {id} in your jurisdiction.", statusCode: StatusCodes.Status404NotFound));
        if (Next(report.Stage) is not { } next) return (null, TypedResults.Problem(title: "Nothing left to do", detail: "The community check is done.", statusCode: StatusCodes.Status409Conflict));
        report.Stage = next;
        report.Steps.Add(new SentinelStep { ReportId = id, Stage = next, At = now, By = user, Note = note });
        await db.SaveChangesAsync(ct);
        return (report, null);
    }
}
