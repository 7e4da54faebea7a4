using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clocks;

/// <summary>
/// 001 §4.3–4.4: an overdue report is escalated. Once a minute, every clock past its due time that has not been
/// announced yet notifies the headquarters responsible for its region and the headquarters above (the supervisor), in the app
/// and through the region's webhook.
/// </summary>
public sealed class ClockWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ClockWatcher> logger) : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Scanning the reporting clocks";

    protected override Task ScanAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<OverdueNotifier>().NotifyAsync(ct);
}

public sealed class OverdueNotifier(AppDbContext db, TimeProvider clock, Notifier notifier)
{
    /// <summary>Announces every newly overdue clock exactly once; returns how many this call announced.</summary>
    public async Task<int> NotifyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Clocks.AsNoTracking().Where(c => c.CompletedAt == null && c.OverdueNotifiedAt == null && c.DueAt < now).OrderBy(c => c.DueAt).Take(500).ToListAsync(ct);
        var messages = new List<(string Region, string Text)>();
        var announced = 0;
        foreach (var item in overdue)
        {
            // Claim the clock first, so that two scanners (two instances, or a scan and a manual run) announce it once.
            var claimed = await db.Clocks.Where(c => c.Id == item.Id && c.OverdueNotifiedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.OverdueNotifiedAt, now), ct);
            if (claimed == 0) continue;
            announced++;
            var text = $"【逾期】{item.Name}（§{item.Clause}）{item.Subject}：应于 {ChinaTime.Format(item.DueAt)} 前完成，责任单位：{string.Join("、", item.Responsible)}";
            var codes = item.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            // The responsible headquarters is the nearest one at or above the clock's region; its supervisor the next one up.
            var withHeadquarters = await db.Headquarters.AsNoTracking().Where(h => codes.Contains(h.RegionCode)).Select(h => h.RegionCode).ToListAsync(ct);
            var chain = codes.Reverse().Where(withHeadquarters.Contains).Take(2).ToList();
            if (chain.Count == 0) chain.Add(item.RegionCode);
            foreach (var code in chain)
            {
                var path = "/" + string.Join('/', codes.TakeWhile(c => c != code).Append(code)) + "/";
                db.Notifications.Add(new Notification { RegionCode = code, RegionPath = path, Title = $"逾期：{item.Name}", Body = text, Link = "/clocks", CreatedAt = now });
                messages.Add((code, text));
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var (region, text) in messages) await notifier.PostToRegionAsync(region, text, ct);
        return announced;
    }
}
