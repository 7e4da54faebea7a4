using System.Security.Claims;
using System.Threading.RateLimiting;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Web.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

/// <summary>ASP.NET Core Identity with cookies: hashed passwords, sign-in rate limited (<see cref="SignInThrottle"/>), the user's region as a claim.</summary>
public static class AuthSetup
{
    public const string CookieName = "epicommand.auth";

    public static WebApplicationBuilder AddEpiCommandAuth(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                // Length and complexity (MLPS 2.0 level 3): at least 10 characters of the four kinds — Identity's defaults require
                // an upper-case letter, a lower-case letter, a digit and a symbol; the length is ours.
                options.Password.RequiredLength = 10;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            // After the EF stores, so that this one replaces theirs: hashed recovery codes, an encrypted authenticator key, password history.
            .AddUserStore<AccountStore>()
            .AddPasswordValidator<PasswordHistoryValidator>()
            // The authenticator (TOTP, RFC 6238) is the only second factor: no e-mail or SMS provider is registered, so that
            // a confirmed phone number never counts as one.
            .AddTokenProvider<AuthenticatorTokenProvider<AppUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<RegionClaimsFactory>();
        builder.Services.AddOptions<AccountPolicy>().BindConfiguration("Accounts");

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = CookieName;
            // ExpireTimeSpan is the idle timeout (Accounts:IdleTimeout), set below: the cookie slides while the user works.
            options.SlidingExpiration = true;
            // The API answers 401/403; only pages redirect to the login form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountPolicy>>((options, policy) => options.ExpireTimeSpan = policy.Value.IdleTimeout);
        // A disabled user, a reset password or changed roles change the security stamp: open sessions are checked against it
        // every minute rather than Identity's default 30, so such a change takes effect within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        // Keys that sign the login cookie outlive a restart, so users stay signed in.
        builder.AddDataProtectionKeys();
        builder.Services.AddAuthorization();
        // Sign-in: per client address by ASP.NET Core rate limiting, per account by SignInThrottle.
        builder.Services.AddOptions<SignInLimits>().BindConfiguration("SignIn");
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInThrottle.Policy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<SignInLimits>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(SignInThrottle.AddressOf(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerAddressPermits, Window = limits.PerAddressWindow, QueueLimit = 0 });
            });
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                context.HttpContext.Response.Redirect(LoginUrl("throttled", "/"));
                return ValueTask.CompletedTask;
            };
        });

        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        // Identity's lockout is not used: five wrong passwords from anyone would lock the account (docs/security.md).
        account.MapPost("/login", async ([Microsoft.AspNetCore.Mvc.FromForm] LoginForm form, HttpContext http, UserManager<AppUser> users,
            SignInManager<AppUser> signIn, SignInThrottle throttle) =>
        {
            var target = LocalUrl.Safe(form.ReturnUrl);
            if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password)) return Results.Redirect(LoginUrl("missing", target));
            var name = form.UserName.Trim();
            var address = SignInThrottle.AddressOf(http);
            if (throttle.Refuses(name, address)) return Results.Redirect(LoginUrl("throttled", target));
            if (await users.FindByNameAsync(name) is { Disabled: false } user)
            {
                var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: false);
                // With an authenticator enrolled the password only opens the second step (Identity's two-factor cookie, 5 minutes).
                if (result.RequiresTwoFactor) return Results.Redirect(TwoFactorUrl(null, target));
                if (result.Succeeded)
                {
                    // A one-time password is changed before anything else (issue 18); PasswordChangeGate then asks for enrolment if required.
                    return Results.Redirect(user.MustChangePassword ? ChangePasswordUrl(target) : target);
                }
            }
            else
            {
                // As long as checking a real password takes, so that the time of the answer does not tell which accounts exist (or are disabled).
                users.PasswordHasher.VerifyHashedPassword(null!, UnknownUserHash.Value, form.Password);
            }
            throttle.Failed(name, address);
            return Results.Redirect(LoginUrl("invalid", target));
        }).RequireRateLimiting(SignInThrottle.Policy);
        // The second step: a TOTP code of the enrolled authenticator, or one of the recovery codes (each once). A wrong code is
        // counted like a wrong password (issue 18), so the throttle stops guessing the six digits.
        account.MapPost("/two-factor", async ([Microsoft.AspNetCore.Mvc.FromForm] TwoFactorForm form, HttpContext http, SignInManager<AppUser> signIn,
            SignInThrottle throttle, TwoFactorService twoFactor) =>
        {
            var target = LocalUrl.Safe(form.ReturnUrl);
            if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { Disabled: false } user) return Results.Redirect(LoginUrl("expired", target));
            if (string.IsNullOrWhiteSpace(form.Code)) return Results.Redirect(TwoFactorUrl("missing", target));
            var address = SignInThrottle.AddressOf(http);
            if (throttle.Refuses(user.UserName!, address)) return Results.Redirect(TwoFactorUrl("throttled", target));
            if (!await twoFactor.CheckSignInCodeAsync(user, form.Code, http.RequestAborted))
            {
                throttle.Failed(user.UserName!, address);
                return Results.Redirect(TwoFactorUrl("invalid", target));
            }
            await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
            return Results.Redirect(user.MustChangePassword ? ChangePasswordUrl(target) : target);
        }).RequireRateLimiting(SignInThrottle.Policy);
        account.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
        return app;
    }

    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<AppUser>().HashPassword(null!, Guid.NewGuid().ToString()));

    /// <summary>The login form with one of its messages (Login.razor); <paramref name="returnUrl"/> must already be local.</summary>
    public static string LoginUrl(string error, string returnUrl) => $"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>The change-password form (Components/Account/ChangePassword.razor); <paramref name="returnUrl"/> must already be local.</summary>
    public static string ChangePasswordUrl(string returnUrl) => $"/account/change-password?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>The second sign-in step (Components/Account/TwoFactor.razor) with one of its messages, if any.</summary>
    public static string TwoFactorUrl(string? error, string returnUrl) =>
        $"/account/two-factor?{(error is null ? "" : $"error={error}&")}returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Enrolment of an authenticator (Components/Account/TwoFactorSetup.razor).</summary>
    public static string TwoFactorSetupUrl(string returnUrl) => $"/account/two-factor-setup?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public sealed record LoginForm(string? UserName, string? Password, string? ReturnUrl);

    public sealed record TwoFactorForm(string? Code, string? ReturnUrl);

    private sealed class RegionClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options,
        IOptions<AccountPolicy> policy, TimeProvider clock)
        : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(ClaimNames.Region, user.RegionCode));
            identity.AddClaim(new Claim(ClaimNames.DisplayName, user.DisplayName));
            identity.AddClaim(new Claim(ClaimNames.Session, Guid.NewGuid().ToString("N")));
            if (user.Unit is { Length: > 0 } unit) identity.AddClaim(new Claim(ClaimNames.Unit, unit));
            // An expired password is changed like a one-time one (Accounts:PasswordMaxAge).
            var expired = policy.Value.PasswordExpired(user, clock.GetUtcNow());
            if (expired) identity.AddClaim(new Claim(AccountClaims.PasswordExpired, "true"));
            if (user.MustChangePassword || expired) identity.AddClaim(new Claim(ClaimNames.MustChangePassword, "true"));
            if (!user.TwoFactorEnabled && policy.Value.RequiresTwoFactor(await UserManager.GetRolesAsync(user)))
            {
                identity.AddClaim(new Claim(AccountClaims.TwoFactorSetupRequired, "true"));
            }
            return identity;
        }
    }
}
