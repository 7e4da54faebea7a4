using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace EpiCommand.Web.Notifications;

/// <summary>One text for one group robot; <see cref="Target"/> names it in the log (the address carries the robot's key).</summary>
public sealed record WebhookPost(string Url, string Text, string Target);

/// <summary>How robots are retried (<c>Notifications:Delivery</c>).</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    /// <summary>Attempts after the first one.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>The first wait; each retry waits about twice as long (with jitter).</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many posts are on the wire at once (a robot waiting for its next retry takes no place).</summary>
    public int Concurrency { get; set; } = 4;
}

/// <summary>
/// The posts waiting for <see cref="WebhookSender"/>. Requests only enqueue: a robot that is slow or down never delays nor fails
/// the change that caused the message. The queue is in memory — the in-app notification is the record; the robot is a courtesy.
/// </summary>
public sealed class WebhookQueue
{
    private readonly Channel<WebhookPost> _channel = Channel.CreateUnbounded<WebhookPost>(new UnboundedChannelOptions { SingleReader = false });
    private int _pending;

    public void Enqueue(WebhookPost post)
    {
        Interlocked.Increment(ref _pending);
        if (!_channel.Writer.TryWrite(post)) Interlocked.Decrement(ref _pending);
    }

    /// <summary>Posts queued or being delivered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    internal ChannelReader<WebhookPost> Reader => _channel.Reader;

    internal void Done() => Interlocked.Decrement(ref _pending);
}

/// <summary>
/// Delivers queued posts, retrying a robot that cannot be reached, times out or answers 5xx/429 with exponential backoff. Each robot
/// has its own lane, in order: a robot that is down waits out its backoff in its own lane and never holds back another robot's
/// messages (found when the demo city's cluster announcements queued for an unreachable city robot delayed a county's for minutes).
/// </summary>
public sealed class WebhookSender(WebhookQueue queue, IHttpClientFactory http, IOptions<WebhookDeliveryOptions> options, ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly ResiliencePipeline<HttpResponseMessage> _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.Value.Retries),
            Delay = options.Value.FirstDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
            OnRetry = args =>
            {
                logger.LogInformation("Webhook retry {Attempt} in {Delay}", args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    private readonly SemaphoreSlim _onTheWire = new(Math.Max(1, options.Value.Concurrency));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = new Dictionary<string, Channel<WebhookPost>>(StringComparer.Ordinal);
        var workers = new List<Task>();
        try
        {
            await foreach (var post in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (!lanes.TryGetValue(post.Url, out var lane))
                {
                    lane = Channel.CreateUnbounded<WebhookPost>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
                    lanes[post.Url] = lane;
                    workers.Add(DeliverAsync(lane.Reader, stoppingToken));
                }
                lane.Writer.TryWrite(post);
            }
        }
        finally
        {
            foreach (var lane in lanes.Values) lane.Writer.TryComplete();
            await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override void Dispose()
    {
        _onTheWire.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(ChannelReader<WebhookPost> lane, CancellationToken stoppingToken)
    {
        await foreach (var post in lane.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var response = await _retry.ExecuteAsync(async ct =>
                {
                    await _onTheWire.WaitAsync(ct);
                    try
                    {
                        return await http.CreateClient("webhooks").PostAsJsonAsync(post.Url, new { msgtype = "text", text = new { content = post.Text } }, ct);
                    }
                    finally
                    {
                        _onTheWire.Release();
                    }
                }, stoppingToken);
                if (!response.IsSuccessStatusCode) logger.LogWarning("Webhook of {Target} answered {Status}", post.Target, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Webhook of {Target} could not be reached; given up after retries", post.Target);
            }
            finally
            {
                queue.Done();
            }
        }
    }
}

public static class NotificationsSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.Section);
        builder.Services.AddSingleton<WebhookQueue>();
        builder.Services.AddHostedService<WebhookSender>();
        builder.Services.AddScoped<UnitWebhookService>();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddHttpClient("webhooks", client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
