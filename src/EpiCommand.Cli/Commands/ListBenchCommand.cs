using System.CommandLine;
using System.Diagnostics;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-lists</c>: fills a database with the demo city and a large generated line list (300,000 cases and
/// 1,000,000 close contacts by default), then times list pages: keyset pages near the top and deep down, next to
/// OFFSET paging at the same depth (the baseline), measured in the same run.
/// </summary>
public static class ListBenchCommand
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { DefaultValueFactory = _ => 300_000, Description = "cases to generate" };
        var contacts = new Option<int>("--contacts") { DefaultValueFactory = _ => 1_000_000, Description = "close contacts to generate" };
        var command = new Command("bench-lists", "Generate a large line list and time list pages (keyset vs OFFSET)")
        {
            cases, contacts, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        command.SetAction(async (result, ct) =>
        {
            var connection = result.GetValue(DatabaseCommands.ConnectionOption);
            var temporary = connection is null && result.GetValue(DatabaseCommands.ProviderOption) is null or "Sqlite"
                ? Path.Combine(Path.GetTempPath(), $"epicommand-bench-{Guid.NewGuid():N}.db") : null;
            await using var platform = DatabaseCommands.BuildPlatform(DatabaseCommands.Settings(result, temporary is null ? null : $"Data Source={temporary}"), TimeProvider.System);
            try
            {
                return await RunAsync(platform, result.GetValue(cases), result.GetValue(contacts), ct);
            }
            finally
            {
                if (temporary is not null) File.Delete(temporary);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int caseCount, int contactCount, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Console.WriteLine($"database: {db.Database.ProviderName}");
            await db.Database.MigrateAsync(ct);
            await scope.ServiceProvider.GetRequiredService<DemoCity>().SeedAsync(outbreak: true, ct);
        }
        var stopwatch = Stopwatch.StartNew();
        await GenerateAsync(services, caseCount, contactCount, ct);
        Console.WriteLine($"generated {caseCount:N0} cases and {contactCount:N0} contacts in {stopwatch.Elapsed.TotalSeconds:F0} s");

        await using var measure = services.CreateAsyncScope();
        var data = measure.ServiceProvider.GetRequiredService<AppDbContext>();
        var city = data.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith("/150000/150500/"));
        var county = data.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith("/150000/150500/150502/"));
        var depth = Math.Min(100_000, caseCount / 2);
        var deep = await city.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Skip(depth - 1).FirstAsync(ct);
        var cursor = CasePaging.Newest.CursorOf(deep);

        var firstPage = await TimeAsync(() => CasePaging.PageAsync(city, null, 50, ct));
        var countyPage = await TimeAsync(() => CasePaging.PageAsync(county, null, 50, ct));
        var keysetDeep = await TimeAsync(() => CasePaging.PageAsync(city, cursor, 50, ct));
        var offsetDeep = await TimeAsync(() => city.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Skip(depth).Take(50).ToListAsync(ct));
        var contactPage = await TimeAsync(() => data.Contacts.AsNoTracking().Where(c => c.RegionPath.StartsWith("/150000/150500/150502/"))
            .OrderBy(c => c.Id).Take(50).ToListAsync(ct));

        Console.WriteLine();
        Console.WriteLine("median of 7 runs, 50 rows a page:");
        Console.WriteLine($"  cases, city, first page (keyset)         {firstPage,8:F1} ms");
        Console.WriteLine($"  cases, one county, first page (keyset)   {countyPage,8:F1} ms");
        Console.WriteLine($"  cases, city, page at row {depth:N0} (keyset)  {keysetDeep,8:F1} ms");
        Console.WriteLine($"  cases, city, page at row {depth:N0} (OFFSET, baseline) {offsetDeep,8:F1} ms");
        Console.WriteLine($"  contacts, one county, first page         {contactPage,8:F1} ms");
        Console.WriteLine($"ratio deep keyset / OFFSET baseline: {keysetDeep / offsetDeep:F3}");
        return 0;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> query)
    {
        await query();
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await query();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(3);
    }

    /// <summary>
    /// Cases spread evenly over the communities under <paramref name="under"/> (by default the demo city's) and the last 300 days;
    /// each contact traced from a case.
    /// </summary>
    internal static async Task GenerateAsync(IServiceProvider services, int caseCount, int contactCount, CancellationToken ct, string under = "/150000/150500/")
    {
        var random = new Random(20201120);
        List<(string Code, string Path)> communities;
        await using (var scope = services.CreateAsyncScope())
        {
            communities = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Regions.AsNoTracking()
                .Where(r => r.Level == Domain.Regions.RegionLevel.Community && r.Path.StartsWith(under)).Select(r => new { r.Code, r.Path }).ToListAsync(ct))
                .Select(r => (r.Code, r.Path)).ToList();
        }
        var now = DateTimeOffset.UtcNow;
        const int batch = 20_000;
        for (var start = 0; start < caseCount; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(caseCount, start + batch); i++)
            {
                var (code, path) = communities[random.Next(communities.Count)];
                var reported = now.AddMinutes(-random.Next(300 * 24 * 60));
                db.Cases.Add(new CaseRecord
                {
                    Id = $"P{i:D7}", Classification = random.Next(10) < 7 ? Classification.Confirmed : Classification.Asymptomatic, PersonName = $"病例{i}",
                    RegionCode = code, RegionPath = path, ReportedAt = reported, InfectionSource = InfectionSource.Linked, CreatedAt = reported, CreatedBy = "bench",
                });
            }
            await db.SaveChangesAsync(ct);
        }
        for (var start = 0; start < contactCount; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(contactCount, start + batch); i++)
            {
                var (code, path) = communities[random.Next(communities.Count)];
                var last = now.AddMinutes(-random.Next(300 * 24 * 60));
                db.Contacts.Add(new CloseContact
                {
                    Id = $"Q{i:D7}", PersonName = $"密接{i}", RegionCode = code, RegionPath = path, SourceCaseId = $"P{random.Next(caseCount):D7}",
                    LastContactAt = last, ObservationEnds = ChinaTime.DayOf(last).AddDays(14), Site = "集中隔离点", Status = ContactStatus.Released,
                    CreatedAt = last, CreatedBy = "bench",
                });
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
