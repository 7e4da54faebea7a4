using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
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
        group.MapGet("/", async (AppDbContext db, long? before, string? subjectType, string? subjectId, CancellationToken ct) =>
            TypedResults.Ok(await Page(db, before, subjectType, subjectId).ToListAsync(ct)))
            .WithName("ListAuditEntries").WithSummary("Audit entries, newest first, 100 per page (before = a sequence number to page back)");
        group.MapGet("/verify", (AppDbContext db, AuditCheckpointFile checkpoints) => TypedResults.Ok(Verify(db, checkpoints)))
            .WithName("VerifyAuditTrail").WithSummary("Recomputes every hash, MAC and link and compares the head with the checkpoints kept outside the database; names the first broken entry");
        return app;
    }

    public static IQueryable<AuditEntryDto> Page(AppDbContext db, long? before, string? subjectType, string? subjectId)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (before is { } b) query = query.Where(e => e.Sequence < b);
        if (!string.IsNullOrWhiteSpace(subjectType)) query = query.Where(e => e.SubjectType == subjectType);
        if (!string.IsNullOrWhiteSpace(subjectId)) query = query.Where(e => e.SubjectId == subjectId);
        return query.OrderByDescending(e => e.Sequence).Take(PageSize)
            .Select(e => new AuditEntryDto(e.Sequence, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Data, e.PreviousHash, e.Hash));
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
