using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.LineLists;

/// <summary>A problem with one cell: the spreadsheet's row number, the column's header and why. Row 0 is the file itself.</summary>
public sealed record LineListError(int Row, string Column, string Reason);

/// <summary>What an import came to: every row stored or found unchanged, or nothing stored and the errors (the first <see cref="LineListImport{TItem}.MaxErrors"/>).</summary>
public sealed record LineListImportResult(int Imported, int Unchanged, IReadOnlyList<LineListError> Errors, int ErrorCount)
{
    public bool Ok => ErrorCount == 0;
}

/// <summary>A row naming another record by its id; <see cref="InFile"/> when that record may also be a row of the same file.</summary>
public sealed record LineListReference(LineListColumn Column, string Id, bool InFile);

/// <summary>The errors of one import: all are counted, the first ones kept.</summary>
public sealed class LineListErrors(int limit)
{
    private readonly List<LineListError> _kept = [];

    public int Count { get; private set; }

    public IReadOnlyList<LineListError> Kept => _kept;

    public void Add(int row, string column, Text reason)
    {
        Count++;
        if (_kept.Count < limit) _kept.Add(new LineListError(row, column, reason.ToString()));
    }
}

/// <summary>One row of a line list, its cells found by column, and the errors reported on it (one per column).</summary>
public sealed class LineListRow(SheetRow sheet, IReadOnlyDictionary<LineListColumn, int> positions, LineListErrors errors)
{
    private HashSet<LineListColumn>? _failed;

    public int Number => sheet.Number;

    /// <summary>The cell's text, trimmed; null when the cell or the column is empty or absent.</summary>
    public string? this[LineListColumn column] =>
        positions.TryGetValue(column, out var i) && i < sheet.Cells.Count && sheet.Cells[i] is { } text && text.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    public bool HasErrors => _failed is { Count: > 0 };

    /// <summary>Reports a problem with a cell; the first reason given for a column is the one the user sees.</summary>
    public void Error(LineListColumn column, Text reason)
    {
        if ((_failed ??= []).Add(column)) errors.Add(Number, column.Header, reason);
    }
}

/// <summary>The regions of a jurisdiction and those above it, loaded once per import instead of one query per row.</summary>
public sealed class RegionIndex
{
    private readonly AppDbContext _db;
    private readonly Jurisdiction _jurisdiction;
    private readonly Dictionary<string, Region> _regions;
    private readonly Dictionary<string, RegionAccess> _others = [];

    private RegionIndex(AppDbContext db, Jurisdiction jurisdiction, Dictionary<string, Region> regions) => (_db, _jurisdiction, _regions) = (db, jurisdiction, regions);

    public static async Task<RegionIndex> LoadAsync(AppDbContext db, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var above = jurisdiction.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(jurisdiction.Path) || above.Contains(r.Code)).ToDictionaryAsync(r => r.Code, ct);
        return new RegionIndex(db, jurisdiction, regions);
    }

    public IReadOnlyDictionary<string, Region> Regions => _regions;

    /// <summary>A code not in the jurisdiction is looked up once, to tell an unknown code from one outside the jurisdiction.</summary>
    public async ValueTask<(RegionAccess Access, Region? Region)> FindAsync(string code, CancellationToken ct)
    {
        if (_regions.TryGetValue(code, out var region) && _jurisdiction.Covers(region)) return (RegionAccess.Allowed, region);
        if (!_others.TryGetValue(code, out var access))
        {
            access = (await _jurisdiction.FindRegionAsync(_db, code, ct)).Access;
            _others[code] = access;
        }
        return (access, null);
    }

    /// <summary>The county a place within the jurisdiction lies in, or null for a place above county level.</summary>
    public Region? CountyOf(string path)
    {
        foreach (var code in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (_regions.TryGetValue(code, out var region) && region.Level == RegionLevel.County) return region;
        }
        return null;
    }
}

