using System.Net;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Tests;

/// <summary>Group robots are posted to from a background queue: the change never waits for a robot, and a robot that fails is retried with backoff.</summary>
public sealed class WebhookQueueTests
{
    /// <summary>Answers each call with the next of the given outcomes (an exception is thrown as an unreachable robot) and counts the calls.</summary>
    private sealed class ScriptedRobot(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Hold { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls) - 1;
            if (Hold) await Release.Task.WaitAsync(cancellationToken);
            return answers[Math.Min(call, answers.Length - 1)]();
        }
    }

    private static ServiceProvider Services(ScriptedRobot robot, int retries = 3) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<WebhookQueue>()
        .AddSingleton(Options.Create(new WebhookDeliveryOptions { Retries = retries, FirstDelay = TimeSpan.FromMilliseconds(5), Concurrency = 2 }))
        .AddSingleton(Options.Create(new NotificationOptions { Webhooks = { ["150502"] = "https://robot.example/hook?key=horqin" } }))
        .AddSingleton<IHostedService, WebhookSender>()
        .AddTransient<Notifier>()
        .AddHttpClient("webhooks").ConfigurePrimaryHttpMessageHandler(() => robot).Services
        .BuildServiceProvider();

    private static async Task DrainedAsync(WebhookQueue queue)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (queue.Pending > 0 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(10);
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task ARobotThatFailsIsRetriedUntilItAnswers()
    {
        var robot = new ScriptedRobot(
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            () => throw new HttpRequestException("connection refused"),
            () => new HttpResponseMessage(HttpStatusCode.OK));
        await using var services = Services(robot);
        var sender = services.GetRequiredService<IHostedService>();
        await sender.StartAsync(CancellationToken.None);
        await services.GetRequiredService<Notifier>().PostToRegionAsync("150502", "【测试】重试", CancellationToken.None);
        await DrainedAsync(services.GetRequiredService<WebhookQueue>());
        Assert.Equal(3, robot.Calls);
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ARobotThatNeverAnswersIsGivenUpAfterTheRetries()
    {
        var robot = new ScriptedRobot(() => new HttpResponseMessage(HttpStatusCode.BadGateway));
        await using var services = Services(robot, retries: 2);
        var sender = services.GetRequiredService<IHostedService>();
        await sender.StartAsync(CancellationToken.None);
        await services.GetRequiredService<Notifier>().PostToRegionAsync("150502", "【测试】放弃", CancellationToken.None);
        await DrainedAsync(services.GetRequiredService<WebhookQueue>());
        Assert.Equal(3, robot.Calls);
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SendingDoesNotWaitForTheRobot()
    {
        var robot = new ScriptedRobot(() => new HttpResponseMessage(HttpStatusCode.OK)) { Hold = true };
        await using var services = Services(robot);
        var sender = services.GetRequiredService<IHostedService>();
        await sender.StartAsync(CancellationToken.None);
        var queue = services.GetRequiredService<WebhookQueue>();
        var sending = services.GetRequiredService<Notifier>().PostToRegionAsync("150502", "【测试】不等待", CancellationToken.None);
        Assert.True(sending.IsCompletedSuccessfully);
        Assert.Equal(1, queue.Pending);
        robot.Release.SetResult();
        await DrainedAsync(queue);
        Assert.Equal(1, robot.Calls);
        await sender.StopAsync(CancellationToken.None);
    }
}
