using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Clocks;

public sealed record ClockDto(long Id, string ClockId, string Name, string Clause, string Subject, string Region, IReadOnlyList<string> Responsible,
    DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string? CompletedBy, string Status);

/// <summary>The clock view (requirements B3): the endpoints call <see cref="ClockService"/>, as the page does.</summary>
public static class ClocksApi
{
    public static WebApplicationBuilder AddClocks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClockOptions>>().Value);
        builder.Services.AddScoped(sp => new ClockService(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<Surveillance.FactsCache>().Plan, sp.GetRequiredService<ClockOptions>(), sp.GetRequiredService<Surveillance.PictureCache>()));
        builder.Services.AddScoped<OverdueNotifier>();
        builder.Services.AddHostedService<ClockWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClocks(this IEndpointRouteBuilder app)
    {
        var clocks = app.MapGroup("/api/clocks").WithTags("Reporting clocks").RequireJurisdiction().WithRefusals();
        clocks.MapGet("/", async (HttpContext http, AppDbContext db, ClockService service, TimeProvider clock, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ReportingClockInstance, ClockState>(jurisdiction, db, ClockService.SoonestDue, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, clock.GetUtcNow(), ct));
            })
            .Produces<Page<ClockDto>>()
            .WithName("ListClocks").WithSummary("Reporting clocks of the jurisdiction, soonest due first (the overdue first), a page at a time; status=open|overdue|done, region, due time from/to; q: subject (case id) or name prefix");
        clocks.MapPost("/{id:long}/complete", async (long id, HttpContext http, ClockService service, TimeProvider clock, CancellationToken ct) =>
                (await service.CompleteAsync(id, http.Jurisdiction(), http.User.UserName(), clock.GetUtcNow(), ct)).ToHttp(c => c))
            .Produces<ClockDto>().WithName("CompleteClock").WithSummary("The report was made");
        return app;
    }
}
