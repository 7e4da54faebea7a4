using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EpiCommand.Data;

/// <summary>
/// The columns of an entity's table as a bulk write fills them (issue 12 §3): every mapped property but a key the database
/// generates, each with its column name and a compiled getter that gives the value the provider stores (EF's own value
/// converters: enums as names, instants as ticks on SQLite, lists as JSON on SQLite or arrays on PostgreSQL).
/// </summary>
public sealed class BulkTable
{
    private readonly Func<object, object?>[] _values;

    private BulkTable(string table, string[] columns, string[] storeTypes, Func<object, object?>[] values) =>
        (Table, Columns, StoreTypes, _values) = (table, columns, storeTypes, values);

    public string Table { get; }

    public string[] Columns { get; }

    /// <summary>The PostgreSQL type names without their facets (<c>character varying</c>, <c>text[]</c>), as a binary COPY names them.</summary>
    public string[] StoreTypes { get; }

    public static BulkTable Of(AppDbContext db, Type clrType)
    {
        var entity = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long))).ToList();
        var columns = properties.Select(p => p.GetColumnName(store)!).ToArray();
        var types = properties.Select(p => StoreTypeName(p.GetRelationalTypeMapping().StoreType)).ToArray();
        var values = properties.Select(p =>
        {
            var getter = p.GetGetter();
            var converter = p.GetRelationalTypeMapping().Converter;
            return converter is null
                ? (Func<object, object?>)getter.GetClrValueUsingContainingEntity
                : entity => getter.GetClrValueUsingContainingEntity(entity) is { } value ? converter.ConvertToProvider(value) : null;
        }).ToArray();
        return new BulkTable(table, columns, types, values);
    }

    public object? Value(int column, object entity) => _values[column](entity);

    public string ColumnList => string.Join(", ", Columns.Select(Quote));

    public static string Quote(string name) => $"\"{name.Replace("\"", "\"\"")}\"";

    private static string StoreTypeName(string storeType)
    {
        var open = storeType.IndexOf('(');
        if (open < 0) return storeType;
        var close = storeType.IndexOf(')', open);
        return (storeType[..open] + storeType[(close + 1)..]).Trim();
    }
}

/// <summary>
/// A bulk write in two steps (issue 12 §3). Rows are first written into temporary staging tables of the context's
/// connection — on SQLite with prepared INSERT statements reused in batches, each batch in a transaction of the temporary
/// database only; on PostgreSQL with binary COPY — which takes no lock on the real tables, so other users' writes go on
/// while a file is read and checked. Then <see cref="CopyAsync"/>, in the caller's short transaction, moves each staging
/// table into its real table with one set-based INSERT … SELECT … ON CONFLICT DO NOTHING, and says how many rows went in.
/// The staging tables are dropped on disposal. The context's connection stays open from creation to disposal.
/// </summary>
public sealed class BulkStage : IAsyncDisposable
{
    /// <summary>Rows held before they are written to the staging tables.</summary>
    public const int FlushRows = 10_000;

    private readonly AppDbContext _db;
    private readonly DbConnection _connection;
    private readonly bool _postgres;
    private readonly List<(Type Type, BulkTable Table, List<object> Rows)> _tables;
    private readonly Dictionary<Type, int> _staged = [];
    private int _held;
    private Dictionary<Type, SqliteCommand>? _inserts;

    private BulkStage(AppDbContext db, DbConnection connection, List<(Type, BulkTable, List<object>)> tables)
    {
        _db = db;
        _connection = connection;
        _postgres = connection is NpgsqlConnection;
        _tables = tables;
    }

    /// <summary>Opens the context's connection and creates a staging table for each type, in the order they are copied (parents first).</summary>
    public static async Task<BulkStage> CreateAsync(AppDbContext db, IReadOnlyList<Type> types, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var stage = new BulkStage(db, db.Database.GetDbConnection(), types.Select(t => (t, BulkTable.Of(db, t), new List<object>())).ToList());
        try
        {
            foreach (var (_, table, _) in stage._tables)
            {
                await stage.ExecuteAsync($"DROP TABLE IF EXISTS {stage.Staging(table)}", null, ct);
                await stage.ExecuteAsync(stage._postgres
                    ? $"CREATE TEMP TABLE {StagingName(table)} AS SELECT {table.ColumnList} FROM {BulkTable.Quote(table.Table)} WITH NO DATA"
                    : $"CREATE TEMP TABLE {StagingName(table)} AS SELECT {table.ColumnList} FROM main.{BulkTable.Quote(table.Table)} WHERE 0", null, ct);
            }
        }
        catch
        {
            await stage.DisposeAsync();
            throw;
        }
        return stage;
    }

