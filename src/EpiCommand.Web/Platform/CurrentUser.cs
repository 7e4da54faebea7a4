using System.Security.Claims;

namespace EpiCommand.Web.Platform;

public static class ClaimNames
{
    public const string Region = "epicommand:region";
    public const string DisplayName = "epicommand:name";
    public const string Unit = "epicommand:unit";

    /// <summary>One sign-in (a new value each time): what "this person's own writes" means to the caches (<see cref="SessionWrites"/>).</summary>
    public const string Session = "epicommand:session";

    /// <summary>Present while the user signed in with a one-time password that must be changed first.</summary>
    public const string MustChangePassword = "epicommand:must-change-password";
}

public static class ClaimsPrincipalExtensions
{
    public static string? RegionCode(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Region);

    /// <summary>The member unit or working group the user works in, if any.</summary>
    public static string? Unit(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Unit);

    /// <summary>The sign-in name that audit entries, tasks and decisions record.</summary>
    public static string UserName(this ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.DisplayName) ?? user.Identity?.Name ?? "";
}
