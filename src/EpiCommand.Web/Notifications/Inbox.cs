using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Notifications;

/// <summary>
/// The notifications a user receives (requirements J5): those of the user's own region meant for everyone there, for the
/// user's unit, or for one of the user's roles. Read marks are per notification, shared by everyone who receives it.
/// </summary>
public static class Inbox
{
    public static IQueryable<Notification> For(AppDbContext db, ClaimsPrincipal user)
    {
        var region = user.RegionCode();
        var unit = user.Unit();
        var roles = Roles.All.Where(user.IsInRole).ToList();
        return db.Notifications.Where(n => n.RegionCode == region && (n.Unit == null || n.Unit == unit) && (n.Role == null || roles.Contains(n.Role)));
    }
}
