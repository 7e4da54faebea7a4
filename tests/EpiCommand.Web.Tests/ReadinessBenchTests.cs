using EpiCommand.Cli;
using EpiCommand.Cli.Commands;
using Microsoft.Data.Sqlite;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 15: a short run of <c>bench-readiness</c> — a generated city with full registers, the norms read through the readiness
/// service next to a plain read of the registers in the same run — on SQLite and, when a server is given, PostgreSQL. What is
/// checked is that the measurement runs and its figures are sane (every county read, every norm given a state, the report
/// answered, also over HTTP by the web app as a child process), not the times: this machine's speed is not a test (docs/readiness.md has the measured ones).
/// </summary>
public sealed class ReadinessBenchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-readiness-bench-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
    }

    [Fact]
    public async Task OnSqlite()
    {
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={_file}" };
        var written = new StringWriter();
        var result = await ReadinessBenchCommand.RunAsync(settings, counties: 6, runs: 3, written, TestContext.Current.CancellationToken, http: true);
        output.WriteLine(written.ToString());
        AssertSane(result, counties: 6);
        Assert.True(result.HttpMs > 0, written.ToString());
        Assert.Contains("ratio evaluation / baseline", written.ToString());
    }

    [Fact]
    public async Task OnPostgresThroughTheCommandLine()
    {
        var server = PostgresFactory.PostgresServer;
        if (server is null) Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on");
        var written = new StringWriter();
        var console = Console.Out;
        Console.SetOut(written);
        int exit;
        try
        {
            exit = await CliProgram.BuildRoot().Parse(["bench-readiness", "--counties", "4", "--runs", "2", "--provider", "Postgres", "--connection", server!]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(console);
        }
        output.WriteLine(written.ToString());
        Assert.Equal(0, exit);
        Assert.Contains("the city and 4 counties", written.ToString());
        Assert.Contains("ratio evaluation / baseline", written.ToString());
        Assert.Contains("GET /api/readiness over HTTP", written.ToString());
    }

    private static void AssertSane(ReadinessBenchCommand.Result result, int counties)
    {
        Assert.Equal(counties, result.Counties);
        // The city and each county: its region row, 6 hospitals (the city 7), 5 labs, 4 sites, 6 sampling sites, 12 drills, 7 teams with 4
        // training records each, a sizing, and stock on hand (2 depots of 20 items, some used up: at least 30).
        Assert.True(result.RegisterRows > (counties + 1) * (1 + 6 + 5 + 4 + 6 + 12 + 7 + 7 * 4 + 1 + 30), $"{result.RegisterRows} register rows");
        Assert.True(result.Norms > 10 * (counties + 1), $"{result.Norms} norm readings");
        Assert.Equal(result.Norms, result.NormsMet + result.NormsNotMet + result.NormsNotMeasurable);
        Assert.True(result.NormsMet > 0 && result.NormsNotMet > 0, $"{result.NormsMet} met, {result.NormsNotMet} not met");
        Assert.True(result.ReportBytes > 1000, $"{result.ReportBytes} bytes");
        Assert.True(result.ReadMs > 0 && result.EvaluateMs > 0 && result.ReportMs > 0);
        Assert.True(double.IsFinite(result.EvaluateRatio) && double.IsFinite(result.ReportRatio));
    }
}
