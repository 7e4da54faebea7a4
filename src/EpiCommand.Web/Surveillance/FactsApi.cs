using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record SettingDto(string Id, string Name, string Type, string Region);
public sealed record NewSetting(string? Id, string? Name, string? Type, string? Region);
public sealed record DetectionDto(string Id, string Kind, string Region, DateTimeOffset DetectedAt, string Sample, string RecordedBy);
public sealed record NewDetection(string? Id, string? Kind, string? Region, DateTimeOffset? DetectedAt, string? Sample);
public sealed record JudgmentDto(long Id, string Kind, string Region, DateOnly From, string Value, string Reason, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record NewJudgment(string? Kind, string? Region, DateOnly? From, string? Value, string? Reason);

/// <summary>Settings (places where clusters form), food/environment detections (B4) and expert judgments (C5): the other facts the engine reads.</summary>
public static partial class FactsApi
{
    /// <summary>Setting types of 001 §1.5.1.1 and 004 §九(一)6.</summary>
    public static readonly string[] SettingTypes = ["family", "school", "compound", "workshop", "village", "medicalInstitution", "unit", "office", "other"];

    public static IEndpointRouteBuilder MapFacts(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/settings").WithTags("Settings").RequireJurisdiction();
        settings.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await http.Jurisdiction().Scope(db.Settings.AsNoTracking()).OrderBy(s => s.Id).Select(s => new SettingDto(s.Id, s.Name, s.Type, s.RegionCode)).ToListAsync(ct)))
            .WithName("ListSettings");
        settings.MapPost("/", AddSetting).WithName("AddSetting").WithSummary("A family, school, compound, workshop, village or medical institution where cases may cluster");

        var detections = app.MapGroup("/api/detections").WithTags("Detections").RequireJurisdiction();
        detections.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await http.Jurisdiction().Scope(db.Detections.AsNoTracking()).OrderByDescending(d => d.DetectedAt)
                .Select(d => new DetectionDto(d.Id, d.Kind.ToString().ToLower(), d.RegionCode, d.DetectedAt, d.Sample, d.RecordedBy)).ToListAsync(ct)))
            .WithName("ListDetections");
        detections.MapPost("/", AddDetection).WithName("AddDetection").WithSummary("A food or environment nucleic-acid positive");

        var judgments = app.MapGroup("/api/judgments").WithTags("Judgments").RequireJurisdiction();
        judgments.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await http.Jurisdiction().Scope(db.Judgments.AsNoTracking()).OrderByDescending(j => j.Id).ToListAsync(ct)).Select(ToDto).ToList()))
            .WithName("ListJudgments");
        judgments.MapPost("/", AddJudgment).WithName("AddJudgment").WithSummary("An expert judgment from a day on: spread trend, risk override, import risk low, external severe, other circumstance")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Expert, Roles.Admin));
        return app;
    }

    /// <summary>What a judgment's value may be: a grade for otherCircumstance, a risk level for riskOverride, else true; "false" withdraws any.</summary>
    public static bool ValueFits(JudgmentKind kind, string value) => value == "false" || kind switch
    {
        JudgmentKind.OtherCircumstance => Grades.ByName.ContainsKey(value),
        JudgmentKind.RiskOverride => Grades.RiskByName.ContainsKey(value),
        _ => value == "true",
    };

    /// <summary>A judgment moves grades and so decisions: it is saved with its entry in the audit trail (J2).</summary>
    public static Task SaveJudgmentAsync(AppDbContext db, ExpertJudgment j, CancellationToken ct) =>
        Data.Response.AuditLog.SaveChangesAsync(db, j.RecordedBy, j.RecordedAt, () =>
            [new Data.Response.AuditRecord("judgment.recorded", "judgment", j.Id.ToString(), new { kind = EnumNames.Of(j.Kind), region = j.RegionCode, from = j.From, j.Value, j.Reason }, j.RegionPath)], ct);

    public static JudgmentDto ToDto(ExpertJudgment j) => new(j.Id, EnumNames.Of(j.Kind), j.RegionCode, j.From, j.Value, j.Reason, j.RecordedBy, j.RecordedAt);

    private static async Task<Results<Created<SettingDto>, ValidationProblem, ProblemHttpResult>> AddSetting(NewSetting request, HttpContext http, AppDbContext db, FactsCache facts, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Id) || !Id().IsMatch(request.Id)) errors["id"] = ["An id of letters, digits and - _ (at most 40) is required."];
        else if (await db.Settings.AnyAsync(s => s.Id == request.Id, ct)) errors["id"] = [$"A setting with id '{request.Id}' already exists."];
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["The name is required."];
        if (!SettingTypes.Contains(request.Type)) errors["type"] = [$"'{request.Type}' is not one of {string.Join(", ", SettingTypes)}."];
        var (access, region) = await RegionAsync(http, db, request.Region, errors, ct);
        if (access == RegionAccess.Forbidden) return Forbidden(request.Region);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var setting = new Setting { Id = request.Id!, Name = request.Name!.Trim(), Type = request.Type!, RegionCode = region!.Code, RegionPath = region.Path };
        db.Settings.Add(setting);
        await db.SaveChangesAsync(ct);
        facts.Invalidate();
        return TypedResults.Created($"/api/settings/{setting.Id}", new SettingDto(setting.Id, setting.Name, setting.Type, setting.RegionCode));
    }

    private static async Task<Results<Created<DetectionDto>, ValidationProblem, ProblemHttpResult>> AddDetection(NewDetection request, HttpContext http, AppDbContext db,
        FactsCache facts, TimeProvider clock, CancellationToken ct)
    {
        var (detection, errors, forbidden) = await AddDetectionAsync(request, http.Jurisdiction(), http.User.Identity!.Name!, db, facts, clock.GetUtcNow(), ct);
        if (forbidden) return Forbidden(request.Region);
        if (detection is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Created($"/api/detections/{detection.Id}", new DetectionDto(detection.Id, EnumNames.Of(detection.Kind), detection.RegionCode, detection.DetectedAt, detection.Sample, detection.RecordedBy));
    }

    public static async Task<(Detection? Detection, Dictionary<string, string[]> Errors, bool Forbidden)> AddDetectionAsync(NewDetection request, Jurisdiction jurisdiction, string user,
        AppDbContext db, FactsCache facts, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Id) || !Id().IsMatch(request.Id)) errors["id"] = ["An id of letters, digits and - _ (at most 40) is required."];
        else if (await db.Detections.AnyAsync(d => d.Id == request.Id, ct)) errors["id"] = [$"A detection with id '{request.Id}' already exists."];
        if (!EnumNames.TryParse<DetectionKind>(request.Kind, out var kind)) errors["kind"] = [$"'{request.Kind}' is not one of {EnumNames.List<DetectionKind>()}."];
        if (request.DetectedAt is not { } at) errors["detectedAt"] = ["The detection time is required."];
        else if (at > now.AddMinutes(5)) errors["detectedAt"] = ["The detection time lies in the future."];
        if (string.IsNullOrWhiteSpace(request.Sample)) errors["sample"] = ["Say what was sampled (e.g. 进口冷链食品外包装)."];
        var (access, region) = await RegionAsync(jurisdiction, db, request.Region, errors, ct);
        if (access == RegionAccess.Forbidden) return (null, errors, true);
        if (errors.Count > 0) return (null, errors, false);
        var detection = new Detection
        {
            Id = request.Id!, Kind = kind, RegionCode = region!.Code, RegionPath = region.Path, DetectedAt = request.DetectedAt!.Value.ToUniversalTime(),
            Sample = request.Sample!.Trim(), RecordedBy = user,
        };
        db.Detections.Add(detection);
        await db.SaveChangesAsync(ct);
        facts.Invalidate();
        return (detection, errors, false);
    }

    /// <summary>C5: judgments are inputs of their own, recorded with who and when; the value's type depends on the kind.</summary>
    private static async Task<Results<Created<JudgmentDto>, ValidationProblem, ProblemHttpResult>> AddJudgment(NewJudgment request, HttpContext http, AppDbContext db,
        FactsCache facts, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!EnumNames.TryParse<JudgmentKind>(request.Kind, out var kind)) errors["kind"] = [$"'{request.Kind}' is not one of {EnumNames.List<JudgmentKind>()}."];
        if (request.From is null) errors["from"] = ["The first day the judgment holds (YYYY-MM-DD) is required."];
        var value = request.Value?.Trim() ?? "";
        if (!errors.ContainsKey("kind") && !ValueFits(kind, value))
        {
            errors["value"] = [kind switch
            {
                JudgmentKind.OtherCircumstance => "A grade (IV, III, II, I) or false.",
                JudgmentKind.RiskOverride => "low, medium, high or false.",
                _ => "true or false.",
            }];
        }
        if (string.IsNullOrWhiteSpace(request.Reason)) errors["reason"] = ["Say what the experts based the judgment on."];
        var (access, region) = await RegionAsync(http, db, request.Region, errors, ct);
        if (access == RegionAccess.Forbidden) return Forbidden(request.Region);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var judgment = new ExpertJudgment
        {
            Kind = kind, RegionCode = region!.Code, RegionPath = region.Path, From = request.From!.Value, Value = value, Reason = request.Reason!.Trim(),
            RecordedBy = http.User.Identity!.Name!, RecordedAt = clock.GetUtcNow(),
        };
        db.Judgments.Add(judgment);
        await SaveJudgmentAsync(db, judgment, ct);
        facts.Invalidate();
        return TypedResults.Created($"/api/judgments/{judgment.Id}", ToDto(judgment));
    }

    private static Task<(RegionAccess, Data.Regions.Region?)> RegionAsync(HttpContext http, AppDbContext db, string? code, Dictionary<string, string[]> errors, CancellationToken ct) =>
        RegionAsync(http.Jurisdiction(), db, code, errors, ct);

    private static async Task<(RegionAccess, Data.Regions.Region?)> RegionAsync(Jurisdiction jurisdiction, AppDbContext db, string? code, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors["region"] = ["The region is required."];
            return (RegionAccess.NotFound, null);
        }
        var (access, region) = await jurisdiction.FindRegionAsync(db, code, ct);
        if (access == RegionAccess.NotFound) errors["region"] = [$"No region has the code '{code}'."];
        return (access, region);
    }

    private static ProblemHttpResult Forbidden(string? code) =>
        TypedResults.Problem(title: "Outside your jurisdiction", detail: $"Region '{code}' is outside your jurisdiction.", statusCode: StatusCodes.Status403Forbidden);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")]
    private static partial Regex Id();
}
