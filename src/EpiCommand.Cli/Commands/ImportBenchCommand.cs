using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-import</c> (issue 12 §3): generates a case line list and a close-contact line list (100,000 cases and 300,000
/// contacts by default) in the import layout, imports them as the city user through the platform's own import services,
/// then writes the very rows the import stored (cases, their events and clocks, contacts — whose checks are derived, not stored) into a copy of
/// the database as it was before the import with a raw insert — prepared INSERT statements in one transaction on SQLite,
/// binary COPY in one transaction on PostgreSQL — and reports both rates and their ratio (goal: the import at least a
/// quarter of the raw rate), and how long each import held its write transaction.
/// </summary>
public static class ImportBenchCommand
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { DefaultValueFactory = _ => 100_000, Description = "cases to generate" };
        var contacts = new Option<int>("--contacts") { DefaultValueFactory = _ => 300_000, Description = "close contacts to generate" };
        var command = new Command("bench-import", "Import a generated case and contact line list and compare the rate with a raw insert of the same rows")
        {
            cases, contacts, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        command.SetAction(async (result, ct) =>
        {
            var postgres = result.GetValue(DatabaseCommands.ProviderOption) is "Postgres" or "postgres";
            var connection = result.GetValue(DatabaseCommands.ConnectionOption);
            var folder = Path.Combine(Path.GetTempPath(), $"epicommand-bench-import-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            string imported, raw;
            if (postgres)
            {
                if (connection is null) throw new InvalidOperationException("--connection (a PostgreSQL server) is required with --provider Postgres");
                var server = new NpgsqlConnectionStringBuilder(connection);
                var suffix = Guid.NewGuid().ToString("N")[..12];
                imported = new NpgsqlConnectionStringBuilder(connection) { Database = $"epicommand_bench_import_{suffix}" }.ToString();
                raw = new NpgsqlConnectionStringBuilder(connection) { Database = $"epicommand_bench_raw_{suffix}" }.ToString();
                server.Database = "postgres";
                await PostgresAsync(server.ToString(), $"CREATE DATABASE \"epicommand_bench_import_{suffix}\"", ct);
                try
                {
                    await PrepareAsync(Settings("Postgres", imported), ct);
                    NpgsqlConnection.ClearAllPools();
                    await PostgresAsync(server.ToString(), $"CREATE DATABASE \"epicommand_bench_raw_{suffix}\" TEMPLATE \"epicommand_bench_import_{suffix}\"", ct);
                    return await RunAsync(Settings("Postgres", imported), Settings("Postgres", raw), result.GetValue(cases), result.GetValue(contacts), folder, ct);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await PostgresAsync(server.ToString(), $"DROP DATABASE IF EXISTS \"epicommand_bench_import_{suffix}\" WITH (FORCE)", CancellationToken.None);
                    await PostgresAsync(server.ToString(), $"DROP DATABASE IF EXISTS \"epicommand_bench_raw_{suffix}\" WITH (FORCE)", CancellationToken.None);
                    Directory.Delete(folder, recursive: true);
                }
            }
            imported = $"Data Source={Path.Combine(folder, "import.db")};Pooling=false";
            raw = $"Data Source={Path.Combine(folder, "raw.db")};Pooling=false";
            try
            {
                await PrepareAsync(Settings("Sqlite", imported), ct);
                File.Copy(Path.Combine(folder, "import.db"), Path.Combine(folder, "raw.db"));
                return await RunAsync(Settings("Sqlite", imported), Settings("Sqlite", raw), result.GetValue(cases), result.GetValue(contacts), folder, ct);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static Dictionary<string, string?> Settings(string provider, string connection) =>
        new() { ["Database:Provider"] = provider, ["Database:ConnectionString"] = connection };

    internal static async Task PostgresAsync(string server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The database as a user finds it: migrated, with the demo city.</summary>
    private static async Task PrepareAsync(Dictionary<string, string?> settings, CancellationToken ct)
    {
        await using var platform = DatabaseCommands.BuildPlatform(settings, TimeProvider.System);
        await using var scope = platform.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoCity>().SeedAsync(outbreak: true, ct);
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> importSettings, Dictionary<string, string?> rawSettings, int caseCount, int contactCount, string folder,
        CancellationToken ct)
    {
        await using var platform = DatabaseCommands.BuildPlatform(importSettings, TimeProvider.System);
        List<string> communities;
        Jurisdiction city;
        long events, clocks;
        await using (var scope = platform.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Console.WriteLine($"database: {db.Database.ProviderName}; {Environment.ProcessorCount} cores, {Environment.OSVersion}");
            communities = await db.Regions.AsNoTracking().Where(r => r.Level == Domain.Regions.RegionLevel.Community && r.Path.StartsWith("/150000/150500/"))
                .OrderBy(r => r.Code).Select(r => r.Code).ToListAsync(ct);
            city = new Jurisdiction("150500", await db.Regions.Where(r => r.Code == "150500").Select(r => r.Path).SingleAsync(ct));
            events = await db.CaseEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            clocks = await db.Clocks.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        }
        var now = DateTimeOffset.UtcNow;
        // A file holds at most Limits.SheetRows rows: a larger list comes as several files, as a user would split it.
        var files = (Math.Max(caseCount, contactCount) + FileRows - 1) / FileRows;
        var casesFiles = Enumerable.Range(0, files).Select(f => (Path.Combine(folder, $"cases-{f}.csv"), f * FileRows, Math.Min(caseCount, (f + 1) * FileRows))).Where(f => f.Item2 < f.Item3).ToList();
        var contactsFiles = Enumerable.Range(0, files).Select(f => (Path.Combine(folder, $"contacts-{f}.csv"), f * FileRows, Math.Min(contactCount, (f + 1) * FileRows))).Where(f => f.Item2 < f.Item3).ToList();
        foreach (var (file, first, end) in casesFiles) await WriteCasesAsync(file, first, end, communities, now, ct);
        foreach (var (file, first, end) in contactsFiles) await WriteContactsAsync(file, first, end, caseCount, communities, now, ct);
        Console.WriteLine($"generated {caseCount:N0} cases in {casesFiles.Count} file(s) and {contactCount:N0} contacts in {contactsFiles.Count} file(s) as CSV");

        var caseImport = new Imported(TimeSpan.Zero, TimeSpan.Zero);
        foreach (var (file, _, _) in casesFiles) caseImport = caseImport.Add(await ImportAsync<CaseImport, CaseRecord>(platform, file, city, ct));
        Console.WriteLine($"cases imported in {caseImport.Time.TotalSeconds:F1} s (write transactions {caseImport.Write.TotalSeconds:F2} s)");
        var contactImport = new Imported(TimeSpan.Zero, TimeSpan.Zero);
        foreach (var (file, _, _) in contactsFiles) contactImport = contactImport.Add(await ImportAsync<ContactImport, CloseContact>(platform, file, city, ct));
        Console.WriteLine($"contacts imported in {contactImport.Time.TotalSeconds:F1} s (write transactions {contactImport.Write.TotalSeconds:F2} s)");

        // The rows the import stored, written again into the copy of the database taken before the import.
        await using var source = platform.CreateAsyncScope();
        var from = source.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var rawPlatform = DatabaseCommands.BuildPlatform(rawSettings, TimeProvider.System);
        await using var target = rawPlatform.CreateAsyncScope();
        var into = target.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var rawInsert = await RawInsert.BeginAsync(into, ct);
        var rawCases = await rawInsert.WriteAsync(from.Cases.AsNoTracking().Where(c => c.Id.StartsWith("BK")).OrderBy(c => c.Id), ct)
            + await rawInsert.WriteAsync(from.CaseEvents.AsNoTracking().Where(e => e.Id > events).OrderBy(e => e.Id), ct)
            + await rawInsert.WriteAsync(from.Clocks.AsNoTracking().Where(e => e.Id > clocks).OrderBy(e => e.Id), ct);
        var rawCaseTime = rawInsert.Elapsed;
        // A contact's checks are derived, not stored (issue 12): the import writes the contacts only.
        var rawContacts = await rawInsert.WriteAsync(from.Contacts.AsNoTracking().Where(c => c.Id.StartsWith("BM")).OrderBy(c => c.Id), ct);
        await rawInsert.CommitAsync(ct);
        var rawContactTime = rawInsert.Elapsed - rawCaseTime;

        Console.WriteLine();
        Report("cases", caseCount, caseImport, rawCases, rawCaseTime);
        Report("contacts", contactCount, contactImport, rawContacts, rawContactTime);
        var total = caseImport.Time + contactImport.Time;
        var ratio = (rawCaseTime + rawContactTime) / total;
        Console.WriteLine($"both files: {total.TotalSeconds:F1} s (target < 15 s for 100,000 cases + 300,000 contacts); raw {(rawCaseTime + rawContactTime).TotalSeconds:F1} s; import/raw rate ratio {ratio:F2} (goal ≥ 0.25)");
        return 0;
    }

    private const int FileRows = 150_000;

    private sealed record Imported(TimeSpan Time, TimeSpan Write)
    {
        public Imported Add(Imported other) => new(Time + other.Time, Write + other.Write);
    }

    private static async Task<Imported> ImportAsync<TImport, TItem>(IServiceProvider platform, string file, Jurisdiction city, CancellationToken ct)
        where TImport : LineListImport<TItem> where TItem : class
    {
        await using var scope = platform.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<TImport>();
        var watch = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        var result = await import.ImportAsync(stream, LineListFormat.Csv, Path.GetFileName(file), city, "city", ct);
        watch.Stop();
        if (!result.Ok) throw new InvalidOperationException($"{file}: {result.ErrorCount} errors, the first: {result.Errors[0]}");
        return new Imported(watch.Elapsed, import.WriteTime);
    }

    private static void Report(string what, int rows, Imported import, long rawRows, TimeSpan raw)
    {
        Console.WriteLine($"{what}: {rows:N0} rows imported in {import.Time.TotalSeconds:F1} s ({rows / import.Time.TotalSeconds:N0} rows/s; {rawRows:N0} rows stored with events and clocks), "
            + $"write transaction {import.Write.TotalSeconds:F2} s; raw insert of the same {rawRows:N0} rows {raw.TotalSeconds:F1} s ({rawRows / raw.TotalSeconds:N0} rows/s); "
            + $"ratio {raw / import.Time:F2}");
    }

    private static async Task WriteCasesAsync(string path, int from, int to, List<string> communities, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20201120 + from);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(string.Join(",", CaseColumns.Layout.Imported.Select(c => c.Header)));
        string[] classifications = ["确诊病例", "确诊病例", "无症状感染者", "疑似病例"];
        for (var i = from; i < to; i++)
        {
            ct.ThrowIfCancellationRequested();
            var region = communities[random.Next(communities.Count)];
            var first17 = $"{region[..6]}19{i % 90 + 10:D2}0{i % 9 + 1}1{i % 9}{i % 1000:D3}";
            // The last four weeks: the recent ones still have report clocks running.
            var reported = ChinaTime.Format(now.AddMinutes(-random.Next(1, 28 * 24 * 60)));
            var linked = i % 10 == 9 && i > from ? $"BK{i - 1:D7}" : "";
            await writer.WriteLineAsync(string.Join(",",
                $"BK{i:D7}", classifications[i % 4], "", $"病例{i}", first17 + ResidentId.CheckCharacter(first17), $"139{i:D8}", region,
                "", "", reported, "", "", linked.Length > 0 ? "关联病例" : "来源不明", "", linked));
        }
    }

    private static async Task WriteContactsAsync(string path, int from, int to, int caseCount, List<string> communities, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20201121 + from);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(string.Join(",", ContactColumns.Layout.Imported.Select(c => c.Header)));
        for (var i = from; i < to; i++)
        {
            ct.ThrowIfCancellationRequested();
            var region = communities[random.Next(communities.Count)];
            // Last contact within the last 12 days: each contact still has checks to come.
            var last = ChinaTime.Format(now.AddMinutes(-random.Next(60, 12 * 24 * 60)));
            var source = caseCount > 0 ? $"BK{random.Next(caseCount):D7}" : "";
            await writer.WriteLineAsync(string.Join(",", $"BM{i:D7}", $"密接{i}", "", $"138{i:D8}", region, source, "", last, "集中隔离点"));
        }
    }

    /// <summary>The baseline: rows written straight into the real tables in one transaction, timed while writing only.</summary>
    private sealed class RawInsert : IAsyncDisposable
    {
        private const int Chunk = 20_000;
        private readonly AppDbContext _db;
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly Stopwatch _watch = new();

        private RawInsert(AppDbContext db, DbConnection connection, DbTransaction transaction) => (_db, _connection, _transaction) = (db, connection, transaction);

        public TimeSpan Elapsed => _watch.Elapsed;

        public static async Task<RawInsert> BeginAsync(AppDbContext db, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            var connection = db.Database.GetDbConnection();
            return new RawInsert(db, connection, await connection.BeginTransactionAsync(ct));
        }

        public async Task<long> WriteAsync<T>(IQueryable<T> rows, CancellationToken ct) where T : class
        {
            var table = BulkTable.Of(_db, typeof(T));
            var buffer = new List<T>(Chunk);
            long written = 0;
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                buffer.Add(row);
                if (buffer.Count < Chunk) continue;
                written += await FlushAsync(table, buffer, ct);
            }
            return written + await FlushAsync(table, buffer, ct);
        }

        private async Task<int> FlushAsync<T>(BulkTable table, List<T> rows, CancellationToken ct) where T : class
        {
            var count = rows.Count;
            _watch.Start();
            if (_connection is NpgsqlConnection postgres)
            {
                await using var importer = await postgres.BeginBinaryImportAsync($"COPY {BulkTable.Quote(table.Table)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(ct);
                    for (var i = 0; i < table.Columns.Length; i++)
                    {
                        if (table.Value(i, row) is { } value) await importer.WriteAsync(value, table.StoreTypes[i], ct);
                        else await importer.WriteNullAsync(ct);
                    }
                }
                await importer.CompleteAsync(ct);
            }
            else
            {
                await using var command = (SqliteCommand)_connection.CreateCommand();
                command.Transaction = (SqliteTransaction)_transaction;
                command.CommandText = $"INSERT INTO {BulkTable.Quote(table.Table)} ({table.ColumnList}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
                for (var i = 0; i < table.Columns.Length; i++) command.Parameters.Add(new SqliteParameter($"@p{i}", null));
                command.Prepare();
                foreach (var row in rows)
                {
                    for (var i = 0; i < table.Columns.Length; i++) command.Parameters[i].Value = table.Value(i, row) ?? DBNull.Value;
                    await command.ExecuteNonQueryAsync(ct);
                }
            }
            _watch.Stop();
            rows.Clear();
            return count;
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            _watch.Start();
            await _transaction.CommitAsync(ct);
            _watch.Stop();
        }

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _db.Database.CloseConnectionAsync();
        }
    }
}
