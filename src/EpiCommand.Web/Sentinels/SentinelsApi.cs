using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Sentinels;

public sealed record SentinelStepDto(string Stage, DateTimeOffset At, string By, string? Note);
public sealed record SentinelDto(long Id, string Kind, string Reporter, string PersonName, string? Phone, string Detail, string Region, DateTimeOffset ReportedAt,
    string Stage, string? NextStage, IReadOnlyList<SentinelStepDto> Steps);
public sealed record NewSentinelReport(string? Kind, string? Reporter, string? PersonName, string? Phone, string? Detail, string? Region, DateTimeOffset? ReportedAt);
/// <summary>A step of a sentinel report; <see cref="Stage"/>, when given, is the step the user means to take, so a step someone else took meanwhile is not taken twice.</summary>
public sealed record SentinelAdvance(string? Note, string? Stage = null);

/// <summary>Sentinel reports over HTTP: the endpoints call <see cref="SentinelService"/>, as the page does.</summary>
public static class SentinelsApi
{
    public static WebApplicationBuilder AddSentinels(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SentinelService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSentinels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sentinels").WithTags("Sentinels").RequireJurisdiction().WithRefusals();
        group.MapGet("/", List).Produces<Page<SentinelDto>>()
            .WithName("ListSentinelReports").WithSummary("Sentinel reports of the jurisdiction, newest first, a page at a time; filter by region, status (stage), report time from/to; q: person or reporter name prefix");
        group.MapPost("/", async (NewSentinelReport request, HttpContext http, SentinelService sentinels, CancellationToken ct) =>
                (await sentinels.ReportAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(r => $"/api/sentinels/{r.Id}", SentinelService.ToDto))
            .Produces<SentinelDto>(StatusCodes.Status201Created).WithName("ReportSentinel");
        group.MapPost("/{id:long}/advance", async (long id, SentinelAdvance input, HttpContext http, SentinelService sentinels, CancellationToken ct) =>
                (await sentinels.AdvanceAsync(id, input.Note, http.Jurisdiction(), http.User.UserName(), ct, input.Stage)).ToHttp(SentinelService.ToDto))
            .Produces<SentinelDto>()
            .WithName("AdvanceSentinel").WithSummary("Take the report's next step: regulator checked, passed to HQ, community check assigned, check done");
        return app;
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, SentinelService sentinels, [AsParameters] ListQuery query, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var list = await query.FilterAsync<SentinelReport, SentinelStage>(jurisdiction, db, SentinelService.Newest, ct);
        if (list.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await sentinels.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct));
    }
}
