using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-province</c> (issue 12 §6): a whole province on one PostgreSQL — Inner Mongolia's real division down to its villages,
/// an outbreak spread over all of it — and the requests the region's, a city's and a county's headquarters make, each timed
/// alone over HTTP against the real web app, so that the province's figures read as ratios to the city's and the county's in the
/// same run. Kept out of CI (the database takes minutes to build); <c>ProvinceBenchTests</c> runs a small version.
/// </summary>
public static class ProvinceBenchCommand
{
    public static Command Create()
    {
        var connection = new Option<string>("--connection") { Required = true, Description = "PostgreSQL connection string; the database is built when it holds no case" };
        var cases = new Option<int>("--cases") { DefaultValueFactory = _ => 300_000, Description = "cases spread over the province when the database is built" };
        var contacts = new Option<int>("--contacts") { DefaultValueFactory = _ => 1_000_000, Description = "close contacts when the database is built" };
        var requests = new Option<int>("--requests") { DefaultValueFactory = _ => 15, Description = "requests of each kind per jurisdiction (the median is reported)" };
        var web = new Option<string?>("--web") { Description = "the web app to start (default: EpiCommand.Web beside this tool)" };
        var command = new Command("bench-province", "A province's division and outbreak on one PostgreSQL: the region's requests timed against the city's and a county's, over HTTP")
        {
            connection, cases, contacts, requests, web,
        };
        command.SetAction(async (result, ct) =>
        {
            var connectionString = result.GetValue(connection)!;
            if (!await HoldsCasesAsync(connectionString, ct)) await BuildAsync(connectionString, result.GetValue(cases), result.GetValue(contacts), ct);
            Console.WriteLine((await RunAsync(connectionString, result.GetValue(requests), result.GetValue(web), ct)).Text);
            return 0;
        });
        return command;
    }

    /// <summary>The three jurisdictions compared: the demo's region, city and county headquarters users.</summary>
    private static readonly (string User, string Code, string Name)[] Levels =
    [
        ("region", "150000", "province 150000"), ("city", "150500", "city 150500"), ("horqin", "150502", "county 150502"),
    ];

    /// <summary>What each of them asks for most, by the URL for its region code.</summary>
    private static readonly (string Name, Func<string, string> Url)[] Kinds =
    [
        ("picture", code => $"/api/regions/{code}/picture"),
        ("cases, first page", code => $"/api/cases?region={code}"),
        ("cases, search by id prefix", code => $"/api/cases?region={code}&q=P00012"),
        ("contacts under observation", code => $"/api/contacts?region={code}&status=underObservation"),
        ("task board", _ => "/api/tasks/board"),
        ("home page (HTML)", _ => "/"),
    ];

    public sealed record Report(string Text, IReadOnlyDictionary<(string Kind, string Level), double> Medians, IReadOnlyDictionary<RegionLevel, int> Regions, int Errors);

