using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Notifications;

public sealed record NotificationDto(long Id, string Region, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read, string? Unit, string? Role);

public sealed record UnreadCount(int Count);

/// <summary>The in-app notification centre (requirements J5): what the platform told the user's region, unit and role.</summary>
public static class NotificationsApi
{
    /// <summary>Newest first (issue 12 §1: a page at a time, as every list).</summary>
    public static readonly Keyset<Notification> Newest = Keyset<Notification>.By(n => n.Id, descending: true);

    public static NotificationDto ToDto(Notification n) => new(n.Id, n.RegionCode, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null, n.Unit, n.Role);

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireJurisdiction().WithRefusals();
        notifications.MapGet("/", async (HttpContext http, AppDbContext db, bool? unread, string? after, string? limit, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var page = new ListQuery { After = after, Limit = limit }.Page(errors, Newest);
            if (errors.Problem is { } invalid) return invalid.ToHttp();
            var query = Inbox.For(db, http.User).AsNoTracking();
            if (unread == true) query = query.Where(n => n.ReadAt == null);
            return (IResult)TypedResults.Ok(await Newest.PageAsync(query, page, ToDto, ct));
        }).Produces<Page<NotificationDto>>().WithName("ListNotifications")
            .WithSummary("Notifications for the user (region; unit and role when set), newest first, a page at a time; unread=true for the unread only");
        notifications.MapGet("/unread-count", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCount(await Inbox.For(db, http.User).CountAsync(n => n.ReadAt == null, ct))))
            .WithName("CountUnreadNotifications");
        notifications.MapPost("/{id:long}/read", async (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var changed = await Inbox.For(db, http.User).Where(n => n.Id == id && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
            return changed == 1 ? Results.NoContent() : Problem.NotFound("notification-not-found", Messages.NoUnreadNotification(id)).ToHttp();
        }).WithName("ReadNotification");
        notifications.MapPost("/read-all", async (HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCount(await Inbox.For(db, http.User).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct))))
            .WithName("ReadAllNotifications").WithSummary("Marks every unread notification of the user read; answers how many");
        return app;
    }
}
