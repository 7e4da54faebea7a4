using EpiCommand.Cli.Commands;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary><c>epicommand users import</c> (issue 18) in-process, on the demo city's database: all rows or none, each user with a one-time password.</summary>
public abstract class UserImportTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-users-{Guid.NewGuid():N}.csv");

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        File.Delete(_file);
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task EveryRowBecomesAUserWithAOneTimePasswordAndAnAuditEntry()
    {
        await File.WriteAllTextAsync(_file, """
            userName,displayName,region,roles,unit,phone
            naiman-hq,奈曼旗指挥部值班员,150525,Headquarters,,13904755001
            naiman-cdc,奈曼旗疾控流调员,150525,Investigator|Expert,疾病预防控制机构,
            """);
        var (code, output, error) = await ImportAsync("admin");

        Assert.True(code == 0, error);
        Assert.Contains("Imported 2 user(s)", output);
        await using var db = factory.CreateDbContext();
        var users = await db.Users.Where(u => u.UserName!.StartsWith("naiman-")).OrderBy(u => u.UserName).ToListAsync();
        Assert.Equal(["naiman-cdc", "naiman-hq"], users.Select(u => u.UserName));
        Assert.All(users, u => Assert.True(u.MustChangePassword));
        Assert.Equal("疾病预防控制机构", users[0].Unit);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "user.created" && e.Actor == "admin" && e.SubjectId.StartsWith("naiman-")));
    }

    [Fact]
    public async Task ARefusedRowStopsTheImportNamesRowAndColumnAndNothingIsStored()
    {
        await File.WriteAllTextAsync(_file, """
            userName,displayName,region,roles
            naiman-hq,奈曼旗指挥部值班员,150525,Headquarters
            naiman-x,某人,150525,Headquarters|Mayor
            """);
        var (code, _, error) = await ImportAsync("admin");

        Assert.Equal(1, code);
        Assert.Contains("row 3, roles: 'Mayor'", error);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName!.StartsWith("naiman-")));

        await File.WriteAllTextAsync(_file, "userName,displayName\nx,y\n");
        Assert.Contains("missing: region, roles", (await ImportAsync("admin")).Error);
        Assert.Contains("not an administrator", (await ImportAsync("horqin")).Error);
    }

    private async Task<(int Code, string Output, string Error)> ImportAsync(string actor)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = factory is PostgresFactory ? "Postgres" : "Sqlite", ["Database:ConnectionString"] = factory.ConnectionString,
        };
        var code = await UsersCommand.ImportAsync(_file, actor, settings, factory.Clock, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

public sealed class SqliteUserImportTests() : UserImportTests<SqliteFactory>(new());

public sealed class PostgresUserImportTests() : UserImportTests<PostgresFactory>(new());