    /// <summary>Migrates, loads the demo city, then the whole province's division, then the outbreak over all its communities.</summary>
    public static async Task BuildAsync(string connectionString, int caseCount, int contactCount, CancellationToken ct)
    {
        Console.WriteLine($"building the province database: the demo city, Inner Mongolia's division, {caseCount:N0} cases, {contactCount:N0} contacts");
        var stopwatch = Stopwatch.StartNew();
        await using var platform = Platform(connectionString);
        await using (var scope = platform.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.MigrateAsync(ct);
            await scope.ServiceProvider.GetRequiredService<DemoCity>().SeedAsync(outbreak: true, ct);
            var (division, problems) = DivisionReader.Read(DivisionFiles.InnerMongolia, DivisionFiles.Additions, DivisionSelection.Of("15"));
            if (division is null) throw new InvalidOperationException($"the bundled division was refused: {string.Join("; ", problems.Take(5))}");
            await RegionImporter.ImportAsync(db, division, TimeProvider.System.GetUtcNow(), ct);
        }
        await ListBenchCommand.GenerateAsync(platform, caseCount, contactCount, ct, under: "/150000/");
        Console.WriteLine($"built in {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Starts the web app on the database and times each kind for each jurisdiction, one request at a time.</summary>
    public static async Task<Report> RunAsync(string connectionString, int requests, string? webApp, CancellationToken ct)
    {
        Dictionary<RegionLevel, int> regions;
        int cases, contacts;
        await using (var platform = Platform(connectionString))
        await using (var scope = platform.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith("/150000/")).GroupBy(r => r.Level)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            cases = await db.Cases.CountAsync(ct);
            contacts = await db.Contacts.CountAsync(ct);
        }
        return await HttpBenchCommand.WithServerAsync("Postgres", connectionString, webApp, async (origin, pid) =>
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"bench-province: PostgreSQL, {Environment.ProcessorCount} cores, one request at a time, median of {requests} after one not counted");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  Inner Mongolia: {string.Join(", ", regions.OrderBy(r => r.Key).Select(r => $"{r.Value:N0} {r.Key.ToName()}"))}; {cases:N0} cases, {contacts:N0} contacts");
            var medians = new Dictionary<(string, string), double>();
            var errors = 0;
            var clients = new List<HttpClient>();
            try
            {
                foreach (var level in Levels) clients.Add(await HttpBenchCommand.SignInAsync(origin, level.User, ct));
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"  {"kind",-28} {Levels[0].Name,16} {Levels[1].Name,14} {Levels[2].Name,16}  province ÷ city  province ÷ county");
                var firsts = new List<string>();
                foreach (var (name, url) in Kinds)
                {
                    var row = new List<double>();
                    var first = new List<double>();
                    for (var i = 0; i < Levels.Length; i++)
                    {
                        var times = new List<double>();
                        for (var n = 0; n <= requests; n++)
                        {
                            var stopwatch = Stopwatch.StartNew();
                            using var response = await clients[i].GetAsync(url(Levels[i].Code), HttpCompletionOption.ResponseContentRead, ct);
                            await response.Content.LoadIntoBufferAsync(ct);
                            if (!response.IsSuccessStatusCode) errors++;
                            if (n > 0) times.Add(stopwatch.Elapsed.TotalMilliseconds);
                            else first.Add(stopwatch.Elapsed.TotalMilliseconds);
                        }
                        var median = HttpBenchCommand.Percentile(times.Order().ToList(), 0.5);
                        medians[(name, Levels[i].Code)] = median;
                        row.Add(median);
                    }
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"  {name,-28} {row[0],13:F1} ms {row[1],11:F1} ms {row[2],13:F1} ms  {row[0] / row[1],14:F2}  {row[0] / row[2],16:F2}");
                    firsts.Add(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} {first[0],13:F1} ms {first[1],11:F1} ms {first[2],13:F1} ms"));
                }
                text.AppendLine();
                text.AppendLine("  the first request of each (not counted above: the picture built for the day, queries compiled):");
                foreach (var line in firsts) text.AppendLine(line);
                var (rss, peak) = HttpBenchCommand.Memory(pid);
                text.AppendLine(CultureInfo.InvariantCulture, $"  errors: {errors}; server RSS {rss / 1024 / 1024:N0} MiB, peak {peak / 1024 / 1024:N0} MiB");
            }
            finally
            {
                foreach (var client in clients) client.Dispose();
            }
            return new Report(text.ToString(), medians, regions, errors);
        }, ct);
    }

    private static async Task<bool> HoldsCasesAsync(string connectionString, CancellationToken ct)
    {
        await using var platform = Platform(connectionString);
        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            return await db.Database.CanConnectAsync(ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any() && await db.Cases.AnyAsync(ct);
        }
        catch (Npgsql.PostgresException)
        {
            return false;
        }
    }

    private static ServiceProvider Platform(string connectionString) => DatabaseCommands.BuildPlatform(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = connectionString,
    }, TimeProvider.System);
}
