using System.Text.Json;
using System.Text.Encodings.Web;
using EpiCommand.Domain.Response;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Response;

/// <summary>What to write into the audit trail about one change.</summary>
public sealed record AuditRecord(string Action, string SubjectType, string SubjectId, object Data, string? RegionPath = null);

/// <summary>
/// Appends to the hash-chained audit trail (requirements J2) in the same <c>SaveChanges</c> as the change it records,
/// so that a change and its entry are stored together or not at all. Appends are serialised within the process; the
/// sequence is the primary key, so a second instance appending at the same moment fails instead of forking the chain.
/// </summary>
public static class AuditLog
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Saves every pending change of <paramref name="db"/> and the audit entries <paramref name="records"/> describes, in one
    /// transaction. <paramref name="records"/> is called after the change is saved, so that new rows already have their ids.
    /// </summary>
    public static async Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, Func<IEnumerable<AuditRecord>> records, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        var added = new List<AuditEntry>();
        try
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.SaveChangesAsync(ct);
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditChain.Genesis;
            var at = AuditChain.Truncate(now);
            foreach (var record in records())
            {
                sequence++;
                var data = record.Data as string ?? JsonSerializer.Serialize(record.Data, Json);
                var hash = AuditChain.Hash(sequence, at, actor, record.Action, record.SubjectType, record.SubjectId, data, previous);
                var entry = new AuditEntry
                {
                    Sequence = sequence, At = at, Actor = actor, Action = record.Action, SubjectType = record.SubjectType, SubjectId = record.SubjectId,
                    Data = data, PreviousHash = previous, Hash = hash, RegionPath = record.RegionPath,
                };
                db.AuditEntries.Add(entry);
                added.Add(entry);
                previous = hash;
            }
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch
        {
            // Leave the context as it was: the entries of a failed save must not ride along with a later one.
            foreach (var entry in added) db.Entry(entry).State = EntityState.Detached;
            throw;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, IEnumerable<AuditRecord> records, CancellationToken ct)
    {
        var list = records.ToList();
        return SaveChangesAsync(db, actor, now, () => list, ct);
    }

    public static Task SaveChangesAsync(AppDbContext db, string actor, DateTimeOffset now, AuditRecord record, CancellationToken ct) =>
        SaveChangesAsync(db, actor, now, [record], ct);

    /// <summary>Verifies the whole chain, streaming it in sequence order; returns the first break (null when it holds) and how many entries were read.</summary>
    public static (AuditBreak? Break, long Entries) Verify(AppDbContext db)
    {
        long count = 0;
        var links = db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable()
            .Select(e => { count++; return new AuditLink(e.Sequence, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Data, e.PreviousHash, e.Hash); });
        var result = AuditChain.Verify(links);
        return (result, count);
    }
}
