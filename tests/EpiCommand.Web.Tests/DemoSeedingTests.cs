using EpiCommand.Cli.Commands;
using EpiCommand.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EpiCommand.Web.Tests;

/// <summary><c>epicommand seed-demo</c> and the web start load the demo city by one path, so the same city at the same instant.</summary>
public sealed class DemoSeedingTests : IAsyncLifetime
{
    private readonly SqliteFactory _web = new();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-seed-demo-{Guid.NewGuid():N}.db");

    public ValueTask InitializeAsync() => _web.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task SeedDemoLoadsWhatTheWebStartLoadsAtTheSameInstant()
    {
        var cli = Settings($"Data Source={_file};Pooling=false");
        var clock = new FakeTimeProvider(EpiCommandFactory.SeededAt);
        await using (var platform = DatabaseCommands.BuildPlatform(cli, clock))
        await using (var scope = platform.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
        }

        Assert.True(await DatabaseCommands.SeedDemoAsync(cli, clock, CancellationToken.None));
        Assert.False(await DatabaseCommands.SeedDemoAsync(cli, clock, CancellationToken.None));

        var seeded = await DescribeAsync(cli);
        Assert.Equal(await DescribeAsync(Settings(_web.ConnectionString)), seeded);
        Assert.Contains("clocks", seeded);
        Assert.DoesNotContain("contacts 0,", seeded);
        Assert.DoesNotContain("sentinel reports 0,", seeded);
    }

    private static Dictionary<string, string?> Settings(string connection) =>
        new() { ["Database:Provider"] = nameof(DatabaseProvider.Sqlite), ["Database:ConnectionString"] = connection };

    /// <summary>What was loaded, with its times: the counts, and every reporting clock with when it fell and falls due.</summary>
    private static async Task<string> DescribeAsync(Dictionary<string, string?> settings)
    {
        await using var platform = DatabaseCommands.BuildPlatform(settings, TimeProvider.System);
        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clocks = (await db.Clocks.AsNoTracking().ToListAsync())
            .Select(c => $"{c.ClockId} {c.Subject} {c.StartedAt:O} {c.DueAt:O} {c.CompletedAt:O}").Order(StringComparer.Ordinal);
        var reports = (await db.SentinelReports.AsNoTracking().ToListAsync()).Select(r => $"{r.Reporter} {r.ReportedAt:O} {r.Stage}").Order(StringComparer.Ordinal);
        return string.Join("\n",
            $"regions {await db.Regions.CountAsync()}, users {await db.Users.CountAsync()}, cases {await db.Cases.CountAsync()}",
            $"contacts {await db.Contacts.CountAsync()}, sentinel reports {await db.SentinelReports.CountAsync()},",
            string.Join("\n", reports), "clocks", string.Join("\n", clocks));
    }
}
