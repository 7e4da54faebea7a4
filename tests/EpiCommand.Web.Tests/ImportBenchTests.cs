using EpiCommand.Cli;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §3: a short run of <c>bench-import</c> — a generated case and contact line list imported through the platform's
/// import, and the same rows written by a raw insert in the same run — on SQLite and, when a server is given, PostgreSQL.
/// What is checked is that the measurement runs and reports its figures, not the figures: this machine's speed is not a
/// test (docs/scaling.md has the measured ones).
/// </summary>
[Collection(SqliteLineListStreamingTests.Name)]
public sealed class ImportBenchTests(ITestOutputHelper output)
{
    [Fact]
    public Task OnSqlite() => RunAsync(["--provider", "Sqlite"]);

    [Fact]
    public Task OnPostgres()
    {
        var server = PostgresFactory.PostgresServer;
        if (server is null) Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on");
        return RunAsync(["--provider", "Postgres", "--connection", server!]);
    }

    private async Task RunAsync(string[] database)
    {
        var written = new StringWriter();
        var console = Console.Out;
        Console.SetOut(written);
        int exit;
        try
        {
            exit = await CliProgram.BuildRoot().Parse(["bench-import", "--cases", "2000", "--contacts", "4000", .. database]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(console);
        }
        output.WriteLine(written.ToString());
        Assert.Equal(0, exit);
        Assert.Contains("cases: 2,000 rows imported", written.ToString());
        Assert.Contains("contacts: 4,000 rows imported", written.ToString());
        Assert.Contains("import/raw rate ratio", written.ToString());
    }
}
