using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using Microsoft.EntityFrameworkCore;
using EpiCommand.Web.Platform;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Notifications;

/// <summary>Where the platform posts group-robot messages (configuration section "Notifications").</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Group-robot webhook per region code (WeCom or DingTalk "text" messages), e.g. <c>"150502": "https://…"</c>.</summary>
    public Dictionary<string, string> Webhooks { get; set; } = [];
}

/// <summary>One message for the people of a region, or of one unit or role there (requirements J5).</summary>
public sealed record Message(string RegionCode, string RegionPath, string Title, string Body, string? Link, string? Unit = null, string? Role = null);

/// <summary>
/// Notifications to the people who must act (J5): in the app (a <see cref="Notification"/> row, saved with the change that
/// caused it) and, after the save, to the group robots configured for the region (<c>Notifications:Webhooks</c>) and for the unit
/// (<see cref="Data.Response.UnitWebhook"/>). The robots are posted to by <see cref="WebhookSender"/> in the background, never
/// inside the request. WeCom and DingTalk both accept the "text" message sent there.
/// </summary>
public sealed class Notifier(WebhookQueue queue, IOptions<NotificationOptions> options)
{
    /// <summary>Adds the in-app notifications to <paramref name="db"/> (saved by the caller) and returns them for <see cref="SendAsync"/>.</summary>
    public static IReadOnlyList<Message> Add(AppDbContext db, DateTimeOffset now, params IEnumerable<Message> messages)
    {
        var list = messages.ToList();
        foreach (var m in list)
        {
            db.Notifications.Add(new Notification
            {
                RegionCode = m.RegionCode, RegionPath = m.RegionPath, Title = m.Title, Body = m.Body, Link = m.Link, Unit = m.Unit, Role = m.Role, CreatedAt = now,
            });
        }
        return list;
    }

    /// <summary>Queues saved messages for their robots: the region's for a message to the region, the unit's for a message to a unit.</summary>
    public async Task SendAsync(AppDbContext db, IReadOnlyList<Message> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        var units = messages.Where(m => m.Unit is not null).Select(m => m.Unit!).Distinct().ToList();
        var regions = messages.Select(m => m.RegionCode).Distinct().ToList();
        var unitHooks = units.Count == 0 ? [] : await db.UnitWebhooks.AsNoTracking()
            .Where(w => w.Enabled && units.Contains(w.Unit) && regions.Contains(w.RegionCode)).ToListAsync(ct);
        foreach (var m in messages)
        {
            var text = $"【{m.Title}】{m.Body}";
            if (m.Unit is null)
            {
                Post(m.RegionCode, text);
            }
            else
            {
                foreach (var hook in unitHooks.Where(h => h.RegionCode == m.RegionCode && h.Unit == m.Unit)) queue.Enqueue(new WebhookPost(hook.Url, text, $"unit {m.Unit} of {m.RegionCode}"));
            }
        }
    }

    /// <summary>Queues a text for the region's group robot (<c>Notifications:Webhooks:&lt;code&gt;</c>), if it has one.</summary>
    public Task PostToRegionAsync(string regionCode, string text, CancellationToken ct)
    {
        Post(regionCode, text);
        return Task.CompletedTask;
    }

    private void Post(string regionCode, string text)
    {
        if (options.Value.Webhooks.TryGetValue(regionCode, out var url)) queue.Enqueue(new WebhookPost(url, text, $"region {regionCode}"));
    }
}
