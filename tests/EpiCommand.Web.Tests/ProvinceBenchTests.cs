using EpiCommand.Cli.Commands;
using EpiCommand.Domain.Regions;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §6: a short run of <c>bench-province</c> on PostgreSQL — Inner Mongolia's whole division loaded beside the demo city,
/// a small outbreak spread over all of it, the web app as a child process, every kind asked by the region's, the city's and a
/// county's headquarters. Checked: the division is the real one, every request answers, every median is measured. Not the times
/// (docs/scaling.md has the measured ones).
/// </summary>
public sealed class ProvinceBenchTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly string _database = $"epicommand_province_{Guid.NewGuid():N}";
    private bool _created;

    [Fact]
    public async Task OnPostgresTheRegionTheCityAndACountyAreAnsweredOverTheWholeProvince()
    {
        if (PostgresFactory.PostgresServer is not { } server) { Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on"); return; }
        var ct = TestContext.Current.CancellationToken;
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        _created = true;
        await ProvinceBenchCommand.BuildAsync(connection, caseCount: 3_000, contactCount: 6_000, ct);

        var report = await ProvinceBenchCommand.RunAsync(connection, requests: 2, webApp: null, ct);
        output.WriteLine(report.Text);

        // Inner Mongolia as the bundled national division has it (issue 12 §6).
        Assert.Equal(12, report.Regions[RegionLevel.City]);
        Assert.Equal(108, report.Regions[RegionLevel.County]);
        Assert.Equal(1_225, report.Regions[RegionLevel.Township]);
        Assert.Equal(14_592, report.Regions[RegionLevel.Community]);
        Assert.Equal(0, report.Errors);
        Assert.Equal(18, report.Medians.Count);
        Assert.All(report.Medians, m => Assert.True(m.Value > 0, $"{m.Key} was not measured\n{report.Text}"));
        Assert.Contains("province ÷ city", report.Text);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_created || PostgresFactory.PostgresServer is not { } server) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