/// <summary>
/// Imports a line list (requirements J4) in one read of the file, then one short write (issue 12 §3). While the file is
/// read, every row is checked against the rules and what is stored, and the records of the new rows are written into
/// staging tables (<see cref="BulkStage"/>) that take no lock on the real tables: other users' writes go on meanwhile. A
/// file with any bad row stores nothing: the staging tables are dropped and every error is reported. A clean file is
/// then moved into the real tables by one set-based insert per table in one short transaction. A row whose id is
/// stored with the same data changes nothing, and one stored with other data is an error, so importing a file twice
/// changes nothing and never overwrites an edit. Only a batch of rows is held at a time; what stays for the whole file
/// is the set of its ids.
/// </summary>
public abstract class LineListImport<TItem>(AppDbContext db, TimeProvider clock) where TItem : class
{
    public const int BatchSize = 500;
    public const int MaxErrors = 1000;
    private const int HeaderSearchRows = 10;

    /// <summary>
    /// How often a file is read again when someone else stored one of its ids between the check and the write (the
    /// insert skipped it): the next read finds it stored, as unchanged or as an error.
    /// </summary>
    private const int Attempts = 3;

    /// <summary>Who imports what, and when: the same for both passes.</summary>
    protected sealed record ImportContext(Jurisdiction Jurisdiction, string User, string FileName, LineListFormat Format, DateTimeOffset Now, LineListDateOrder Dates);

    protected ImportContext Context { get; private set; } = default!;

    protected AppDbContext Db => db;

    /// <summary>Where <see cref="Add"/> puts the records of new rows until the file has been checked.</summary>
    protected BulkStage Stage { get; private set; } = default!;

    public abstract LineListLayout Layout { get; }

    /// <summary>How long the last import's write transaction took: what other writers may have waited for (bench-import reports it).</summary>
    public TimeSpan WriteTime { get; private set; }

    /// <summary>
    /// The tables an import writes, parents first; <c>AllNew</c> when each staged row must go in (a record with an id
    /// of the file), false when a row already stored is skipped on purpose (a clock running for its subject).
    /// </summary>
    protected abstract IReadOnlyList<(Type Type, bool AllNew)> Tables { get; }

    /// <summary>Loads what the rows are checked against (regions, settings…), once per reading of the file.</summary>
    protected abstract Task PrepareAsync(CancellationToken ct);

    /// <summary>The record a row describes, or null when the row has errors (reported on the row).</summary>
    protected abstract ValueTask<TItem?> ParseAsync(LineListRow row, CancellationToken ct);

    protected abstract string IdOf(TItem item);

    protected abstract IEnumerable<LineListReference> ReferencesOf(TItem item);

    /// <summary>Those of <paramref name="ids"/>, named in <paramref name="column"/>, that are stored and may be referred to.</summary>
    protected abstract Task<IReadOnlySet<string>> StoredReferencesAsync(LineListColumn column, IReadOnlyList<string> ids, CancellationToken ct);

    protected abstract Text MissingReference(LineListReference reference);

    /// <summary>For each row of the batch, whether its record is stored already with the same data; a row stored with other data gets an error.</summary>
    protected abstract Task<bool[]> MatchStoredAsync(IReadOnlyList<(LineListRow Row, TItem Item)> batch, CancellationToken ct);

    /// <summary>Stages a new record with its events, clocks or checks (<see cref="Stage"/>); the import writes them when the whole file is clean.</summary>
    protected abstract void Add(TItem item);

    /// <summary>Runs after the transaction committed.</summary>
    protected virtual void Imported() { }

    /// <summary>The API name of a term (a Chinese word of the line list, or the API name itself); an unknown word is reported in the line list's words.</summary>
    protected static string? Term<T>(LineListRow row, LineListColumn column, LineListTerms<T> terms, bool required = false) where T : struct, Enum
    {
        if (row[column] is not { } text)
        {
            if (required) row.Error(column, Messages.RequiredOneOf(terms.Labels));
            return null;
        }
        if (terms.TryParse(text, out var value)) return EnumNames.Of(value);
        row.Error(column, Messages.OneOf(text, terms.Labels));
        return null;
    }

