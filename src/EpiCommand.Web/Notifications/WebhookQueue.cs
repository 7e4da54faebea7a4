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

    /// <summary>How many robots are posted to at once, so that one slow robot does not hold back the others.</summary>
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

/// <summary>Delivers queued posts, retrying a robot that cannot be reached, times out or answers 5xx/429 with exponential backoff.</summary>
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => DeliverAsync(stoppingToken)));

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        await foreach (var post in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var response = await _retry.ExecuteAsync(async ct =>
                    await http.CreateClient("webhooks").PostAsJsonAsync(post.Url, new { msgtype = "text", text = new { content = post.Text } }, ct), stoppingToken);
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
