using System.Threading.Channels;
using EpiCommand.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// What one instance of the platform tells the others on the same PostgreSQL (issue 12 §2): "the facts changed", "the
/// picture changed". <see cref="FactsCache"/> and <see cref="PictureCache"/> publish on every invalidation and invalidate
/// themselves on what another instance published, so a case registered on one server shows on the others' home pages at
/// once rather than after the caches' maximum age. On SQLite (one process) nothing is sent.
/// </summary>
public sealed class ChangeSignals
{
    public const string Facts = "facts";
    public const string Picture = "picture";

    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>1 when a signal found the queue full: what was lost is unknown, so the sender tells the others "everything changed".</summary>
    private int _overflowed;

    /// <summary>This instance, so that it does not act on its own signals.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Whether signals are carried (a listener runs); otherwise <see cref="Publish"/> does nothing.</summary>
    public bool Carried { get; internal set; }

    /// <summary>A topic another instance published (or, after a reconnection, every topic: what was missed is unknown).</summary>
    public event Action<string>? Received;

    public void Publish(string topic)
    {
        if (Carried && !_outgoing.Writer.TryWrite(topic)) Interlocked.Exchange(ref _overflowed, 1);
    }

    /// <summary>Whether a signal was lost to a full queue since the last call (and so every topic must be sent).</summary>
    internal bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    internal ChannelReader<string> Outgoing => _outgoing.Reader;

    internal void Receive(string topic) => Received?.Invoke(topic);
}

/// <summary>
/// Carries <see cref="ChangeSignals"/> over PostgreSQL's LISTEN/NOTIFY: one unpooled connection listens, sends go through the
/// pool (several invalidations in a burst become one notification per topic). When the listening connection is lost, the
/// caches are invalidated (a signal may have been missed) and it reconnects; meanwhile the caches' maximum age bounds staleness.
/// </summary>
public sealed class PostgresChangeSignals(ChangeSignals signals, IOptions<DatabaseOptions> options, ILogger<PostgresChangeSignals> logger) : BackgroundService
{
    public const string Channel = "epicommand_changes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = options.Value.ConnectionString!;
        signals.Carried = true;
        await Task.WhenAll(ListenAsync(connectionString, stoppingToken), SendAsync(connectionString, stoppingToken));
    }

    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(unpooled);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) =>
                {
                    var separator = e.Payload.IndexOf(':');
                    if (separator > 0 && e.Payload[..separator] != signals.Instance) signals.Receive(e.Payload[(separator + 1)..]);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                // Whatever was published while this instance was not listening is unknown.
                signals.Receive(ChangeSignals.Facts);
                signals.Receive(ChangeSignals.Picture);
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for other instances' changes failed; trying again in 5 s (until then the caches expire on their own)");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(string connectionString, CancellationToken ct)
    {
        var topics = new HashSet<string>();
        try
        {
            while (await signals.Outgoing.WaitToReadAsync(ct))
            {
                topics.Clear();
                while (signals.Outgoing.TryRead(out var topic)) topics.Add(topic);
                if (signals.TakeOverflow())
                {
                    // Some signals (named cases) were lost: the others read everything.
                    topics.Add(ChangeSignals.Facts);
                    topics.Add(ChangeSignals.Picture);
                }
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(ct);
                    foreach (var topic in topics)
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", Channel);
                        notify.Parameters.AddWithValue("payload", $"{signals.Instance}:{topic}");
                        await notify.ExecuteNonQueryAsync(ct);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Telling other instances of a change failed; they see it when their caches expire");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
