using System.Collections.Concurrent;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Read-your-writes for a cache that may show a reader its previous state while a newer one is built (issue 12 §2): the
/// version of the cache that each signed-in session's own last write made, so that its next read waits for that version
/// while everyone else may be shown the one before. A session is one sign-in (<see cref="ClaimNames.Session"/>), so two
/// people sharing an account, or one person's two sign-ins, do not wait for each other's writes. One per cache (the versions
/// are the cache's own); in memory, per instance.
/// </summary>
public sealed class SessionWrites(IHttpContextAccessor http)
{
    /// <summary>Sessions remembered at most; beyond, all are forgotten and every session must see at least the version then.</summary>
    private const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<string, long> _writes = new(StringComparer.Ordinal);
    private long _floor;

    private string? Session =>
        http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user.FindFirst(ClaimNames.Session)?.Value ?? user.Identity.Name : null;

    /// <summary>The calling session wrote, and the cache is now at <paramref name="version"/>.</summary>
    public void Wrote(long version)
    {
        if (Session is not { } session) return;
        if (_writes.Count >= MaxSessions)
        {
            Interlocked.Exchange(ref _floor, version);
            _writes.Clear();
        }
        _writes[session] = version;
    }

    /// <summary>The least version the calling session may be shown: that of its own last write (0 when none).</summary>
    public long Own()
    {
        var floor = Interlocked.Read(ref _floor);
        return Session is { } session && _writes.TryGetValue(session, out var version) ? Math.Max(version, floor) : floor;
    }
}
