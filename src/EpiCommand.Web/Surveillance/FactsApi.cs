using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record SettingDto(string Id, string Name, string Type, string Region, double? Longitude = null, double? Latitude = null);
public sealed record NewSetting(string? Id, string? Name, string? Type, string? Region);
public sealed record DetectionDto(string Id, string Kind, string Region, DateTimeOffset DetectedAt, string Sample, string RecordedBy);
public sealed record NewDetection(string? Id, string? Kind, string? Region, DateTimeOffset? DetectedAt, string? Sample);
public sealed record JudgmentDto(long Id, string Kind, string Region, DateOnly From, string Value, string Reason, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record NewJudgment(string? Kind, string? Region, DateOnly? From, string? Value, string? Reason);

/// <summary>Settings, detections and expert judgments over HTTP: the endpoints call <see cref="FactService"/>, as the pages do.</summary>
public static class FactsApi
{
    // Issue 12 §1: each list a page at a time, filtered as every list is.
    public static readonly Keyset<Setting> SettingsById = Keyset<Setting>.By(s => s.Id);
    public static readonly ListShape<Setting, NoStatus> SettingShape = new(null, null, s => s.Id, s => s.Name);
    public static readonly Keyset<Detection> NewestDetections = Keyset<Detection>.By(d => d.DetectedAt, d => d.Id, descending: true);
    public static readonly ListShape<Detection, DetectionKind> DetectionShape = new(d => d.Kind, d => d.DetectedAt, d => d.Id);
    public static readonly Keyset<ExpertJudgment> NewestJudgments = Keyset<ExpertJudgment>.By(j => j.Id, descending: true);
    public static readonly ListShape<ExpertJudgment, JudgmentKind> JudgmentShape = new(j => j.Kind, j => j.RecordedAt);

    public static IEndpointRouteBuilder MapFacts(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/settings").WithTags("Settings").RequireJurisdiction().WithRefusals();
        settings.MapGet("/", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<Setting, NoStatus>(jurisdiction, db, SettingsById, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await SettingsById.PageAsync(SettingShape.Apply(db.Settings.AsNoTracking(), jurisdiction, list.Value.Filter), list.Value.Page,
                    s => new SettingDto(s.Id, s.Name, s.Type, s.RegionCode, s.Longitude, s.Latitude), ct));
            })
            .Produces<Page<SettingDto>>()
            .WithName("ListSettings").WithSummary("Settings of the jurisdiction by id, a page at a time; filter by region; q: id or name prefix");
        settings.MapPost("/", async (NewSetting request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddSettingAsync(request, http.Jurisdiction(), ct)).ToCreated(s => $"/api/settings/{s.Id}", s => s))
            .Produces<SettingDto>(StatusCodes.Status201Created)
            .WithName("AddSetting").WithSummary("A family, school, compound, workshop, village or medical institution where cases may cluster");
        settings.MapPut("/{id}/point", async (string id, Map.MapPointInput point, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.PlaceSettingAsync(id, point, http.Jurisdiction(), http.User.UserName(), ct)).ToHttp(s => s))
            .Produces<SettingDto>()
            .WithName("PlaceSetting").WithSummary("Place the setting on the county map (longitude, latitude, WGS-84) inside its county's boundary: its clusters are drawn there");
        settings.MapDelete("/{id}/point", async (string id, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.PlaceSettingAsync(id, null, http.Jurisdiction(), http.User.UserName(), ct)).ToHttp(s => s))
            .Produces<SettingDto>()
            .WithName("UnplaceSetting").WithSummary("Remove the setting's point: its clusters are drawn at the county's centre again");

        var detections = app.MapGroup("/api/detections").WithTags("Detections").RequireJurisdiction().WithRefusals();
        detections.MapGet("/", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<Detection, DetectionKind>(jurisdiction, db, NewestDetections, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await NewestDetections.PageAsync(DetectionShape.Apply(db.Detections.AsNoTracking(), jurisdiction, list.Value.Filter), list.Value.Page, FactService.ToDto, ct));
            })
            .Produces<Page<DetectionDto>>()
            .WithName("ListDetections").WithSummary("Detections of the jurisdiction, newest first, a page at a time; status: the kind (food, environment); region, detection time from/to; q: id prefix");
        detections.MapPost("/", async (NewDetection request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddDetectionAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(d => $"/api/detections/{d.Id}", FactService.ToDto))
            .Produces<DetectionDto>(StatusCodes.Status201Created)
            .WithName("AddDetection").WithSummary("A food or environment nucleic-acid positive");

        var judgments = app.MapGroup("/api/judgments").WithTags("Judgments").RequireJurisdiction().WithRefusals();
        judgments.MapGet("/", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ExpertJudgment, JudgmentKind>(jurisdiction, db, NewestJudgments, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await NewestJudgments.PageAsync(JudgmentShape.Apply(db.Judgments.AsNoTracking(), jurisdiction, list.Value.Filter), list.Value.Page, FactService.ToDto, ct));
            })
            .Produces<Page<JudgmentDto>>()
            .WithName("ListJudgments").WithSummary("Expert judgments of the jurisdiction, newest first, a page at a time; status: the kind; region, time recorded from/to");
        judgments.MapPost("/", async (NewJudgment request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddJudgmentAsync(request, http.Jurisdiction(), http.User, ct)).ToCreated(j => $"/api/judgments/{j.Id}", FactService.ToDto))
            .Produces<JudgmentDto>(StatusCodes.Status201Created)
            .WithName("AddJudgment").WithSummary("An expert judgment from a day on: spread trend, risk override, import risk low, external severe, other circumstance")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Expert, Roles.Admin));
        return app;
    }
}