    private static string StagingName(BulkTable table) => BulkTable.Quote("stage_" + table.Table);

    /// <summary>The staging table, named so that SQLite never takes it for a table of the main database.</summary>
    private string Staging(BulkTable table) => _postgres ? StagingName(table) : $"temp.{StagingName(table)}";

    /// <summary>Rows staged so far of one type.</summary>
    public int Staged(Type type) => _staged.GetValueOrDefault(type);

    public void Add<T>(T row) where T : class
    {
        foreach (var (type, _, rows) in _tables)
        {
            if (type != typeof(T)) continue;
            rows.Add(row);
            _held++;
            _staged[type] = _staged.GetValueOrDefault(type) + 1;
            return;
        }
        throw new InvalidOperationException($"{typeof(T).Name} is not staged");
    }

    /// <summary>Writes the rows held when there are enough of them.</summary>
    public Task FlushIfFullAsync(CancellationToken ct) => _held >= FlushRows ? FlushAsync(ct) : Task.CompletedTask;

    /// <summary>Writes the rows held into the staging tables.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_held == 0) return;
        if (_postgres) await CopyInAsync(ct);
        else await InsertAsync(ct);
        foreach (var (_, _, rows) in _tables) rows.Clear();
        _held = 0;
    }

    private async Task CopyInAsync(CancellationToken ct)
    {
        var connection = (NpgsqlConnection)_connection;
        foreach (var (_, table, rows) in _tables)
        {
            if (rows.Count == 0) continue;
            await using var importer = await connection.BeginBinaryImportAsync($"COPY {StagingName(table)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
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
    }

    private async Task InsertAsync(CancellationToken ct)
    {
        var connection = (SqliteConnection)_connection;
        // Only the temporary database is written: a deferred transaction (not Microsoft.Data.Sqlite's default BEGIN IMMEDIATE,
        // which takes the write lock of every attached database, main included) locks no more than what it writes.
        await using var transaction = connection.BeginTransaction(deferred: true);
        _inserts ??= _tables.ToDictionary(t => t.Type, t =>
        {
            var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {Staging(t.Table)} ({t.Table.ColumnList}) VALUES ({string.Join(", ", t.Table.Columns.Select((_, i) => $"@p{i}"))})";
            for (var i = 0; i < t.Table.Columns.Length; i++) command.Parameters.Add(new SqliteParameter($"@p{i}", null));
            return command;
        });
        foreach (var (type, table, rows) in _tables)
        {
            if (rows.Count == 0) continue;
            var command = _inserts[type];
            command.Transaction = transaction;
            command.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < table.Columns.Length; i++) command.Parameters[i].Value = table.Value(i, row) ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Moves every staging table into its real table, in the order given at creation, inside <paramref name="transaction"/>
    /// (after <see cref="FlushAsync"/>);
    /// a row whose key or unique index is taken already is skipped. The rows that went in, by type.
    /// </summary>
    public async Task<IReadOnlyDictionary<Type, int>> CopyAsync(IDbContextTransaction transaction, CancellationToken ct)
    {
        // Staging writes have transactions of their own, which SQLite cannot nest in the caller's: flush first.
        if (_held > 0) throw new InvalidOperationException("the staged rows must be flushed before the transaction begins");
        var inserted = new Dictionary<Type, int>();
        foreach (var (type, table, _) in _tables)
        {
            var source = Staging(table);
            var target = _postgres ? BulkTable.Quote(table.Table) : $"main.{BulkTable.Quote(table.Table)}";
            // "WHERE 1=1" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
            inserted[type] = await ExecuteAsync($"INSERT INTO {target} ({table.ColumnList}) SELECT {table.ColumnList} FROM {source} WHERE 1=1 ON CONFLICT DO NOTHING",
                transaction.GetDbTransaction(), ct);
        }
        return inserted;
    }

    private async Task<int> ExecuteAsync(string sql, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 600;
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts?.Values.ToList() ?? []) await command.DisposeAsync();
        try
        {
            foreach (var (_, table, _) in _tables) await ExecuteAsync($"DROP TABLE IF EXISTS {Staging(table)}", null, CancellationToken.None);
        }
        catch (DbException)
        {
            // The connection is gone or broken: its temporary tables went with it.
        }
        await _db.Database.CloseConnectionAsync();
    }
}
