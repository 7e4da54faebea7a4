using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// Once at start, gives the records about a person that have none the keys of their ID number and phone (issue 12 §1): rows
/// written before the keys existed, or by hand in SQL, or after the key was changed and the key columns cleared. Every save
/// through the platform fills them itself (<see cref="AppDbContext"/>), so after the first start this finds nothing. In batches,
/// each its own short transaction, so that users' writes are not held back.
/// </summary>
public sealed class LookupBackfill(IServiceScopeFactory scopes, ILogger<LookupBackfill> logger) : BackgroundService
{
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var filled = await FillAsync(scopes, db => db.Cases, stoppingToken)
                + await FillAsync(scopes, db => db.Contacts, stoppingToken)
                + await FillAsync(scopes, db => db.KeyPeople, stoppingToken);
            if (filled > 0) logger.LogInformation("Gave {Count} records the keys of their ID number and phone", filled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Searching by ID number or phone misses these rows until the next start; nothing else depends on it.
            logger.LogWarning(e, "Filling the ID-number and phone lookups stopped; it resumes at the next start");
        }
    }

    /// <summary>Fills the missing keys of <paramref name="set"/>'s rows; the number of rows it gave keys.</summary>
    public static async Task<int> FillAsync<T>(IServiceScopeFactory scopes, Func<AppDbContext, DbSet<T>> set, CancellationToken ct) where T : class, IPersonLookup
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await set(db)
                .Where(r => (EF.Property<string?>(r, nameof(IPersonLookup.ResidentId)) != null && EF.Property<string?>(r, nameof(IPersonLookup.ResidentIdKey)) == null)
                    || (EF.Property<string?>(r, nameof(IPersonLookup.Phone)) != null && EF.Property<string?>(r, nameof(IPersonLookup.PhoneKey)) == null))
                .Take(Batch).ToListAsync(ct);
            if (rows.Count == 0) return total;
            foreach (var row in rows) db.PersonLookup.Fill(row);
            await db.SaveChangesAsync(ct);
            total += rows.Count;
        }
    }
}
