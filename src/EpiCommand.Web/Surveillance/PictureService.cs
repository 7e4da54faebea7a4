using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record CurvePoint(DateOnly Day, int Confirmed, int Asymptomatic, int Suspected);

public sealed record PictureCounts(int NewCases24Hours, int Cases14Days, int ContactsUnderObservation, int ChecksMissed, int ClocksOverdue);

/// <summary>
/// The live picture of a jurisdiction on a day: the engine's results for the region and the regions below it
/// (grade, pending grade, risk, warning, termination, reasons), the epidemic curve and the counts that matter.
/// </summary>
public sealed record Picture(string Region, string Plan, DateOnly AsOf, bool Today, IReadOnlyList<AssessmentJson.RegionDto> Rows, IReadOnlyList<CurvePoint> Curve, PictureCounts Counts);

public sealed class PictureService(AppDbContext db, FactsCache facts, PictureCache cache, TimeProvider clock)
{
    public const int CurveDays = 30;

    /// <summary>A check not done within this long after it was due counts as missed.</summary>
    public static readonly TimeSpan CheckGrace = TimeSpan.FromHours(1);

    /// <summary>The picture of <paramref name="region"/> as of a day (default today), kept by <see cref="PictureCache"/> until a write changes it.</summary>
    public Task<Picture> GetAsync(Region region, DateOnly? asOf, CancellationToken ct)
    {
        var day = asOf ?? ChinaTime.DayOf(clock.GetUtcNow());
        // Built for whoever asks first and shared, so not cancelled with one request; the first waits for it, as the build
        // reads through its database context.
        _ = ct;
        return cache.GetAsync(region.Code, day, () => BuildAsync(region, day, CancellationToken.None));
    }

    private async Task<Picture> BuildAsync(Region region, DateOnly day, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        // For a past day the picture is taken at that day's end (CST).
        var at = day >= today ? now : ChinaTime.StartOf(day.AddDays(1));

        var result = await facts.AssessAsync(day, ct);
        var dto = AssessmentJson.ToDto(result);
        var below = await db.Regions.AsNoTracking().Where(r => r.ParentCode == region.Code).Select(r => r.Code).ToListAsync(ct);
        var rows = dto.Regions.Where(r => (r.Code == region.Code || below.Contains(r.Code)) && RegionLevels.ByName[r.Level].IsAssessed()).ToList();

        var path = region.Path;
        var first = ChinaTime.StartOf(day.AddDays(-(CurveDays - 1)));
        var end = ChinaTime.StartOf(day.AddDays(1));
        var reports = await db.Cases.AsNoTracking()
            .Where(c => c.RegionPath.StartsWith(path) && c.ReportedAt >= first && c.ReportedAt < end && c.Outcome != CaseOutcome.Excluded)
            .Select(c => new { c.ReportedAt, c.Classification }).ToListAsync(ct);
        var curve = Enumerable.Range(0, CurveDays).Select(i => day.AddDays(i - (CurveDays - 1))).Select(d =>
        {
            var ofDay = reports.Where(r => ChinaTime.DayOf(r.ReportedAt) == d).ToList();
            return new CurvePoint(d, ofDay.Count(r => r.Classification == Classification.Confirmed), ofDay.Count(r => r.Classification == Classification.Asymptomatic),
                ofDay.Count(r => r.Classification == Classification.Suspected));
        }).ToList();

        var since24 = at.AddHours(-24);
        var since14 = ChinaTime.StartOf(day.AddDays(-13));
        var counting = db.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith(path) && c.Classification != Classification.Suspected && c.Outcome != CaseOutcome.Excluded);
        var counts = new PictureCounts(
            await counting.CountAsync(c => c.ReportedAt > since24 && c.ReportedAt <= at, ct),
            await counting.CountAsync(c => c.ReportedAt >= since14 && c.ReportedAt < end, ct),
            await db.Contacts.CountAsync(c => c.RegionPath.StartsWith(path) && c.Status == ContactStatus.UnderObservation && c.ObservationEnds >= day, ct),
            await MissedCheckCountAsync(db, path, at, ct),
            await db.Clocks.CountAsync(c => c.RegionPath.StartsWith(path) && c.CompletedAt == null && c.DueAt < at, ct));
        return new Picture(region.Code, result.Plan, day, day >= today, rows, curve, counts);
    }

    /// <summary>
    /// The checks missed by contacts under observation in <paramref name="path"/>: slots due more than <see cref="CheckGrace"/>
    /// before <paramref name="at"/> and not done. Only done checks are stored (issue 12), so per contact the slots due are
    /// arithmetic on its first and last slot (<see cref="CloseContact.FirstCheckSlot"/>) and the missed ones are those minus
    /// the done ones — one SQL aggregate, no loop over the contacts.
    /// </summary>
    public static Task<int> MissedCheckCountAsync(AppDbContext db, string path, DateTimeOffset at, CancellationToken ct)
    {
        var late = at - CheckGrace;
        var due = Observation.LastSlotBefore(late);
        return db.Contacts.AsNoTracking().Where(c => c.Status == ContactStatus.UnderObservation && c.RegionPath.StartsWith(path) && c.FirstCheckSlot <= due)
            .SumAsync(c => (c.LastCheckSlot < due ? c.LastCheckSlot : due) - c.FirstCheckSlot + 1 - c.Checks.Count(h => h.DueAt < late), ct);
    }

    /// <summary>The contacts of <paramref name="contacts"/> under observation in <paramref name="path"/> with a missed check (see <see cref="MissedCheckCountAsync"/>).</summary>
    public static IQueryable<CloseContact> WithMissedChecks(IQueryable<CloseContact> contacts, string path, DateTimeOffset at)
    {
        var late = at - CheckGrace;
        var due = Observation.LastSlotBefore(late);
        return contacts.Where(c => c.Status == ContactStatus.UnderObservation && c.RegionPath.StartsWith(path) && c.FirstCheckSlot <= due
            && (c.LastCheckSlot < due ? c.LastCheckSlot : due) - c.FirstCheckSlot + 1 > c.Checks.Count(h => h.DueAt < late));
    }
}
