using System.Security.Claims;
using System.Threading.RateLimiting;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
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
                options.Password.RequiredLength = 10;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<RegionClaimsFactory>();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = CookieName;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // The API answers 401/403; only pages redirect to the login form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
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
                if ((await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: false)).Succeeded)
                {
                    // A one-time password is changed before anything else (issue 18).
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

    public sealed record LoginForm(string? UserName, string? Password, string? ReturnUrl);

    private sealed class RegionClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(ClaimNames.Region, user.RegionCode));
            identity.AddClaim(new Claim(ClaimNames.DisplayName, user.DisplayName));
            if (user.Unit is { Length: > 0 } unit) identity.AddClaim(new Claim(ClaimNames.Unit, unit));
            if (user.MustChangePassword) identity.AddClaim(new Claim(ClaimNames.MustChangePassword, "true"));
            return identity;
        }
    }
}
