using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// One browser tab's Blazor Server session, without a browser (issue 12 §4: pages measured as the Blazor sessions users open, not
/// only as prerendered HTML). It does what <c>blazor.web.js</c> does for a page: fetches the prerendered HTML with the user's
/// cookie, hands its server component markers to a circuit over the <c>_blazor</c> hub (<c>StartCircuit</c>, then
/// <c>UpdateRootComponents</c>), acknowledges every render batch and answers every JS interop call with an empty result (no DOM
/// here to measure or focus). The page counts as shown when the server has sent its render batches and then stays quiet for
/// <see cref="Quiet"/>; the time reported runs from the HTML request to the last batch. The circuit stays open — a tab left open
/// holds its circuit's memory on the server — until <see cref="DisposeAsync"/> closes it as the script does on leaving
/// (<c>POST _blazor/disconnect</c>).
/// </summary>
internal sealed partial class BlazorSession : IAsyncDisposable
{
    /// <summary>How long the server must send nothing more for the page to count as shown.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly HttpClient _client;
    private readonly HubConnection _connection;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastBatchAt = -1;
    private string? _circuit;

    /// <summary>What the circuit reported as failed (<c>JS.Error</c>), if it did: the page is broken for its user.</summary>
    public string? Error { get; private set; }

    private BlazorSession(HttpClient client, CookieContainer cookies)
    {
        _client = client;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(client.BaseAddress!, "_blazor"), options => options.Cookies = cookies);
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol, BlazorPack>();
        _connection = builder.Build();
        _connection.On<long, byte[]>("JS.RenderBatch", async (id, _) =>
        {
            Interlocked.Exchange(ref _lastBatchAt, _clock.Elapsed.Ticks);
            await _connection.SendAsync("OnRenderCompleted", id, null);
        });
        _connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (handle, _, _, resultType, _, _) =>
        {
            if (handle == 0) return;
            // JSCallResultType: 1 a JS object reference (a module import), otherwise a value or nothing.
            var result = resultType == 1 ? new JsonObject { ["__jsObjectId"] = handle } : null;
            await _connection.SendAsync("EndInvokeJSFromDotNet", handle, true, new JsonArray(handle, true, result).ToJsonString());
        });
        _connection.On<string>("JS.Error", error => Error ??= error);
    }

    /// <summary>
    /// Opens <paramref name="path"/> as the signed-in user of <paramref name="client"/> (whose cookies are <paramref name="cookies"/>)
    /// and waits until the page is shown; the session and the time it took.
    /// </summary>
    public static async Task<(BlazorSession Session, double Milliseconds)> OpenAsync(HttpClient client, CookieContainer cookies, string path, CancellationToken ct)
    {
        var session = new BlazorSession(client, cookies);
        try
        {
            var html = await client.GetStringAsync(path, ct);
            var markers = Markers().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
                .Where(m => (string?)m["type"] == "server").ToList();
            if (markers.Count == 0) throw new InvalidOperationException($"{path}: the page has no interactive server component");
            var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
            await session._connection.StartAsync(ct);
            var origin = client.BaseAddress!.ToString();
            session._circuit = await session._connection.InvokeAsync<string?>("StartCircuit", origin, new Uri(client.BaseAddress!, path).ToString(), "[]", state, ct)
                ?? throw new InvalidOperationException($"{path}: the server refused the circuit ({session.Error})");
            // As blazor.web.js: each marker found in the page (in document order, numbered from 1) is added as a root component.
            var operations = new JsonArray(markers.Select((marker, i) =>
            {
                marker["uniqueId"] = i;
                return (JsonNode)new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker };
            }).ToArray());
            await session._connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state, ct);
            var limit = TimeSpan.FromSeconds(60);
            while (true)
            {
                await Task.Delay(50, ct);
                if (session.Error is { } error) throw new InvalidOperationException($"{path}: the circuit failed: {error}");
                var last = Interlocked.Read(ref session._lastBatchAt);
                var now = session._clock.Elapsed;
                if (last >= 0 && now - TimeSpan.FromTicks(last) >= Quiet) break;
                if (now > limit) throw new TimeoutException($"{path}: the circuit did not finish rendering within {limit.TotalSeconds:F0} s");
            }
            return (session, TimeSpan.FromTicks(Interlocked.Read(ref session._lastBatchAt)).TotalMilliseconds);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        if (_circuit is null) return;
        try
        {
            using var form = new MultipartFormDataContent { { new StringContent(_circuit), "circuitId" } };
            using var response = await _client.PostAsync("_blazor/disconnect", form);
        }
        catch (HttpRequestException)
        {
            // The server is gone or busy: it drops a disconnected circuit after its retention period anyway.
        }
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex State();

    /// <summary>Blazor's hub protocol, "blazorpack": the MessagePack hub protocol under Blazor's name.</summary>
    private sealed class BlazorPack : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();
        public string Name => "blazorpack";
        public int Version => _inner.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);
        public bool TryParseMessage(ref System.Buffers.ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, System.Buffers.IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
