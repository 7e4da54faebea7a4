using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Audit;

public sealed record AuditEntryDto(long Sequence, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId, string Data, string PreviousHash, string Hash);

public sealed record AuditVerification(bool Intact, long Entries, long? BrokenAt, string? Reason);

/// <summary>The audit trail (requirements J2) for administrators: read it page by page, verify its hash chain.</summary>
public static class AuditApi
{
    public const int PageSize = 100;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        group.MapGet("/", async (AppDbContext db, string? subjectType, string? subjectId, string? after, string? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = new ListQuery { After = after, Limit = limit }.Page(errors, Newest);
                return errors.Problem is { } invalid ? invalid.ToHttp() : (IResult)TypedResults.Ok(await PageAsync(db, page, subjectType, subjectId, ct));
            })
            .Produces<Page<AuditEntryDto>>().WithName("ListAuditEntries").WithSummary("Audit entries, newest first, a page at a time (keyset: pass `next` back as `after`); filter by subjectType and subjectId");
        group.MapGet("/verify", (AppDbContext db, AuditCheckpointFile checkpoints) => TypedResults.Ok(Verify(db, checkpoints)))
            .WithName("VerifyAuditTrail").WithSummary("Recomputes every hash, MAC and link and compares the head with the checkpoints kept outside the database; names the first broken entry");
        return app;
    }

    /// <summary>Entries newest first by their sequence (issue 12 §1: a page at a time, as every list).</summary>
    public static readonly Keyset<AuditEntry> Newest = Keyset<AuditEntry>.By(e => e.Sequence, descending: true);

    /// <summary>A page of the trail, newest first: the API and the Audit page both read through here.</summary>
    public static Task<Page<AuditEntryDto>> PageAsync(AppDbContext db, PageRequest page, string? subjectType, string? subjectId, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subjectType)) query = query.Where(e => e.SubjectType == subjectType);
        if (!string.IsNullOrWhiteSpace(subjectId)) query = query.Where(e => e.SubjectId == subjectId);
        return Newest.PageAsync(query, page, e => new AuditEntryDto(e.Sequence, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Data, e.PreviousHash, e.Hash), ct);
    }

    public static AuditVerification Verify(AppDbContext db, AuditCheckpointFile checkpoints)
    {
        IReadOnlyList<Domain.Response.AuditCheckpoint> marks;
        try
        {
            marks = checkpoints.ReadAll();
        }
        catch (InvalidDataException e)
        {
            return new AuditVerification(false, 0, null, e.Message);
        }
        var (broken, entries) = AuditLog.Verify(db, marks);
        return new AuditVerification(broken is null, entries, broken?.Sequence, broken?.Reason);
    }
}
