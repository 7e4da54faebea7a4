using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

/// <summary>
/// How often sign-in may be tried (configuration section <c>SignIn</c>). Test suites and the load test, which sign in many
/// users from 127.0.0.1, set their own <see cref="PerAddressPermits"/>.
/// </summary>
public sealed class SignInLimits
{
    /// <summary>Sign-in posts per client address and <see cref="PerAddressWindow"/>, successful ones included.</summary>
    public int PerAddressPermits { get; set; } = 20;
    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins for one account from one address per <see cref="FailureWindow"/>.</summary>
    public int FailuresPerAccountAndAddress { get; set; } = 10;

    /// <summary>Failed sign-ins for one account from all addresses together per <see cref="FailureWindow"/>.</summary>
    public int FailuresPerAccount { get; set; } = 100;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Rate limits on <c>POST /account/login</c> instead of Identity's lockout, which let anyone lock <c>city</c> out with five
/// requests. Per client address (ASP.NET Core rate limiting, every attempt counts) and per account (failures only, so the
/// rightful user's sign-in costs nothing): failures from one address throttle that address for the account, and only failures
/// from many addresses together throttle the account everywhere. Unknown user names are counted alike; the refusal is the
/// same for all, so it tells nobody which accounts exist.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const string Policy = "sign-in";

    private readonly PartitionedRateLimiter<string> _byAccountAndAddress;
    private readonly PartitionedRateLimiter<string> _byAccount;

    public SignInThrottle(IOptions<SignInLimits> options)
    {
        var limits = options.Value;
        _byAccountAndAddress = Failures(limits.FailuresPerAccountAndAddress, limits.FailureWindow);
        _byAccount = Failures(limits.FailuresPerAccount, limits.FailureWindow);
    }

    private static PartitionedRateLimiter<string> Failures(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));

    /// <summary>Whether sign-in for the account is refused from this address for now (checked before the password is).</summary>
    public bool Refuses(string account, string address)
    {
        var (one, all) = Keys(account, address);
        using var byAddress = _byAccountAndAddress.AttemptAcquire(one, 0);
        using var everywhere = _byAccount.AttemptAcquire(all, 0);
        return !byAddress.IsAcquired || !everywhere.IsAcquired;
    }

    public void Failed(string account, string address)
    {
        var (one, all) = Keys(account, address);
        _byAccountAndAddress.AttemptAcquire(one).Dispose();
        _byAccount.AttemptAcquire(all).Dispose();
    }

    private static (string One, string All) Keys(string account, string address)
    {
        var normalized = account.Trim().ToUpperInvariant();
        if (normalized.Length > 256) normalized = normalized[..256];
        return ($"{normalized}\n{address}", normalized);
    }

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose()
    {
        _byAccountAndAddress.Dispose();
        _byAccount.Dispose();
    }
}
