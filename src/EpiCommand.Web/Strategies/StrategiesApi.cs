using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Strategies;

public sealed record CommunityStrategyDto(
    string Code, string Name, string? NameEn, string Township, string County, int Cases14Days, bool Transmission, string State, string Strategy, string StrategyEn);

/// <summary>The communities at or below a region on a day, each with its state and strategy (001 §5.2.5), and how many are in each state.</summary>
public sealed record StrategiesDto(string Region, DateOnly Day, string Clause, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<CommunityStrategyDto> Communities);

/// <summary>The strategy per community state (requirements C8; 001 §5.2.5).</summary>
public static class StrategiesApi
{
    public static IEndpointRouteBuilder MapStrategies(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/regions").WithTags("Strategies").RequireJurisdiction()
            .MapGet("/{code}/strategies", async (string code, AppDbContext db, FactsCache facts, TimeProvider clock, DateOnly? day, CancellationToken ct) =>
            {
                var today = ChinaTime.Today(clock);
                var on = day ?? today;
                if (on > today) return Problem.Invalid("day", Messages.DayNotYetCome(on, today)).ToHttp();
                var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == code, ct);
                return TypedResults.Ok(await LoadAsync(db, facts, region, on, ct));
            })
            .WithName("CommunityStrategies")
            .WithSummary("The communities under a region with their state (no case / cases within 14 days / community transmission) and strategy, today or on ?day=");
        return app;
    }

    public static async Task<StrategiesDto> LoadAsync(AppDbContext db, FactsCache facts, Region region, DateOnly day, CancellationToken ct)
    {
        var index = await facts.GetAsync(ct);
        var statuses = index.RegionIndex.ContainsKey(region.Code) ? CommunityStrategy.Assess(index, facts.Plan.Parameters, day, region.Code) : [];
        var regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(region.Path) || region.Path.StartsWith(r.Path)).ToDictionaryAsync(r => r.Code, ct);
        string NameOf(string? code, RegionLevel level)
        {
            for (var r = code is null ? null : regions.GetValueOrDefault(code); r is not null; r = r.ParentCode is null ? null : regions.GetValueOrDefault(r.ParentCode))
            {
                if (r.Level == level) return r.Name;
            }
            return "";
        }
        var communities = statuses.Where(s => regions.ContainsKey(s.Code)).Select(s =>
        {
            var community = regions[s.Code];
            return new CommunityStrategyDto(s.Code, community.Name, community.NameEn, NameOf(s.Code, RegionLevel.Township), NameOf(s.Code, RegionLevel.County),
                s.CasesWithinWindow, s.Transmission, EnumNames.Of(s.State), CommunityStrategy.Strategy(s.State), CommunityStrategy.StrategyEn(s.State));
        }).OrderByDescending(c => c.Transmission).ThenByDescending(c => c.Cases14Days).ThenBy(c => c.Code).ToList();
        var counts = Enum.GetValues<CommunityState>().ToDictionary(s => EnumNames.Of(s), s => communities.Count(c => c.State == EnumNames.Of(s)));
        return new StrategiesDto(region.Code, day, CommunityStrategy.Clause, counts, communities);
    }
}
