using System.CommandLine;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>backup --to FILE</c>: a consistent copy of a SQLite database while the platform runs, through SQLite's online backup
/// (issue 13 §backups). PostgreSQL is backed up with <c>pg_dump</c> (docs/operations.md), which this command points to.
/// </summary>
public static class BackupCommand
{
    public static readonly Option<FileInfo> ToOption = new("--to") { Description = "the backup file to create (must not exist)", Required = true };

    public static Command Create()
    {
        var command = new Command("backup", "Copy the SQLite database while it is in use (SQLite's online backup); PostgreSQL: see docs/operations.md")
        {
            DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption, ToOption,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var services = DatabaseCommands.Build(result);
            var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                Console.Error.WriteLine("A PostgreSQL database is backed up with pg_dump and restored with pg_restore; docs/operations.md gives the commands.");
                return 2;
            }
            var to = result.GetValue(ToOption)!;
            if (to.Exists)
            {
                Console.Error.WriteLine($"{to.FullName} exists; a backup does not overwrite a file.");
                return 2;
            }
            var entries = await BackupAsync(DataServiceCollectionExtensions.SqliteConnectionString(options.ConnectionString), to.FullName, cancellationToken);
            to.Refresh();
            Console.WriteLine($"Backed up to {to.FullName} ({to.Length:N0} bytes, {entries} audit entries). Verify it with: epicommand audit verify --connection \"Data Source={to.FullName}\"");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Copies the database at <paramref name="connectionString"/> into a new file with SQLite's online backup API, which copies
    /// a consistent state page by page while other connections go on writing; returns how many audit entries the copy holds.
    /// </summary>
    public static async Task<long> BackupAsync(string connectionString, string file, CancellationToken ct)
    {
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        await using var from = new SqliteConnection(source.ToString());
        await from.OpenAsync(ct);
        var target = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using (var to = new SqliteConnection(target.ToString()))
        {
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
        }
        // Read back from the copy: what was written is a database that opens and holds the chain.
        await using var copy = new SqliteConnection(target.ToString());
        await copy.OpenAsync(ct);
        await using var count = copy.CreateCommand();
        count.CommandText = "SELECT count(*) FROM \"AuditEntries\"";
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }
}
