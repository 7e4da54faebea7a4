using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Response;

namespace EpiCommand.Web.Tests;

/// <summary>Puts a response in force the way people do: the region's headquarters proposes, an expert confirms, the headquarters approves.</summary>
internal static class ResponseApproval
{
    /// <summary>
    /// Activates <paramref name="level"/> for <paramref name="region"/> unless it is already in force. When the region already has an
    /// open decision (409 on proposing), that one is confirmed and approved instead.
    /// </summary>
    public static async Task ActivateAsync(EpiCommandFactory factory, string headquarters, string region, string level)
    {
        var hq = await factory.SignedInAsync(headquarters);
        var inForce = await hq.GetFromJsonAsync<List<ActivationDto>>("/api/responses");
        if (inForce!.Any(a => a.Region == region && a.Level == level)) return;

        var proposed = await hq.PostAsJsonAsync("/api/decisions", new { region, kind = "activate", toLevel = level, reason = $"测试：按预案启动{level}级应急响应" });
        DecisionDto decision;
        if (proposed.StatusCode == HttpStatusCode.Conflict)
        {
            var open = await hq.GetFromJsonAsync<List<DecisionDto>>("/api/decisions?open=true");
            decision = open!.Single(d => d.Region == region);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
            decision = (await proposed.Content.ReadFromJsonAsync<DecisionDto>())!;
        }
        if (decision.Status == "recommended")
        {
            var expert = await factory.SignedInAsync("expert");
            var confirmed = await expert.PostAsJsonAsync($"/api/decisions/{decision.Id}/confirm", new { note = "专家组确认" });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }
        var approved = await hq.PostAsJsonAsync($"/api/decisions/{decision.Id}/approve", new { note = "批准" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }
}
