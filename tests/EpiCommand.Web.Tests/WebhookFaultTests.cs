using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Zones;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// A group robot that is slow or down never slows or fails a user's request (issue 13, faults): the platform posts through
/// its real HTTP client to a local listener that accepts the connection and never answers, and to a port where nothing
/// listens. The requests that caused the messages complete while the listener still holds the robot's call unanswered.
/// </summary>
public sealed class WebhookFaultTests : IAsyncLifetime
{
    private readonly SqliteFactory _factory = new();
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private WebApplicationFactory<Program> _app = null!;

    public async ValueTask InitializeAsync()
    {
        await _factory.InitializeAsync();
        _silent.Start();
        _ = HoldAsync();
        var down = new TcpListener(IPAddress.Loopback, 0);
        down.Start();
        var downPort = ((IPEndPoint)down.LocalEndpoint).Port;
        down.Stop(); // nothing listens there any more: connections are refused
        _app = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Notifications:Webhooks:150581", $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}/hook?key=silent");
            builder.UseSetting("Notifications:Webhooks:150500", $"http://127.0.0.1:{downPort}/hook?key=down");
            // The real handler, instead of the recorder the test platform posts to.
            builder.ConfigureTestServices(services => services.AddHttpClient("webhooks").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()));
        });
    }

    /// <summary>Accepts every connection and keeps it open without reading or answering.</summary>
    private async Task HoldAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _silent.AcceptTcpClientAsync(_stop.Token);
                lock (_held) _held.Add(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private int Held
    {
        get { lock (_held) return _held.Count; }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _silent.Stop();
        lock (_held) _held.ForEach(c => c.Dispose());
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task ARobotThatNeverAnswersOrIsDownDoesNotHoldUpTheChangesThatCallIt()
    {
        var city = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal("/", (await EpiCommandFactory.SignInAsync(city, "city", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        var queue = _app.Services.GetRequiredService<WebhookQueue>();

        async Task<HttpResponseMessage> PublishAsync(string region)
        {
            var zone = await city.PostAsJsonAsync("/api/zones", new { region, kind = "controlZone", unitKind = "workshop", name = $"车间{Guid.NewGuid():N}"[..10], reason = "病例工作场所" });
            Assert.Equal(HttpStatusCode.Created, zone.StatusCode);
            var id = (await zone.Content.ReadFromJsonAsync<ZoneDto>())!.Id;
            return await city.PostAsJsonAsync($"/api/zones/{id}/publish", new { });
        }

        // The county's robot (霍林郭勒市) is called and never answers; the city's (通辽市) refuses the connection.
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync("150581001001")).StatusCode);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Held == 0 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        Assert.True(Held > 0, "the platform never called the silent robot");

        // While that call hangs (its client waits up to 10 s, then retries with backoff for minutes), more changes that
        // call both robots complete at once, each well before the robot's client would even give up once.
        for (var i = 0; i < 5; i++)
        {
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var response = await PublishAsync("150581001001");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(8), $"publishing took {timer.Elapsed} while the robot hung");
            Assert.True(queue.Pending > 0, "the robot's posts should still be pending while the change was answered");
        }
        Assert.True(Held > 0);
        // The zones are all stored and published: the robot's silence lost nothing.
        var zones = await city.GetListAsync<ZoneDto>("/api/zones?region=150581");
        Assert.True(zones!.Count(z => z.State == "published") >= 6);
    }
}