    /// <summary>The resident ID of the row, with a hint when Excel has turned it into a number (1.50523E+17) and dropped its last digits.</summary>
    protected static string? IdNumber(LineListRow row, LineListColumn column)
    {
        var text = row[column];
        if (text is not null && text.Contains('E', StringComparison.OrdinalIgnoreCase) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            row.Error(column, Messages.IdTurnedIntoNumber(text));
        }
        return text;
    }

    /// <summary>A time of the row; in an .xlsx also an Excel date cell.</summary>
    protected DateTimeOffset? Time(LineListRow row, LineListColumn column)
    {
        if (row[column] is not { } text) return null;
        if (LineListTimes.TryParse(text, Context.Format == LineListFormat.Xlsx, Context.Dates, out var instant)) return instant;
        row.Error(column, Context.Dates == LineListDateOrder.YearFirst ? Messages.NotATime(text) : Messages.NotATimeIn(text, LineListTimes.NameOf(Context.Dates)));
        return null;
    }

    /// <summary>Imports a seekable file (a form upload, or a temporary copy of one).</summary>
    public async Task<LineListImportResult> ImportAsync(Stream file, LineListFormat format, string fileName, Jurisdiction jurisdiction, string user, CancellationToken ct,
        LineListDateOrder dates = LineListDateOrder.YearFirst)
    {
        Context = new ImportContext(jurisdiction, user, Path.GetFileName(fileName), format, clock.GetUtcNow(), dates);
        for (var attempt = 1; ; attempt++)
        {
            await PrepareAsync(ct);
            await using var stage = await BulkStage.CreateAsync(db, Tables.Select(t => t.Type).ToList(), ct);
            Stage = stage;
            // Read, checked and staged with no transaction on the real tables open.
            var checkedFile = await PassAsync(file, format, ct);
            if (!checkedFile.Ok || checkedFile.Imported == 0) return checkedFile;

            await stage.FlushAsync(ct);
            var writing = System.Diagnostics.Stopwatch.StartNew();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var inserted = await stage.CopyAsync(transaction, ct);
            if (Tables.All(t => !t.AllNew || inserted[t.Type] == stage.Staged(t.Type)))
            {
                await transaction.CommitAsync(ct);
                WriteTime = writing.Elapsed;
                Imported();
                return checkedFile;
            }
            // Someone stored one of the file's ids since it was checked: nothing of this attempt is kept.
            await transaction.RollbackAsync(ct);
            if (attempt == Attempts) throw new InvalidOperationException($"the ids of '{fileName}' kept being stored by others while it was imported");
        }
    }

    private async Task<LineListImportResult> PassAsync(Stream file, LineListFormat format, CancellationToken ct)
    {
        var errors = new LineListErrors(MaxErrors);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(int Row, LineListReference Reference)>();
        int imported = 0, unchanged = 0;
        file.Position = 0;
        try
        {
            using var rows = SheetReader.Read(file, format, ct).GetEnumerator();
            var positions = ReadHeader(rows, errors);
            if (positions is null) return Result(0, 0, errors);
            var batch = new List<(LineListRow Row, TItem Item)>(BatchSize);
            while (rows.MoveNext())
            {
                if (rows.Current.IsEmpty) continue;
                var row = new LineListRow(rows.Current, positions, errors);
                if (row[Layout.Id] is { } id && !ids.TryAdd(id, row.Number)) row.Error(Layout.Id, Messages.IdTwice(id, ids[id]));
                var item = await ParseAsync(row, ct);
                if (item is null || row.HasErrors) continue;
                batch.Add((row, item));
                if (batch.Count < BatchSize) continue;
                (imported, unchanged) = await BatchAsync(batch, ids, pending, errors.Count == 0, imported, unchanged, ct);
            }
            (imported, unchanged) = await BatchAsync(batch, ids, pending, errors.Count == 0, imported, unchanged, ct);
        }
        catch (Exception e) when (e is UnreadableSheetException or System.Xml.XmlException or InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            errors.Add(0, "", e is UnreadableSheetException unreadable ? unreadable.Reason : Messages.FileUnreadable(e.Message));
        }
        foreach (var (row, reference) in pending.Where(p => !(p.Reference.InFile && ids.ContainsKey(p.Reference.Id))))
        {
            errors.Add(row, reference.Column.Header, MissingReference(reference));
        }
        return Result(imported, unchanged, errors);
    }

