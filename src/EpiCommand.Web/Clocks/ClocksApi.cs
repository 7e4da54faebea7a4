using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clocks;

public sealed record ClockDto(long Id, string ClockId, string Name, string Clause, string Subject, string Region, IReadOnlyList<string> Responsible,
    DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string? CompletedBy, string Status);

public sealed record NotificationDto(long Id, string Region, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read, string? Unit, string? Role);

public sealed record UnreadCount(int Count);

/// <summary>The clock view (requirements B3) and the in-app notification centre (J5).</summary>
public static class ClocksApi
{
    public static IEndpointRouteBuilder MapClocks(this IEndpointRouteBuilder app)
    {
        var clocks = app.MapGroup("/api/clocks").WithTags("Reporting clocks").RequireJurisdiction();
        clocks.MapGet("/", List).WithName("ListClocks").WithSummary("Reporting clocks of the jurisdiction: overdue first, then due soon, due, and the latest done");
        clocks.MapPost("/{id:long}/complete", Complete).WithName("CompleteClock").WithSummary("The report was made");

        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireJurisdiction();
        notifications.MapGet("/", async (HttpContext http, AppDbContext db, bool? unread, CancellationToken ct) =>
        {
            var query = Inbox.For(db, http.User).AsNoTracking();
            if (unread == true) query = query.Where(n => n.ReadAt == null);
            return TypedResults.Ok(await query.OrderByDescending(n => n.Id).Take(200)
                .Select(n => new NotificationDto(n.Id, n.RegionCode, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null, n.Unit, n.Role)).ToListAsync(ct));
        }).WithName("ListNotifications").WithSummary("Notifications for the user (region; unit and role when set), newest first; unread=true for the unread only");
        notifications.MapGet("/unread-count", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCount(await Inbox.For(db, http.User).CountAsync(n => n.ReadAt == null, ct))))
            .WithName("CountUnreadNotifications");
        notifications.MapPost("/{id:long}/read", async (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var changed = await Inbox.For(db, http.User).Where(n => n.Id == id && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
            return changed == 1 ? Results.NoContent() : Results.Problem(title: "Notification not found", detail: $"没有编号为 {id} 的未读通知。", statusCode: StatusCodes.Status404NotFound);
        }).WithName("ReadNotification");
        notifications.MapPost("/read-all", async (HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCount(await Inbox.For(db, http.User).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct))))
            .WithName("ReadAllNotifications").WithSummary("Marks every unread notification of the user read; answers how many");
        return app;
    }

    public static ClockDto ToDto(ReportingClockInstance c, DateTimeOffset now, ClockOptions options) => new(
        c.Id, c.ClockId, c.Name, c.Clause, c.Subject, c.RegionCode, c.Responsible, c.StartedAt, c.DueAt, c.CompletedAt, c.CompletedBy,
        ClockService.StatusOf(c, now, options).ToString().ToLowerInvariant() switch { "duesoon" => "dueSoon", var s => s });

    public static async Task<List<ClockDto>> LoadAsync(Jurisdiction jurisdiction, AppDbContext db, DateTimeOffset now, ClockOptions options, CancellationToken ct)
    {
        var open = await jurisdiction.Scope(db.Clocks.AsNoTracking()).Where(c => c.CompletedAt == null).OrderBy(c => c.DueAt).Take(500).ToListAsync(ct);
        var done = await jurisdiction.Scope(db.Clocks.AsNoTracking()).Where(c => c.CompletedAt != null).OrderByDescending(c => c.CompletedAt).Take(50).ToListAsync(ct);
        return open.Concat(done).Select(c => ToDto(c, now, options)).ToList();
    }

    private static async Task<Ok<List<ClockDto>>> List(HttpContext http, AppDbContext db, TimeProvider clock, ClockOptions options, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(http.Jurisdiction(), db, clock.GetUtcNow(), options, ct));

    private static async Task<Results<Ok<ClockDto>, ProblemHttpResult>> Complete(long id, HttpContext http, AppDbContext db, ClockService clocks, TimeProvider clock,
        ClockOptions options, CancellationToken ct)
    {
        var instance = await http.Jurisdiction().Scope(db.Clocks).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (instance is null) return TypedResults.Problem(title: "Clock not found", detail: $"No clock {id} in your jurisdiction.", statusCode: StatusCodes.Status404NotFound);
        if (instance.CompletedAt is not null) return TypedResults.Problem(title: "Already done", detail: $"Completed by {instance.CompletedBy}.", statusCode: StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow();
        clocks.Complete(instance, http.User.Identity!.Name!, now);
        if (instance.ClockId == "epi-investigation")
        {
            await db.Cases.Where(c => c.Id == instance.Subject).ExecuteUpdateAsync(s => s.SetProperty(c => c.InvestigationDoneAt, now), ct);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(instance, now, options));
    }
}
