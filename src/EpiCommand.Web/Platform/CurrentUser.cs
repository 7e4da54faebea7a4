using System.Security.Claims;

namespace EpiCommand.Web.Platform;

public static class ClaimNames
{
    public const string Region = "epicommand:region";
    public const string DisplayName = "epicommand:name";
}

public static class ClaimsPrincipalExtensions
{
    public static string? RegionCode(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Region);

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.DisplayName) ?? user.Identity?.Name ?? "";
}
