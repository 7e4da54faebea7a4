using System.Threading.Channels;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;

namespace EpiCommand.Web.Response;

/// <summary>
/// Asks for the engine's recommendations to be compared again with the responses in force (C5): after the facts change
/// (<see cref="FactsCache.Invalidated"/>) and after a response changes. Requests made while a refresh is pending collapse into one.
/// </summary>
public sealed class RecommendationSignal
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public RecommendationSignal(FactsCache facts) => facts.Invalidated += Request;

    public void Request() => _requests.Writer.TryWrite(true);

    internal async Task WaitAsync(CancellationToken ct) => await _requests.Reader.ReadAsync(ct);
}

/// <summary>
/// Refreshes the recommendations once a minute (the day turns, a termination day arrives) and whenever <see cref="RecommendationSignal"/>
/// asks — so that reading the decisions never writes. Two instances refreshing at once are kept apart by the database: one open
/// decision per jurisdiction (<c>OpenKey</c>) and the decisions' versions.
/// </summary>
public sealed class RecommendationRefresher(IServiceScopeFactory scopes, TimeProvider clock, RecommendationSignal signal, ILogger<RecommendationRefresher> logger)
    : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Refreshing the recommendations";

    protected override Task WakeAsync(CancellationToken ct) => signal.WaitAsync(ct);

    protected override Task ScanAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<DecisionService>().RefreshRecommendationsAsync(ct);
}
