using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clocks;

/// <summary>Where a clock stands at a moment (requirements B3).</summary>
public enum ClockStatus { Due, DueSoon, Overdue, Done }

public sealed class ClockOptions
{
    public const string Section = "Clocks";

    /// <summary>A clock the plan gives no hours ("立即", "及时") is due this many hours after its start.</summary>
    public double ImmediateHours { get; set; } = 1;

    /// <summary>A clock is "due soon" when at most this share of its time is left (and at most <see cref="DueSoonHours"/>).</summary>
    public double DueSoonHours { get; set; } = 1;
}

/// <summary>
/// Starts and completes the plan's reporting clocks (001 §4.3, §4.4, §5.2.4). An event ("caseFound",
/// "caseReported", "investigationDone", "countyFirstCase", …) starts every clock of the plan whose
/// <c>startsOn</c> is that event, once per subject; completing a clock with a <c>completionEvent</c> is
/// itself that event.
/// </summary>
public sealed class ClockService(AppDbContext db, Plan plan, ClockOptions options)
{
    public void Start(string startsOn, string subject, string regionCode, string regionPath, DateTimeOffset at)
    {
        foreach (var clock in plan.ReportingClocks.Where(c => c.StartsOn == startsOn))
        {
            var exists = db.Clocks.Local.Any(c => c.ClockId == clock.Id && c.Subject == subject)
                || db.Clocks.Any(c => c.ClockId == clock.Id && c.Subject == subject);
            if (exists) continue;
            db.Clocks.Add(new ReportingClockInstance
            {
                PlanId = plan.Id, ClockId = clock.Id, Name = clock.Name, Clause = clock.Clause, Subject = subject,
                RegionCode = regionCode, RegionPath = regionPath, Responsible = [.. clock.Responsible],
                StartedAt = at.ToUniversalTime(), DueAt = at.ToUniversalTime().AddHours(clock.DueHours ?? options.ImmediateHours),
            });
        }
    }

    public void Complete(ReportingClockInstance instance, string by, DateTimeOffset at)
    {
        instance.CompletedAt = at.ToUniversalTime();
        instance.CompletedBy = by;
        var definition = plan.ReportingClocks.FirstOrDefault(c => c.Id == instance.ClockId);
        if (definition?.CompletionEvent is { } next) Start(next, instance.Subject, instance.RegionCode, instance.RegionPath, at);
    }

    public static ClockStatus StatusOf(ReportingClockInstance clock, DateTimeOffset now, ClockOptions options)
    {
        if (clock.CompletedAt is not null) return ClockStatus.Done;
        if (now > clock.DueAt) return ClockStatus.Overdue;
        var window = clock.DueAt - clock.StartedAt;
        var soon = TimeSpan.FromHours(Math.Min(options.DueSoonHours, window.TotalHours / 4));
        return clock.DueAt - now <= soon ? ClockStatus.DueSoon : ClockStatus.Due;
    }
}
