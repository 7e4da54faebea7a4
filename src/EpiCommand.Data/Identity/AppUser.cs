using Microsoft.AspNetCore.Identity;

namespace EpiCommand.Data.Identity;

public sealed class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>The region this user works for: the user sees and changes only it and what lies below it.</summary>
    public required string RegionCode { get; set; }

    /// <summary>The member unit or working group the user works in (as the plan names it), if any: their task list defaults to it.</summary>
    public string? Unit { get; set; }

    /// <summary>
    /// The password was set by someone else (<c>epicommand init</c>, an administrator's create or reset): it was shown once and
    /// must be changed before anything else is done (issue 18; MLPS 2.0 forced change of an initial password).
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Disabled by an administrator: cannot sign in, and sessions already open end at their next check (the security stamp changes too).</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// When the password was last set (issue 18: password expiry). Null for accounts older than the rule: when an expiry is
    /// configured such a password counts as expired, so it is changed once.
    /// </summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>
/// A password the user had before (its hash only), so that a new password cannot be one of the last few (issue 18; MLPS 2.0
/// level 3 password policy). Written by the user store whenever a password hash replaces another.
/// </summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset ReplacedAt { get; set; }
}

/// <summary>The roles of the platform's users.</summary>
public static class Roles
{
    public const string Headquarters = "Headquarters";
    public const string Expert = "Expert";
    public const string Investigator = "Investigator";
    public const string Admin = "Admin";

    public static readonly string[] All = [Headquarters, Expert, Investigator, Admin];

    /// <summary>
    /// The roles allowed to unmask personal data (a case's full ID, an unmasked export; requirements J3): the unmasking
    /// endpoints check them, and in Production their holders sign in with a second factor (issue 18).
    /// </summary>
    public static readonly string[] MayUnmask = [Investigator, Admin];
}
