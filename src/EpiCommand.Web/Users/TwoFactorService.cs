using System.Security.Claims;
using System.Text;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Users;

public sealed record TwoFactorStatus(bool Enabled, bool Required, int RecoveryCodesLeft);

/// <summary>The key to enter into an authenticator app: the Base32 secret (grouped by four for reading) and the otpauth URI a QR code would carry.</summary>
public sealed record AuthenticatorKey(string SharedKey, string Uri);

public sealed record TwoFactorCode(string? Code);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, RFC 6238) by ASP.NET Core Identity's authenticator token provider (issue 18):
/// enrolment (a new key, confirmed with a code the app shows), ten recovery codes shown once and stored hashed
/// (<see cref="AccountStore"/>), new codes, switching it off where <see cref="AccountPolicy"/> does not require it. Every change is
/// audited; each one also changes the security stamp, so other open sessions of the user end at their next check.
/// </summary>
public sealed class TwoFactorService(AppDbContext db, UserManager<AppUser> users, IUserStore<AppUser> store, IOptions<AccountPolicy> policy, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "EpiCommand";

    public async Task<Outcome<TwoFactorStatus>> StatusAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        return new TwoFactorStatus(user.TwoFactorEnabled, policy.Value.RequiresTwoFactor(await users.GetRolesAsync(user)),
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0);
    }

    /// <summary>
    /// The key of an enrolment in progress (a new one if none is pending). Kept until a code confirms it; it does not change the
    /// security stamp, so asking for it signs nobody out. Refused while an authenticator is enrolled: switch it off first.
    /// </summary>
    public async Task<Outcome<AuthenticatorKey>> PendingKeyAsync(ClaimsPrincipal principal, bool renew)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        if (user.TwoFactorEnabled) return Problem.Conflict("two-factor-enabled", Messages.TwoFactorAlreadyEnabled);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (key is null || renew)
        {
            key = users.GenerateNewAuthenticatorKey();
            // Through the store (the same one the user manager uses): UserManager.ResetAuthenticatorKeyAsync would also change the security stamp.
            await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Check(await users.UpdateAsync(user));
        }
        return Describe(user.UserName!, key);
    }

    /// <summary>Confirms the pending key with a code from the app, switches two-factor sign-in on and answers the recovery codes, shown this once.</summary>
    public async Task<Outcome<RecoveryCodes>> EnableAsync(ClaimsPrincipal principal, string? code, CancellationToken ct)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        if (user.TwoFactorEnabled) return Problem.Conflict("two-factor-enabled", Messages.TwoFactorAlreadyEnabled);
        if (string.IsNullOrWhiteSpace(code)) return Problem.Invalid("code", Messages.Required(new("验证码", "the code")));
        if (await users.GetAuthenticatorKeyAsync(user) is null) return Problem.Rule("no-pending-key", Messages.TwoFactorNoPendingKey);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code))) return Problem.Invalid("code", Messages.TwoFactorCodeWrong);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await AuditAsync(user, "user.two-factor-enabled", ct);
        await transaction.CommitAsync(ct);
        return new RecoveryCodes(codes);
    }

    /// <summary>New recovery codes in place of all the old ones (those left are then void).</summary>
    public async Task<Outcome<RecoveryCodes>> NewRecoveryCodesAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        if (!user.TwoFactorEnabled) return Problem.Conflict("two-factor-disabled", Messages.TwoFactorNotEnabled);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditAsync(user, "user.recovery-codes-renewed", ct);
        await transaction.CommitAsync(ct);
        return new RecoveryCodes(codes);
    }

    /// <summary>Switches two-factor sign-in off and forgets the key; refused for those who must use it.</summary>
    public async Task<Outcome<AppUser>> DisableAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        if (!user.TwoFactorEnabled) return Problem.Conflict("two-factor-disabled", Messages.TwoFactorNotEnabled);
        if (policy.Value.RequiresTwoFactor(await users.GetRolesAsync(user))) return Problem.Rule("two-factor-required", Messages.TwoFactorRequiredForRole);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClearAsync(user);
        await AuditAsync(user, "user.two-factor-disabled", ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>Removes the authenticator and the recovery codes (an administrator's password reset: a lost phone). The caller audits and saves.</summary>
    public async Task ClearAsync(AppUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey"));
        Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes"));
    }

    /// <summary>
    /// The second sign-in step: six digits are checked as a TOTP code, anything else as a recovery code, which is then used up
    /// (and the use audited).
    /// </summary>
    public async Task<bool> CheckSignInCodeAsync(AppUser user, string code, CancellationToken ct)
    {
        var digits = Digits(code);
        if (digits.Length == 6 && digits.All(char.IsAsciiDigit))
        {
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
        }
        if (code.Length > 64) return false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!(await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded) return false;
        await AuditAsync(user, "user.recovery-code-used", ct, new { left = await users.CountRecoveryCodesAsync(user) });
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The shared key in groups of four and the otpauth URI (Google Authenticator's key URI format) for the user.</summary>
    public static AuthenticatorKey Describe(string userName, string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(i == 0 ? "" : " ").Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        var label = Uri.EscapeDataString($"{Issuer}:{userName}");
        return new AuthenticatorKey(grouped.ToString().ToLowerInvariant(),
            $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30");
    }

    private static string Digits(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    private async Task AuditAsync(AppUser user, string action, CancellationToken ct, object? data = null)
    {
        var path = await db.Regions.Where(r => r.Code == user.RegionCode).Select(r => r.Path).FirstAsync(ct);
        await AuditLog.SaveChangesAsync(db, user.UserName!, clock.GetUtcNow(), () => [new AuditRecord(action, "user", user.UserName!, data ?? new { }, path)], ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
