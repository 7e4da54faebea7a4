using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using EpiCommand.Web.Platform;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Faults (issue 13 §faults): a database that cannot be reached is a 503 with Retry-After, not a 500, and the platform answers
/// again by itself when the database is back; the watchers back off while their scans fail and resume when they succeed.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task AnUnreachableDatabaseIs503WithRetryAfterAndTheNextRequestRecovers()
    {
        await using var factory = new SqliteFactory();
        await factory.InitializeAsync();
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/api/cases")).StatusCode);

        // The database file disappears and a folder stands in its way: SQLite cannot open it (SQLITE_CANTOPEN).
        var file = new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();
        File.Move(file, file + ".away");
        Directory.CreateDirectory(file);
        try
        {
            var response = await city.GetAsync("/api/cases");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal("urn:epicommand:problem:database-unavailable", problem.GetProperty("type").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await city.PostAsJsonAsync("/api/settings", new { id = "S-FAULT", name = "学校", type = "school", region = "150502004001" })).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await city.GetAsync("/health")).StatusCode);
        }
        finally
        {
            Directory.Delete(file);
            File.Move(file + ".away", file);
        }
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void ConnectionFailuresOfEitherProviderAreUnavailabilityAndOtherErrorsAreNot()
    {
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new SqliteException("unable to open database file", 14)));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new Microsoft.EntityFrameworkCore.DbUpdateException("save", new SqliteException("database is locked", 5))));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new NpgsqlException("Exception while reading from stream", new TimeoutException())));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03")));
        Assert.True(DatabaseUnavailableHandler.IsUnavailable(new PostgresException("too many connections", "FATAL", "FATAL", "53300")));

        Assert.False(DatabaseUnavailableHandler.IsUnavailable(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseUnavailableHandler.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseUnavailableHandler.IsUnavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task AWatcherWhoseScanFailsBacksOffAndResumes()
    {
        var clock = new FakeTimeProvider(EpiCommandFactory.SeededAt);
        var start = clock.GetUtcNow();
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var watcher = new Flaky(services.GetRequiredService<IServiceScopeFactory>(), clock, clock.GetUtcNow, failFirst: 3);
        await watcher.StartAsync(CancellationToken.None);
        await RoundsAsync(watcher, 1);
        for (var minute = 1; minute <= 9; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await RoundsAsync(watcher, minute + 1);
        }
        await watcher.StopAsync(CancellationToken.None);

        // Failing at 0, 1 and 3 (pauses of 1, 2, 4 minutes), succeeding at 7, then every minute again.
        Assert.Equal([0, 1, 3, 7, 8, 9], watcher.Scans.Select(at => (int)(at - start).TotalMinutes));
        Assert.Equal(0, watcher.Failures);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(16)],
            new[] { 1, 2, 5, 50 }.Select(MinuteWatcher.Backoff));
    }

    private static async Task RoundsAsync(MinuteWatcher watcher, int rounds)
    {
        for (var i = 0; i < 400 && watcher.Rounds < rounds; i++) await Task.Delay(25);
        Assert.Equal(rounds, watcher.Rounds);
    }

    private sealed class Flaky(IServiceScopeFactory scopes, TimeProvider clock, Func<DateTimeOffset> now, int failFirst)
        : MinuteWatcher(scopes, clock, NullLogger.Instance)
    {
        private readonly List<DateTimeOffset> _scans = [];

        public IReadOnlyList<DateTimeOffset> Scans
        {
            get { lock (_scans) return [.. _scans]; }
        }

        protected override string What => "A scan that fails at first";

        protected override Task ScanAsync(IServiceProvider services, CancellationToken ct)
        {
            int count;
            lock (_scans)
            {
                _scans.Add(now());
                count = _scans.Count;
            }
            return count <= failFirst ? throw new InvalidOperationException("database down") : Task.CompletedTask;
        }
    }
}
