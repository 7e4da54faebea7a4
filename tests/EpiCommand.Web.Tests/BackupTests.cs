using System.Diagnostics;
using System.Net;
using EpiCommand.Cli;
using EpiCommand.Data.Response;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Backups (issue 13 §backups): a copy taken while the platform runs restores into a fresh database that opens, holds what was
/// there at the backup and nothing written after it, and whose audit chain verifies against the checkpoints.
/// </summary>
public abstract class BackupTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    protected TFactory Factory => factory;

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public virtual ValueTask DisposeAsync() => factory.DisposeAsync();

    /// <summary>Backs up the platform's database and restores the copy into a new database; returns its connection string.</summary>
    protected abstract Task<string> BackupAndRestoreAsync();

    /// <summary><c>epicommand audit verify</c> on another database of the same provider.</summary>
    protected abstract Task<int> VerifyAsync(string connectionString);

    [Fact]
    public async Task ABackupRestoresIntoAFreshDatabaseWhoseChainVerifies()
    {
        var admin = await factory.SignedInAsync("admin");
        await using (var db = factory.CreateDbContext())
        {
            await AuditLog.SaveChangesAsync(db, "tester", factory.Clock.GetUtcNow(), new AuditRecord("test.before-backup", "test", "1", new { }), CancellationToken.None);
            Assert.NotNull(await AuditLog.CheckpointAsync(db, factory.Services.GetRequiredService<AuditCheckpointFile>(), factory.Clock.GetUtcNow(), CancellationToken.None));
        }
        long entries, cases;
        await using (var db = factory.CreateDbContext()) (entries, cases) = (await db.AuditEntries.LongCountAsync(), await db.Cases.LongCountAsync());

        var restored = await BackupAndRestoreAsync();
        // Written after the backup: not in the copy.
        await using (var db = factory.CreateDbContext())
        {
            await AuditLog.SaveChangesAsync(db, "tester", factory.Clock.GetUtcNow(), new AuditRecord("test.after-backup", "test", "2", new { }), CancellationToken.None);
        }

        Environment.SetEnvironmentVariable($"Audit__Keys__{EpiCommandFactory.TestAuditKeyId}", EpiCommandFactory.TestAuditKey);
        Assert.Equal(0, await VerifyAsync(restored));
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = factory is SqliteFactory ? "Sqlite" : "Postgres",
            ["Database:ConnectionString"] = restored,
            ["Audit:CheckpointFolder"] = factory.CheckpointFolder,
        };
        await using var platform = Cli.Commands.DatabaseCommands.BuildPlatform(settings, factory.Clock);
        await using var scope = platform.CreateAsyncScope();
        var copy = scope.ServiceProvider.GetRequiredService<Data.AppDbContext>();
        Assert.Empty(await copy.Database.GetPendingMigrationsAsync());
        Assert.Equal(entries, await copy.AuditEntries.LongCountAsync());
        Assert.Equal(cases, await copy.Cases.LongCountAsync());
        Assert.False(await copy.AuditEntries.AnyAsync(e => e.Action == "test.after-backup"));
        Assert.Null(AuditLog.Verify(copy, platform.GetRequiredService<AuditCheckpointFile>().ReadAll()).Break);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health")).StatusCode);
    }
}

public sealed class SqliteBackupTests() : BackupTests<SqliteFactory>(new())
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"epicommand-backup-{Guid.NewGuid():N}.db");

    protected override async Task<string> BackupAndRestoreAsync()
    {
        Assert.Equal(0, await CliProgram.BuildRoot().Parse(["backup", "--provider", "Sqlite", "--connection", Factory.ConnectionString, "--to", _copy]).InvokeAsync());
        // A backup never overwrites.
        Assert.Equal(2, await CliProgram.BuildRoot().Parse(["backup", "--provider", "Sqlite", "--connection", Factory.ConnectionString, "--to", _copy]).InvokeAsync());
        // Restoring a SQLite backup is putting the file in place: a fresh database file.
        var restored = Path.ChangeExtension(_copy, ".restored.db");
        File.Copy(_copy, restored);
        return $"Data Source={restored};Pooling=false";
    }

    protected override Task<int> VerifyAsync(string connectionString) =>
        CliProgram.BuildRoot().Parse(["audit", "verify", "--provider", "Sqlite", "--connection", connectionString, "--checkpoints", Factory.CheckpointFolder]).InvokeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_copy);
        File.Delete(Path.ChangeExtension(_copy, ".restored.db"));
    }
}

/// <summary>PostgreSQL backs up with <c>pg_dump -Fc</c> and restores with <c>pg_restore</c> into a new database, as docs/operations.md says.</summary>
public sealed class PostgresBackupTests() : BackupTests<PostgresFactory>(new())
{
    private readonly string _dump = Path.Combine(Path.GetTempPath(), $"epicommand-backup-{Guid.NewGuid():N}.dump");
    private readonly string _database = $"epicommand_restored_{Guid.NewGuid():N}";
    private bool _created;

    protected override async Task<string> BackupAndRestoreAsync()
    {
        var source = new NpgsqlConnectionStringBuilder(Factory.ConnectionString);
        await RunAsync("pg_dump", $"--format=custom --file={_dump} --host={source.Host} --port={source.Port} --username={source.Username} {source.Database}");
        await using (var server = new NpgsqlConnection(PostgresFactory.PostgresServer))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", server);
            await create.ExecuteNonQueryAsync();
            _created = true;
        }
        await RunAsync("pg_restore", $"--no-owner --exit-on-error --host={source.Host} --port={source.Port} --username={source.Username} --dbname={_database} {_dump}");
        return new NpgsqlConnectionStringBuilder(PostgresFactory.PostgresServer) { Database = _database }.ToString();
    }

    protected override Task<int> VerifyAsync(string connectionString) =>
        CliProgram.BuildRoot().Parse(["audit", "verify", "--provider", "Postgres", "--connection", connectionString, "--checkpoints", Factory.CheckpointFolder]).InvokeAsync();

    private static async Task RunAsync(string tool, string arguments)
    {
        var path = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
            : null;
        using var process = Process.Start(new ProcessStartInfo(path ?? tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_dump);
        if (!_created) return;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(PostgresFactory.PostgresServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
