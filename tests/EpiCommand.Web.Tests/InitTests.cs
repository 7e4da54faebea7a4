using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EpiCommand.Cli;
using EpiCommand.Cli.Commands;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// <c>epicommand init</c> (issue 18) against an empty database of its own, run in-process as the command runs it, on SQLite and on
/// PostgreSQL: migrate, the division's regions, the plan's organisation, the first administrator with a one-time password.
/// </summary>
public abstract partial class InitTests<TDatabase> : IAsyncLifetime where TDatabase : InitTests<TDatabase>.EmptyDatabase, new()
{
    private readonly string _folder = Directory.CreateTempSubdirectory("epicommand-init-").FullName;
    private readonly TDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(EpiCommandFactory.SeededAt);

    public async ValueTask InitializeAsync()
    {
        RegionImportTests.Write(_folder, RegionImportTests.Extract);
        await _database.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DropAsync();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task InitTakesAnEmptyDatabaseIntoServiceWithAnAdministratorWhoMustChangeThePassword()
    {
        var (code, output, error) = await InitAsync("1505", "tongliao-2020");
        Assert.True(code == 0, error);
        var password = OneTimePassword().Match(output).Groups[1].Value;
        Assert.Equal(16, password.Length);

        await using var platform = DatabaseCommands.BuildPlatform(_database.Settings, _clock);
        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var plan = scope.ServiceProvider.GetRequiredService<PlanCatalog>().Get("tongliao-2020");
        Assert.Equal(1 + 1 + 2 + 3 + 5, await db.Regions.CountAsync());
        // 001 §2.1.1, §2.2.1: the city's headquarters and member units as the plan names them; 000 §三: one for each county.
        Assert.Equal("tongliao-2020", (await db.Headquarters.SingleAsync(h => h.RegionCode == "150500")).PlanId);
        Assert.Equal(plan.Organisation.Units.Select(u => u.Name).Distinct(), await db.MemberUnits.Where(u => u.RegionCode == "150500").OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync());
        Assert.Equal(plan.Organisation.ExpertGroups.Count, await db.ExpertGroups.CountAsync());
        Assert.Equal(["150502", "150525"], await db.Headquarters.Where(h => h.RegionCode != "150500").OrderBy(h => h.RegionCode).Select(h => h.RegionCode).ToListAsync());

        var admin = await db.Users.SingleAsync();
        Assert.Equal(("admin", "150500", true, false), (admin.UserName, admin.RegionCode, admin.MustChangePassword, admin.Disabled));
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        Assert.True(await users.CheckPasswordAsync(admin, password));
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(admin));
        Assert.Equal(["organisation.loaded", "user.created"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.DoesNotContain(password, string.Concat(await db.AuditEntries.Select(e => e.Data).ToListAsync()));
        Assert.Null(AuditLog.Verify(db).Break);
    }

    [Fact]
    public async Task SecondRunChangesNothingAndSaysSo()
    {
        Assert.Equal(0, (await InitAsync("1505", "tongliao-2020")).Code);
        var before = await DescribeAsync();

        var (code, output, _) = await InitAsync("1505", "tongliao-2020");

        Assert.Equal(0, code);
        Assert.Contains("Nothing to do", output);
        Assert.Contains("already has an active administrator; none created", output);
        Assert.DoesNotMatch(OneTimePassword(), output);
        Assert.Equal(before, await DescribeAsync());
    }

    [Fact]
    public async Task AnotherJurisdictionOrAnotherPlanIsRefusedAndNamed()
    {
        Assert.Equal(0, (await InitAsync("1505", "tongliao-2020")).Code);
        var before = await DescribeAsync();

        var county = await InitAsync("150502", "taiping-2020");
        Assert.Equal(1, county.Code);
        Assert.Contains("already holds the jurisdiction 150500 通辽市", county.Error);

        var plan = await InitAsync("1505", "autumn-2022");
        Assert.Equal(1, plan.Code);
        Assert.Contains("tongliao-2020, not autumn-2022", plan.Error);
        Assert.Equal(before, await DescribeAsync());
    }

    [Fact]
    public async Task AnUnknownPlanOrOneOfAnotherLevelIsRefusedBeforeAnythingIsWritten()
    {
        var unknown = await InitAsync("1505", "no-such-plan");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("tongliao-2020", unknown.Error);
        var county = await InitAsync("1505", "taiping-2020");
        Assert.Equal(1, county.Code);
        Assert.Contains("issued by a county", county.Error);
        Assert.Equal(2, await CliProgram.BuildRoot().Parse(["init", "--plan", "tongliao-2020", "--city", "15", .. _database.Arguments]).InvokeAsync());
        Assert.NotEqual(0, await CliProgram.BuildRoot().Parse(["init", "--plan", "tongliao-2020", .. _database.Arguments]).InvokeAsync());

        await using var platform = DatabaseCommands.BuildPlatform(_database.Settings, _clock);
        await using var scope = platform.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task TheNewAdministratorSignsInChangesTheOneTimePasswordAndThenWorks()
    {
        var (_, output, _) = await InitAsync("1505", "tongliao-2020");
        var password = OneTimePassword().Match(output).Groups[1].Value;
        await using var web = new ExistingDatabase(_database.Provider, _database.Settings["Database:ConnectionString"]!);
        var client = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var signIn = await EpiCommandFactory.SignInAsync(client, "admin", password);
        Assert.StartsWith("/account/change-password", signIn.Headers.Location?.OriginalString);
        var api = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("password-change-required", await api.Content.ReadAsStringAsync());
        Assert.StartsWith("/account/change-password", (await PageAsync(client, "/cases")).Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/account/password", new { currentPassword = password, newPassword = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/password", new { currentPassword = password, newPassword = "Horqin#2026new" })).StatusCode);
        var users = await client.GetFromJsonAsync<Platform.Page<Users.UserDto>>("/api/users");
        Assert.False(users!.Items.Single().MustChangePassword);
    }

    private static Task<HttpResponseMessage> PageAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return client.SendAsync(request);
    }

