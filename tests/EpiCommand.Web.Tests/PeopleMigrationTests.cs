using EpiCommand.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The People migration keeps what was stored (nothing already stored is lost): every liaison becomes a person with the liaison flag,
/// one on duty goes on the roster, and every account gets its person — on a database at the migration before, with rows in it.
/// </summary>
public abstract class PeopleMigrationTests
{
    private const string Before = "TwoFactor";

    protected abstract Task<AppDbContext> NewDatabaseAsync();

    [Fact]
    public async Task LiaisonsTheirDutyAndAccountsBecomePeople()
    {
        await using var db = await NewDatabaseAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before, TestContext.Current.CancellationToken);

        await db.Database.ExecuteSqlAsync($"""INSERT INTO "Regions" ("Code", "Level", "Name", "Path") VALUES ('150500', 2, '通辽市', '/150500/')""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "Regions" ("Code", "Level", "Name", "ParentCode", "Path") VALUES ('150502', 3, '科尔沁区', '150500', '/150500/150502/')""");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "LiaisonPeople" ("RegionCode", "Name", "Unit", "Position", "Phone", "OnDuty")
            VALUES ('150500', '王海燕', '市卫生健康委员会', '应急办主任', '13904751001', {true}), ('150502', '张立新', '科尔沁区卫生健康委员会', NULL, '13904752001', {false})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "DisplayName", "RegionCode", "Unit", "PhoneNumber", "AccessFailedCount", "Disabled",
                "EmailConfirmed", "LockoutEnabled", "MustChangePassword", "PhoneNumberConfirmed", "TwoFactorEnabled")
            VALUES ('u1', 'horqin', 'HORQIN', '科尔沁区指挥部值班员', '150502', '指挥部办公室', '0475-8221234', 0, {false}, {false}, {true}, {false}, {false}, {false})
            """);

        await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);

        var people = await db.People.AsNoTracking().OrderBy(p => p.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, people.Count);
        var wang = Assert.Single(people, p => p.Name == "王海燕");
        Assert.True(wang.Liaison);
        Assert.Equal(("150500", "/150500/", "市卫生健康委员会", "应急办主任", "13904751001"), (wang.RegionCode, wang.RegionPath, wang.Unit, wang.Position, wang.Phone));
        var zhang = Assert.Single(people, p => p.Name == "张立新");
        Assert.True(zhang.Liaison);
        var account = Assert.Single(people, p => p.UserId == "u1");
        Assert.Equal(("科尔沁区指挥部值班员", "/150500/150502/", "指挥部办公室", "0475-8221234", false), (account.Name, account.RegionPath, account.Unit, account.Phone, account.Liaison));

        // Only the liaison who was on duty is on the roster.
        var duty = Assert.Single(await db.DutyAssignments.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal((wang.Id, "市卫生健康委员会", "固定联络员"), (duty.PersonId, duty.Unit, duty.Role));
    }
}

public sealed class SqlitePeopleMigrationTests : PeopleMigrationTests, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-migration-{Guid.NewGuid():N}.db");

    protected override Task<AppDbContext> NewDatabaseAsync() =>
        Task.FromResult<AppDbContext>(new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={_file};Pooling=false").Options));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}

public sealed class PostgresPeopleMigrationTests : PeopleMigrationTests, IAsyncDisposable
{
    private readonly string _database = $"epicommand_migration_{Guid.NewGuid():N}";

    protected override async Task<AppDbContext> NewDatabaseAsync()
    {
        if (PostgresFactory.PostgresServer is not { } server) { Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set"); return null!; }
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = _database, Pooling = false }.ToString();
        return new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresFactory.PostgresServer is not { } server) return;
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
