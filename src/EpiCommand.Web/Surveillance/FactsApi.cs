using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record SettingDto(string Id, string Name, string Type, string Region);
public sealed record NewSetting(string? Id, string? Name, string? Type, string? Region);
public sealed record DetectionDto(string Id, string Kind, string Region, DateTimeOffset DetectedAt, string Sample, string RecordedBy);
public sealed record NewDetection(string? Id, string? Kind, string? Region, DateTimeOffset? DetectedAt, string? Sample);
public sealed record JudgmentDto(long Id, string Kind, string Region, DateOnly From, string Value, string Reason, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record NewJudgment(string? Kind, string? Region, DateOnly? From, string? Value, string? Reason);

/// <summary>Settings, detections and expert judgments over HTTP: the endpoints call <see cref="FactService"/>, as the pages do.</summary>
public static class FactsApi
{
    public static IEndpointRouteBuilder MapFacts(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/settings").WithTags("Settings").RequireJurisdiction().WithRefusals();
        settings.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await http.Jurisdiction().Scope(db.Settings.AsNoTracking()).OrderBy(s => s.Id).Take(FactService.MaxListed)
                .Select(s => new SettingDto(s.Id, s.Name, s.Type, s.RegionCode)).ToListAsync(ct)))
            .WithName("ListSettings");
        settings.MapPost("/", async (NewSetting request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddSettingAsync(request, http.Jurisdiction(), ct)).ToCreated(s => $"/api/settings/{s.Id}", s => s))
            .Produces<SettingDto>(StatusCodes.Status201Created)
            .WithName("AddSetting").WithSummary("A family, school, compound, workshop, village or medical institution where cases may cluster");

        var detections = app.MapGroup("/api/detections").WithTags("Detections").RequireJurisdiction().WithRefusals();
        detections.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await http.Jurisdiction().Scope(db.Detections.AsNoTracking()).OrderByDescending(d => d.DetectedAt).Take(FactService.MaxListed).ToListAsync(ct))
                .Select(FactService.ToDto).ToList()))
            .WithName("ListDetections");
        detections.MapPost("/", async (NewDetection request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddDetectionAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(d => $"/api/detections/{d.Id}", FactService.ToDto))
            .Produces<DetectionDto>(StatusCodes.Status201Created)
            .WithName("AddDetection").WithSummary("A food or environment nucleic-acid positive");

        var judgments = app.MapGroup("/api/judgments").WithTags("Judgments").RequireJurisdiction().WithRefusals();
        judgments.MapGet("/", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await http.Jurisdiction().Scope(db.Judgments.AsNoTracking()).OrderByDescending(j => j.Id).Take(FactService.MaxListed).ToListAsync(ct))
                .Select(FactService.ToDto).ToList()))
            .WithName("ListJudgments");
        judgments.MapPost("/", async (NewJudgment request, HttpContext http, FactService facts, CancellationToken ct) =>
                (await facts.AddJudgmentAsync(request, http.Jurisdiction(), http.User, ct)).ToCreated(j => $"/api/judgments/{j.Id}", FactService.ToDto))
            .Produces<JudgmentDto>(StatusCodes.Status201Created)
            .WithName("AddJudgment").WithSummary("An expert judgment from a day on: spread trend, risk override, import risk low, external severe, other circumstance")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Expert, Roles.Admin));
        return app;
    }
}
