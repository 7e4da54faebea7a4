using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Plans;
using Microsoft.EntityFrameworkCore;

using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Clocks;

/// <summary>Where a clock stands at a moment (requirements B3).</summary>
public enum ClockStatus { Due, DueSoon, Overdue, Done }

/// <summary>What a list of clocks can keep (<c>status</c>): the open ones, the overdue ones (open, past due), the done ones.</summary>
public enum ClockState { Open, Overdue, Done }

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
public sealed class ClockService(AppDbContext db, Plan plan, ClockOptions options, Surveillance.PictureCache pictures)
{
    public void Start(string startsOn, string subject, string regionCode, string regionPath, DateTimeOffset at)
    {
        foreach (var instance in Instances(startsOn, subject, regionCode, regionPath, at))
        {
            var exists = db.Clocks.Local.Any(c => c.ClockId == instance.ClockId && c.Subject == subject)
                || db.Clocks.Any(c => c.ClockId == instance.ClockId && c.Subject == subject);
            if (!exists) db.Clocks.Add(instance);
        }
    }

    /// <summary>
    /// The clocks an event starts for a subject, not yet stored and not checked against those stored: the bulk import
    /// stores them in one set-based insert that skips a (clock, subject) already there (the unique index), as
    /// <see cref="Start"/> does one by one.
    /// </summary>
    public IEnumerable<ReportingClockInstance> Instances(string startsOn, string subject, string regionCode, string regionPath, DateTimeOffset at) =>
        plan.ReportingClocks.Where(c => c.StartsOn == startsOn).Select(clock => new ReportingClockInstance
        {
            PlanId = plan.Id, ClockId = clock.Id, Name = clock.Name, Clause = clock.Clause, Subject = subject,
            RegionCode = regionCode, RegionPath = regionPath, Responsible = [.. clock.Responsible],
            StartedAt = at.ToUniversalTime(), DueAt = at.ToUniversalTime().AddHours(clock.DueHours ?? options.ImmediateHours),
        });

    public void Complete(ReportingClockInstance instance, string by, DateTimeOffset at)
    {
        instance.CompletedAt = at.ToUniversalTime();
        instance.CompletedBy = by;
        var definition = plan.ReportingClocks.FirstOrDefault(c => c.Id == instance.ClockId);
        if (definition?.CompletionEvent is { } next) Start(next, instance.Subject, instance.RegionCode, instance.RegionPath, at);
    }

    /// <summary>Clocks soonest due first, ties by id (the index on DueAt, Id): of the open ones, the overdue come first.</summary>
    public static readonly Keyset<ReportingClockInstance> SoonestDue = Keyset<ReportingClockInstance>.By(c => c.DueAt, c => c.Id);

    /// <summary>A list of clocks bounds the due time and searches the subject (a case id) or the clock's name by prefix; its state is computed from now.</summary>
    public static readonly ListShape<ReportingClockInstance, ClockState> Shape = new(null, c => c.DueAt, c => c.Subject, c => c.Name);

    /// <summary>A page of the clocks of the jurisdiction a filter keeps, soonest due first (issue 12 §1): the API and the page list through here.</summary>
    public Task<Page<ClockDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<ClockState> filter, PageRequest page, DateTimeOffset now, CancellationToken ct) =>
        SoonestDue.PageAsync(Kept(jurisdiction, filter, now), page, c => ToDto(c, now, options), ct);

    /// <summary>How many clocks of the jurisdiction a filter keeps, counted up to <see cref="Paging.CountLimit"/> (one more means "more than").</summary>
    public Task<int> CountAsync(Jurisdiction jurisdiction, ListFilter<ClockState> filter, DateTimeOffset now, CancellationToken ct) =>
        Kept(jurisdiction, filter, now).Take(Paging.CountLimit + 1).CountAsync(ct);

    private IQueryable<ReportingClockInstance> Kept(Jurisdiction jurisdiction, ListFilter<ClockState> filter, DateTimeOffset now)
    {
        var query = Shape.Apply(db.Clocks.AsNoTracking(), jurisdiction, filter);
        return filter.Status switch
        {
            ClockState.Open => query.Where(c => c.CompletedAt == null),
            ClockState.Overdue => query.Where(c => c.CompletedAt == null && c.DueAt < now),
            ClockState.Done => query.Where(c => c.CompletedAt != null),
            _ => query,
        };
    }

    /// <summary>
    /// The report a clock waits for was made (001 §4.3). A clock is completed once: of two people completing it at the same
    /// moment, one does and the other is told who did. Completing the epidemiological investigation marks the case investigated.
    /// </summary>
    public async Task<Outcome<ClockDto>> CompleteAsync(long id, Jurisdiction jurisdiction, string user, DateTimeOffset now, CancellationToken ct)
    {
        var instance = await jurisdiction.Scope(db.Clocks.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (instance is null) return Problem.NotFound("clock-not-found", Messages.NoSuchClock(id));
        if (instance.CompletedAt is not null) return Problem.Conflict("clock-done", Messages.ClockDone(instance.CompletedBy ?? "?"));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var completed = await db.Clocks.Where(c => c.Id == id && c.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletedAt, now.ToUniversalTime()).SetProperty(c => c.CompletedBy, user), ct);
        if (completed == 0)
        {
            var by = await db.Clocks.Where(c => c.Id == id).Select(c => c.CompletedBy).FirstOrDefaultAsync(ct);
            return Problem.Conflict("clock-done", Messages.ClockDone(by ?? "?"));
        }
        instance.CompletedAt = now.ToUniversalTime();
        instance.CompletedBy = user;
        if (plan.ReportingClocks.FirstOrDefault(c => c.Id == instance.ClockId)?.CompletionEvent is { } next)
        {
            Start(next, instance.Subject, instance.RegionCode, instance.RegionPath, now);
        }
        if (instance.ClockId == "epi-investigation")
        {
            await db.Cases.Where(c => c.Id == instance.Subject).ExecuteUpdateAsync(s => s.SetProperty(c => c.InvestigationDoneAt, now), ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        pictures.Invalidate(); // the pictures count the overdue clocks
        return ToDto(instance, now, options);
    }

    public static ClockDto ToDto(ReportingClockInstance c, DateTimeOffset now, ClockOptions options) => new(
        c.Id, c.ClockId, c.Name, c.Clause, c.Subject, c.RegionCode, c.Responsible, c.StartedAt, c.DueAt, c.CompletedAt, c.CompletedBy,
        StatusOf(c, now, options) switch { ClockStatus.DueSoon => "dueSoon", var s => s.ToString().ToLowerInvariant() });

    public static ClockStatus StatusOf(ReportingClockInstance clock, DateTimeOffset now, ClockOptions options)
    {
        if (clock.CompletedAt is not null) return ClockStatus.Done;
        if (now > clock.DueAt) return ClockStatus.Overdue;
        var window = clock.DueAt - clock.StartedAt;
        var soon = TimeSpan.FromHours(Math.Min(options.DueSoonHours, window.TotalHours / 4));
        return clock.DueAt - now <= soon ? ClockStatus.DueSoon : ClockStatus.Due;
    }
}