    /// <summary>Checks a batch against what is stored and stages its new records; once the file has an error, nothing more is staged (it will all be dropped).</summary>
    private async Task<(int Imported, int Unchanged)> BatchAsync(List<(LineListRow Row, TItem Item)> batch, Dictionary<string, int> ids,
        List<(int Row, LineListReference Reference)> pending, bool store, int imported, int unchanged, CancellationToken ct)
    {
        if (batch.Count == 0) return (imported, unchanged);
        var same = await MatchStoredAsync(batch, ct);
        List<(LineListRow Row, LineListReference Reference)> open = [];
        for (var i = 0; i < batch.Count; i++)
        {
            var (row, item) = batch[i];
            if (row.HasErrors) continue;
            if (same[i])
            {
                unchanged++;
                continue;
            }
            imported++;
            if (store) Add(item);
            open.AddRange(ReferencesOf(item).Where(r => !(r.InFile && ids.ContainsKey(r.Id))).Select(r => (row, r)));
        }
        // A reference not found yet may still be a later row of the file: it is settled when the whole file has been read.
        foreach (var byColumn in open.GroupBy(o => o.Reference.Column))
        {
            var stored = await StoredReferencesAsync(byColumn.Key, byColumn.Select(o => o.Reference.Id).Distinct().ToList(), ct);
            pending.AddRange(byColumn.Where(o => !stored.Contains(o.Reference.Id)).Select(o => (o.Row.Number, o.Reference)));
        }
        if (store) await Stage.FlushIfFullAsync(ct);
        batch.Clear();
        return (imported, unchanged);
    }

    /// <summary>
    /// The header row: the first of the first rows that names the id column, so that a title above the table is
    /// allowed. Every header must be a column of the layout; every required column must be there.
    /// </summary>
    private Dictionary<LineListColumn, int>? ReadHeader(IEnumerator<SheetRow> rows, LineListErrors errors)
    {
        for (var looked = 0; looked < HeaderSearchRows && rows.MoveNext(); looked++)
        {
            var headers = rows.Current.Cells.Select(h => h is null ? "" : string.Concat(h.Where(c => !char.IsWhiteSpace(c)))).ToList();
            if (!headers.Any(Layout.Id.Answers)) continue;
            var number = rows.Current.Number;
            var positions = new Dictionary<LineListColumn, int>();
            for (var i = 0; i < headers.Count; i++)
            {
                if (headers[i].Length == 0) continue;
                var column = Layout.Columns.Concat(Layout.ImportOnly).FirstOrDefault(c => c.Answers(headers[i]));
                if (column is null) errors.Add(number, headers[i], Messages.UnknownColumn(headers[i]));
                else if (!positions.TryAdd(column, i)) errors.Add(number, headers[i], Messages.ColumnTwice);
            }
            foreach (var missing in Layout.Imported.Where(c => c.Required && !positions.ContainsKey(c))) errors.Add(number, missing.Header, Messages.ColumnMissing);
            return errors.Count > 0 ? null : positions;
        }
        errors.Add(1, Layout.Id.Header, Messages.NoHeaderRow(Layout.Id.Header, HeaderSearchRows));
        return null;
    }

    private LineListImportResult Result(int imported, int unchanged, LineListErrors errors)
    {
        var order = Layout.Columns.Concat(Layout.ImportOnly).Select((c, i) => (c.Header, i)).ToDictionary(c => c.Header, c => c.i);
        var sorted = errors.Kept.OrderBy(e => e.Row).ThenBy(e => order.GetValueOrDefault(e.Column, int.MaxValue)).ToList();
        return new LineListImportResult(imported, unchanged, sorted, errors.Count);
    }
}
