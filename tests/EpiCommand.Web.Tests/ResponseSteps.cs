using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Response;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>Response decisions through the API, as people take them: proposed, confirmed by the expert, approved by the region's headquarters.</summary>
internal static class ResponseSteps
{
    /// <summary>
    /// Puts a response at <paramref name="level"/> in force in <paramref name="region"/>, which has none yet: the engine's
    /// recommendation when it made one (reading the open decisions refreshes them), else the headquarters' proposal.
    /// </summary>
    public static async Task<DecisionDto> ActiveResponseAsync(EpiCommandFactory factory, string region, string headquarters, string level)
    {
        var hq = await factory.SignedInAsync(headquarters);
        Assert.DoesNotContain((await hq.GetListAsync<ActivationDto>("/api/responses"))!, a => a.Region == region);
        var proposal = await OpenProposalAsync(hq, region, "activate", level);
        return await ApproveAsync(factory, hq, proposal);
    }

    /// <summary>The open decision to <paramref name="kind"/> the region's response: the engine's recommendation when it made one, else a new proposal.</summary>
    public static async Task<DecisionDto> OpenProposalAsync(HttpClient client, string region, string kind, string? toLevel)
    {
        var open = (await client.GetListAsync<DecisionDto>("/api/decisions?open=true"))!.SingleOrDefault(d => d.Region == region);
        if (open is not null)
        {
            Assert.Equal((kind, toLevel, "engine"), (open.Kind, open.ToLevel, open.ProposedBy));
            return open;
        }
        var response = await client.PostAsJsonAsync("/api/decisions", new { region, kind, toLevel, reason = "测试：指挥部提出" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"proposing {kind} {toLevel} for {region}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<DecisionDto>())!;
    }

    /// <summary>The expert confirms (when still recommended) and the headquarters approves; returns the decision as stored.</summary>
    public static async Task<DecisionDto> ApproveAsync(EpiCommandFactory factory, HttpClient headquarters, DecisionDto decision)
    {
        if (decision.Status == "recommended")
        {
            var expert = await factory.SignedInAsync("expert");
            var confirmed = await expert.PostAsJsonAsync($"/api/decisions/{decision.Id}/confirm", new { note = "专家组会商确认" });
            Assert.True(confirmed.IsSuccessStatusCode, $"confirming #{decision.Id}: {await confirmed.Content.ReadAsStringAsync()}");
        }
        var approved = await headquarters.PostAsJsonAsync($"/api/decisions/{decision.Id}/approve", new { note = "指挥部批准" });
        Assert.True(approved.IsSuccessStatusCode, $"approving #{decision.Id}: {await approved.Content.ReadAsStringAsync()}");
        return (await headquarters.GetFromJsonAsync<DecisionDto>($"/api/decisions/{decision.Id}"))!;
    }

    /// <summary>
    /// Compares the engine's grades with the responses in force now, as the background refresher does after a change of the facts
    /// (reading the decisions never does): a test that changed facts or the clock calls this instead of waiting for the watcher.
    /// </summary>
    public static async Task RefreshRecommendationsAsync(EpiCommandFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DecisionService>().RefreshRecommendationsAsync(CancellationToken.None);
    }

    /// <summary>What the robots received once the webhook queue is empty (posts leave in the background, never inside the request).</summary>
    public static async Task<IReadOnlyList<(string Url, string Body)>> PostedAsync(EpiCommandFactory factory)
    {
        var queue = factory.Services.GetRequiredService<WebhookQueue>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (queue.Pending > 0 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
        Assert.True(queue.Pending == 0, $"{queue.Pending} webhook posts still queued after 20 s");
        return factory.Webhooks.Calls;
    }

    /// <summary>Databases keep instants to a tenth of a millisecond (SQLite) or a microsecond (PostgreSQL).</summary>
    public static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1, $"expected {expected:O}, got {actual:O}");
}
