using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Sentinels;

/// <summary>
/// Sentinel reports (requirements B5; 001 §4.1.6–4.1.8; 003 §二(二)): a fever clinic, clinic or pharmacy reports a person
/// (a real-name purchase of antipyretic or cough medicine, a fever); the market regulator checks it, passes it to the
/// headquarters, which assigns the community a check; the community reports the check done. Each step with who and when.
/// </summary>

public sealed class SentinelService(AppDbContext db, TimeProvider clock)
{
    private const int MaxText = Limits.LineCharacters;

    private static readonly SentinelStage[] Flow = Enum.GetValues<SentinelStage>();

    public static SentinelStage? Next(SentinelStage stage) => stage == Flow[^1] ? null : Flow[Array.IndexOf(Flow, stage) + 1];

    public static SentinelDto ToDto(SentinelReport r) => new(r.Id, EnumNames.Of(r.Kind), r.Reporter, r.PersonName, r.Phone is null ? null : PhoneNumbers.Mask(r.Phone), r.Detail,
        r.RegionCode, r.ReportedAt, EnumNames.Of(r.Stage), Next(r.Stage) is { } next ? EnumNames.Of(next) : null,
        r.Steps.OrderBy(s => s.At).Select(s => new SentinelStepDto(EnumNames.Of(s.Stage), s.At, s.By, s.Note)).ToList());

    /// <summary>Sentinel reports newest first, ties by id (issue 12 §1: a page at a time, the API and the page alike).</summary>
    public static readonly Keyset<SentinelReport> Newest = Keyset<SentinelReport>.By(r => r.ReportedAt, r => r.Id, descending: true);

    /// <summary>A page of the reports a filter keeps: a region path, a stage, a report time range, a person or reporter name prefix.</summary>
    public Task<Page<SentinelDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<SentinelStage> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.SentinelReports.AsNoTracking(), jurisdiction, filter).Include(r => r.Steps), page, ToDto, ct);

    public static readonly ListShape<SentinelReport, SentinelStage> Shape = new(r => r.Stage, r => r.ReportedAt, r => r.PersonName, r => r.Reporter);

    public async Task<Outcome<SentinelReport>> ReportAsync(NewSentinelReport request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        if (!EnumNames.TryParse<SentinelKind>(request.Kind, out var kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", EnumNames.List<SentinelKind>()));
        var reporter = errors.Text("reporter", request.Reporter, MaxText, Messages.ReporterRequired);
        var detail = errors.Text("detail", request.Detail, Limits.NoteCharacters, Messages.SentinelDetailRequired, multiline: true);
        var (name, _, phone) = PersonFields.Check(errors, request.PersonName, null, request.Phone);
        var reportedAt = request.ReportedAt ?? now;
        if (reportedAt > now.AddMinutes(5)) errors.Add("reportedAt", Messages.InFuture);
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (errors.Problem is { } invalid) return invalid;

        var report = new SentinelReport
        {
            Kind = kind, Reporter = reporter!, PersonName = name!, Phone = phone, Detail = detail!,
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, ReportedAt = reportedAt.ToUniversalTime(), ReportedBy = user, Stage = SentinelStage.Reported,
            Steps = [new SentinelStep { Stage = SentinelStage.Reported, At = reportedAt.ToUniversalTime(), By = user }],
        };
        db.SentinelReports.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>Takes the next step; a report whose community check is done has none left. Of two people taking the same step at once, one does.</summary>
    public async Task<Outcome<SentinelReport>> AdvanceAsync(long id, string? note, Jurisdiction jurisdiction, string user, CancellationToken ct, string? expected = null)
    {
        SentinelStage? wanted = null;
        if (expected is { Length: > 0 })
        {
            if (!EnumNames.TryParse<SentinelStage>(expected, out var parsed)) return Problem.Invalid("stage", Messages.OneOf(expected, EnumNames.List<SentinelStage>()));
            wanted = parsed;
        }
        if (TextFields.Check("note", note, Limits.NoteCharacters, multiline: true) is { } badNote) return badNote;
        var report = await jurisdiction.Scope(db.SentinelReports.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return Problem.NotFound("sentinel-not-found", Messages.NoSuchSentinelReport(id));
        if (Next(report.Stage) is not { } next) return Problem.Conflict("sentinel-done", Messages.SentinelDone);
        if (wanted is { } step && step != next) return Problem.Conflict("sentinel-moved", Messages.SentinelMoved);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.SentinelReports.Where(r => r.Id == id && r.Stage == report.Stage).ExecuteUpdateAsync(s => s.SetProperty(r => r.Stage, next), ct);
        if (moved == 0) return Problem.Conflict("sentinel-moved", Messages.SentinelMoved);
        db.Add(new SentinelStep { ReportId = id, Stage = next, At = now, By = user, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await db.SentinelReports.AsNoTracking().Include(r => r.Steps).FirstAsync(r => r.Id == id, ct);
    }

}
