using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

/// <summary>
/// How accounts are protected (configuration section <c>Accounts</c>; issue 18, measured against MLPS 2.0 level 3). The code's
/// defaults suit the demo and the test suites; <c>appsettings.Production.json</c> turns on the second factor and a short idle
/// timeout (docs/security.md).
/// </summary>
public sealed class AccountPolicy
{
    /// <summary>Administrators and those allowed to unmask personal data (<see cref="Roles.MayUnmask"/>) must sign in with a TOTP code.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>A new password may not be any of this many last ones (the current one included).</summary>
    public int PasswordHistory { get; set; } = 5;

    /// <summary>After this long a password must be changed at the next sign-in; none: passwords do not expire.</summary>
    public TimeSpan? PasswordMaxAge { get; set; }

    /// <summary>A session ends after this long without a request (the sign-in cookie slides while it is used).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Whether <paramref name="roles"/> oblige their holder to sign in with a second factor.</summary>
    public bool RequiresTwoFactor(IEnumerable<string> roles) =>
        RequireTwoFactor && roles.Any(r => r == Roles.Admin || Roles.MayUnmask.Contains(r));

    public bool PasswordExpired(AppUser user, DateTimeOffset now) =>
        PasswordMaxAge is { } age && (user.PasswordChangedAt is not { } changed || now - changed >= age);
}

/// <summary>
/// Identity's Entity Framework user store with three changes (issue 18): recovery codes are stored as SHA-256 hashes (they are
/// random, 50 bits and more, so a fast hash suffices), the authenticator key is encrypted with the data-protection keys, and a
/// password hash that is replaced goes into <see cref="PasswordHistoryEntry"/> with the time of the change.
/// </summary>
public sealed class AccountStore(AppDbContext context, IDataProtectionProvider protection, TimeProvider clock, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    private readonly IDataProtector _keys = protection.CreateProtector("EpiCommand.AuthenticatorKey");

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(HashCode), cancellationToken);

    public override Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken) =>
        base.RedeemCodeAsync(user, HashCode(code), cancellationToken);

    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, _keys.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (stored is null) return null;
        try
        {
            return _keys.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // Keys lost or changed: the authenticator cannot be checked; an administrator's password reset lets the user enrol again.
            return null;
        }
    }

    public override Task SetPasswordHashAsync(AppUser user, string? passwordHash, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (user.PasswordHash is { } old && old != passwordHash && user.Id is { Length: > 0 })
        {
            Context.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = old, ReplacedAt = now });
        }
        user.PasswordChangedAt = now;
        return base.SetPasswordHashAsync(user, passwordHash, cancellationToken);
    }

    /// <summary>Recovery codes are compared case-insensitively and without spaces or dashes, as people type them.</summary>
    public static string HashCode(string code)
    {
        var normalized = new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}

/// <summary>A new password may not be the current one nor one of the <see cref="AccountPolicy.PasswordHistory"/> − 1 before it.</summary>
public sealed class PasswordHistoryValidator(AppDbContext db, IOptions<AccountPolicy> policy) : IPasswordValidator<AppUser>
{
    public const string Code = "PasswordReused";

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var count = policy.Value.PasswordHistory;
        if (password is null || count < 1 || string.IsNullOrEmpty(user.Id)) return IdentityResult.Success;
        var hashes = new List<string>();
        if (user.PasswordHash is { } current) hashes.Add(current);
        hashes.AddRange(await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.ReplacedAt).ThenByDescending(h => h.Id).Take(count - 1).Select(h => h.PasswordHash).ToListAsync());
        foreach (var hash in hashes.Take(count))
        {
            if (manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
            {
                return IdentityResult.Failed(new IdentityError { Code = Code, Description = $"The password was one of the last {count}." });
            }
        }
        return IdentityResult.Success;
    }
}

public static class AccountClaims
{
    /// <summary>Present while a user whom <see cref="AccountPolicy.RequiresTwoFactor"/> obliges has not enrolled an authenticator.</summary>
    public const string TwoFactorSetupRequired = "epicommand:two-factor-setup-required";

    /// <summary>Present when the password has expired (<see cref="AccountPolicy.PasswordMaxAge"/>), alongside <see cref="ClaimNames.MustChangePassword"/>.</summary>
    public const string PasswordExpired = "epicommand:password-expired";

    public static bool MustEnrolTwoFactor(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == TwoFactorSetupRequired);
}
