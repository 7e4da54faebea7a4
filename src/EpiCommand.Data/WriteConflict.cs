using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EpiCommand.Data;

/// <summary>
/// A save refused because another transaction wrote the same rows at the same moment: a concurrency token that no longer
/// matches, or — on PostgreSQL, where writers wait for each other's row locks and then see the other's commit — a deadlock,
/// a serialization failure or a unique key taken meanwhile. Such a save is tried again from a fresh read, which then sees
/// the other's change and refuses with a conflict (409) instead of failing (500).
/// </summary>
public static class WriteConflict
{
    public static bool Is(DbUpdateException e) => e is DbUpdateConcurrencyException || e.InnerException is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
    };
}
