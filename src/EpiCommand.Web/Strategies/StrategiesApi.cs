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

/// <summary>
/// How many communities at or below a region are in each state on a day, and a page of them with their state and strategy
/// (001 §5.2.5): transmission first, then most cases, then by code (a city has thousands of communities: issue 12 §1).
/// </summary>
public sealed record StrategiesDto(string Region, DateOnly Day, string Clause, IReadOnlyDictionary<string, int> Counts, Page<CommunityStrategyDto> Communities);

/// <summary>Which communities a page of strategies holds: a state, a code or name prefix, and the page.</summary>
public sealed record StrategyFilter(CommunityState? State, string? Search, PageRequest Page);

/// <summary>The strategy per community state (requirements C8; 001 §5.2.5).</summary>
public static class StrategiesApi
{
    public static IEndpointRouteBuilder MapStrategies(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/regions").WithTags("Strategies").RequireJurisdiction()
            .MapGet("/{code}/strategies", async (string code, AppDbContext db, FactsCache facts, TimeProvider clock, DateOnly? day,
                [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? status, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "q")] string? q,
                [Microsoft.AspNetCore.Mvc.FromQuery(Name = "after")] string? after, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")] string? limit, CancellationToken ct) =>
            {
                var today = ChinaTime.Today(clock);
                var on = day ?? today;
                var errors = new FieldErrors();
                if (on > today) errors.Add("day", Messages.DayNotYetCome(on, today));
                CommunityState? state = null;
                if (!string.IsNullOrWhiteSpace(status))
                {
                    if (EnumNames.TryParse<CommunityState>(status.Trim(), out var parsed)) state = parsed;
                    else errors.Add("status", Messages.OneOf(status, EnumNames.List<CommunityState>()));
                }
                var search = q?.Trim() is { Length: > 0 } text ? text : null;
                if (search is { Length: > Paging.MaxSearchLength }) errors.Add("q", Messages.TooLong(Paging.MaxSearchLength));
                var size = Paging.DefaultPageSize;
                if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > Paging.MaxPageSize))
                {
                    errors.Add("limit", Messages.PageSize(Paging.MaxPageSize));
                }
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == code, ct);
                var result = await LoadAsync(db, facts, region, on, new StrategyFilter(state, search, new PageRequest(after, size)), ct);
                return result.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(result.Value);
            })
            .Produces<StrategiesDto>()
            .WithName("CommunityStrategies")
            .WithSummary("The communities under a region with their state (no case / cases within 14 days / community transmission) and strategy, today or on ?day=: the counts per state and a page of communities (status=noCase|cases|transmission, q = code or name prefix, after, limit)");
        return app;
    }

    public static async Task<Outcome<StrategiesDto>> LoadAsync(AppDbContext db, FactsCache facts, Region region, DateOnly day, StrategyFilter filter, CancellationToken ct)
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
        var all = statuses.Where(s => regions.ContainsKey(s.Code))
            .OrderByDescending(s => s.Transmission).ThenByDescending(s => s.CasesWithinWindow).ThenBy(s => s.Code, StringComparer.Ordinal).ToList();
        var counts = Enum.GetValues<CommunityState>().ToDictionary(s => EnumNames.Of(s), s => all.Count(c => c.State == s));

        // The page: the cursor is the code of the last row shown (the order above is total).
        var matching = all.Where(s => (filter.State is null || s.State == filter.State)
            && (filter.Search is not { } q || s.Code.StartsWith(q, StringComparison.Ordinal) || regions[s.Code].Name.StartsWith(q, StringComparison.Ordinal))).ToList();
        var start = 0;
        if (filter.Page.After is { } after)
        {
            var at = matching.FindIndex(s => s.Code == after);
            if (at < 0) return Problem.Invalid("after", Messages.NotACursor);
            start = at + 1;
        }
        var rows = matching.Skip(start).Take(filter.Page.Size).Select(s =>
        {
            var community = regions[s.Code];
            return new CommunityStrategyDto(s.Code, community.Name, community.NameEn, NameOf(s.Code, RegionLevel.Township), NameOf(s.Code, RegionLevel.County),
                s.CasesWithinWindow, s.Transmission, EnumNames.Of(s.State), CommunityStrategy.Strategy(s.State), CommunityStrategy.StrategyEn(s.State));
        }).ToList();
        var next = start + rows.Count < matching.Count ? rows[^1].Code : null;
        var page = new Page<CommunityStrategyDto>(rows, next, filter.Page.After is null ? matching.Count : null);
        return new StrategiesDto(region.Code, day, CommunityStrategy.Clause, counts, page);
    }
}