    private async Task<(int Code, string Output, string Error)> InitAsync(string code, string plan)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var result = await InitCommand.RunAsync(new InitArguments(code, plan, _folder), _database.Settings, _clock, output, error, CancellationToken.None);
        return (result, output.ToString(), error.ToString());
    }

    /// <summary>What the database holds, with the audit trail's length, to tell that a run changed nothing.</summary>
    private async Task<string> DescribeAsync()
    {
        await using var platform = DatabaseCommands.BuildPlatform(_database.Settings, _clock);
        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName + " " + u.PasswordHash + " " + u.SecurityStamp).ToListAsync();
        return $"regions {await db.Regions.CountAsync()}, hq {await db.Headquarters.CountAsync()}, units {await db.MemberUnits.CountAsync()}, groups {await db.WorkingGroups.CountAsync()}, "
            + $"experts {await db.ExpertGroups.CountAsync()}, roles {await db.Roles.CountAsync()}, audit {await db.AuditEntries.CountAsync()}\n" + string.Join("\n", users);
    }

    [GeneratedRegex(@"One-time password \(shown only now; to be changed at the first sign-in\): (\S+)")]
    private static partial Regex OneTimePassword();

    /// <summary>An empty database that exists (a DBA created it), as init finds it in production.</summary>
    public abstract class EmptyDatabase
    {
        public abstract DatabaseProvider Provider { get; }
        public abstract Dictionary<string, string?> Settings { get; }
        public string[] Arguments => ["--provider", Provider.ToString(), "--connection", Settings["Database:ConnectionString"]!];
        public abstract Task CreateAsync();
        public abstract Task DropAsync();
    }

    /// <summary>The web platform on the database init prepared, without migrating or seeding it.</summary>
    private sealed class ExistingDatabase(DatabaseProvider provider, string connection) : EpiCommandFactory(seedsTemplate: false)
    {
        protected override DatabaseProvider Provider => provider;
        public override string ConnectionString => connection;
        public override ValueTask InitializeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class SqliteEmptyDatabase : InitTests<SqliteEmptyDatabase>.EmptyDatabase
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-init-{Guid.NewGuid():N}.db");
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override Dictionary<string, string?> Settings => new() { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={_file};Pooling=false" };
    public override Task CreateAsync() => Task.CompletedTask;

    public override Task DropAsync()
    {
        File.Delete(_file);
        return Task.CompletedTask;
    }
}

public sealed class PostgresEmptyDatabase : InitTests<PostgresEmptyDatabase>.EmptyDatabase
{
    private readonly string _name = $"epicommand_init_{Guid.NewGuid():N}";
    private bool _created;
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public override Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresFactory.PostgresServer) { Database = _name, Pooling = false }.ToString(),
    };

    public override async Task CreateAsync()
    {
        if (PostgresFactory.PostgresServer is null) Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on (./test.sh starts one)");
        await ExecuteAsync($"CREATE DATABASE \"{_name}\"");
        _created = true;
    }

    public override async Task DropAsync()
    {
        if (_created) await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactory.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteInitTests : InitTests<SqliteEmptyDatabase>;

public sealed class PostgresInitTests : InitTests<PostgresEmptyDatabase>;
