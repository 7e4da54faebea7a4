using System.Text.Json;
using System.Text.Encodings.Web;
using EpiCommand.Domain.Response;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Response;

/// <summary>What to write into the audit trail about one change.</summary>
public sealed record AuditRecord(string Action, string SubjectType, string SubjectId, object Data, string? RegionPath = null);

/// <summary>
/// Appends to the hash-chained audit trail (requirements J2) in the same transaction as the change it records, so that a
/// change and its entry are stored together or not at all. The database orders the chain: the sequence is the primary key,
/// so of two writers (two requests, two instances of the platform) that read the same head, one inserts and the other's
/// insert fails; that one reads the new head and links after it, within its own transaction. On PostgreSQL appenders also queue
/// on a transaction-scoped advisory lock taken just before the head is read, so that many at once do not retry in turn
/// (SQLite serialises writing transactions itself). No lock is held in the process.
/// </summary>
public static class AuditLog
{
    /// <summary>How often an append is retried after another writer took the same sequence number.</summary>
    private const int MaxAttempts = 50;

    /// <summary>The advisory lock key of the chain's head on PostgreSQL (any constant the platform uses for nothing else).</summary>
    private const long ChainHeadLock = 0x45_70_69_41_75_64_69_74; // "EpiAudit"

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Saves every pending change of <paramref name="db"/> and the audit entries <paramref name="records"/> describes, in one
    /// transaction. <paramref name="records"/> is called after the change is saved, so that new rows already have their ids.
    /// </summary>
    public static async Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, Func<IEnumerable<AuditRecord>> records, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Released at commit or rollback; held only while the entries are linked and stored.
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainHeadLock})", ct);
        }
        var at = AuditChain.Truncate(now);
        // Signed with the current audit key; without one (a development platform that configured none) a plain SHA-256 link.
        var keyId = db.AuditKeys.CurrentKeyId;
        var key = db.AuditKeys.CurrentKey;
        var pending = records().Select(r => (Record: r, Data: r.Data as string ?? JsonSerializer.Serialize(r.Data, Json))).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var added = new List<AuditEntry>();
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditChain.Genesis;
            foreach (var (record, data) in pending)
            {
                sequence++;
                var hash = key is null
                    ? AuditChain.Hash(sequence, at, actor, record.Action, record.SubjectType, record.SubjectId, data, previous)
                    : AuditChain.Mac(key, keyId!, sequence, at, actor, record.Action, record.SubjectType, record.SubjectId, data, previous);
                var entry = new AuditEntry
                {
                    Sequence = sequence, At = at, Actor = actor, Action = record.Action, SubjectType = record.SubjectType, SubjectId = record.SubjectId,
                    Data = data, PreviousHash = previous, Hash = hash, KeyId = keyId, RegionPath = record.RegionPath,
                };
                db.AuditEntries.Add(entry);
                added.Add(entry);
                previous = hash;
            }
            try
            {
                // Within a transaction EF saves behind a savepoint: a refused insert leaves the change above in place.
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && TookSequence(e))
            {
                // Another writer appended at the same head; link after its entries.
                foreach (var entry in added) db.Entry(entry).State = EntityState.Detached;
            }
            catch
            {
                // Leave the context as it was: the entries of a failed save must not ride along with a later one.
                foreach (var entry in added) db.Entry(entry).State = EntityState.Detached;
                throw;
            }
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>Only an audit entry was refused, for a sequence number another writer stored first.</summary>
    private static bool TookSequence(DbUpdateException e) =>
        e.Entries.All(x => x.Entity is AuditEntry) && e.InnerException switch
        {
            Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
            Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
            _ => false,
        };

    public static Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, IEnumerable<AuditRecord> records, CancellationToken ct)
    {
        var list = records.ToList();
        return SaveChangesAsync(db, actor, now, () => list, ct);
    }

    public static Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, AuditRecord record, CancellationToken ct) =>
        SaveChangesAsync(db, actor, now, [record], ct);

    /// <summary>
    /// Verifies the whole chain, streaming it in sequence order, with the context's audit keys and against
    /// <paramref name="checkpoints"/> (read from outside the database); returns the first break (null when it holds) and how
    /// many entries were read.
    /// </summary>
    public static (AuditBreak? Break, long Entries) Verify(AppDbContext db, IReadOnlyCollection<AuditCheckpoint>? checkpoints = null)
    {
        long count = 0;
        var links = db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable()
            .Select(e => { count++; return new AuditLink(e.Sequence, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Data, e.PreviousHash, e.Hash, e.KeyId); });
        var result = AuditChain.Verify(links, db.AuditKeys.Find, checkpoints ?? []);
        return (result, count);
    }

    /// <summary>The advisory lock key of the checkpoint writer on PostgreSQL: one instance at a time writes a checkpoint.</summary>
    private const long CheckpointLock = 0x45_70_69_43_68_65_63_6B; // "EpiCheck"

    /// <summary>
    /// Appends the chain's head to the checkpoint file when it moved since the last line (issue 13 §audit), and returns it; null
    /// when there is nothing new or another instance holds the checkpoint lock (on PostgreSQL; SQLite has a single instance).
    /// </summary>
    public static async Task<AuditCheckpoint?> CheckpointAsync(AppDbContext db, AuditCheckpointFile file, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Held until the line is written and the transaction ends: two instances never append to the file at once.
            var held = await db.Database.SqlQueryRaw<bool>($"SELECT pg_try_advisory_xact_lock({CheckpointLock}) AS \"Value\"").SingleAsync(ct);
            if (!held) return null;
        }
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        if (file.Last() is { } last && last.Entries == head.Sequence && last.Head == head.Hash) return null;
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Hash, AuditChain.Truncate(now));
        file.Append(checkpoint);
        await transaction.CommitAsync(ct);
        return checkpoint;
    }
}
