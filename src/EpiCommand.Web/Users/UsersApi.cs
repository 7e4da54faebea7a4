using EpiCommand.Data.Identity;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Identity;

namespace EpiCommand.Web.Users;

public sealed record UserDto(string UserName, string DisplayName, string RegionCode, string? RegionName, string? Unit, string? Phone,
    IReadOnlyList<string> Roles, bool Disabled, bool MustChangePassword, bool TwoFactor);
public sealed record NewUser(string? UserName, string? DisplayName, string? Unit, string? Phone, string? Region, IReadOnlyList<string?>? Roles);
public sealed record UserChange(string? DisplayName, string? Unit, string? Phone, string? Region, IReadOnlyList<string?>? Roles);

/// <summary>A user with the one-time password just set: shown once, never stored in clear, to be changed at the first sign-in.</summary>
public sealed record IssuedPassword(UserDto User, string OneTimePassword);

public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

/// <summary>User administration over HTTP (administrators, their jurisdiction and below) and the signed-in user's own password.</summary>
public static class UsersApi
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<UserImport>();
        builder.Services.AddScoped<TwoFactorService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireJurisdiction().WithRefusals();
        group.MapGet("/", async ([AsParameters] ListQuery query, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.ListAsync(http.User, http.Jurisdiction(), query, ct)).ToHttp(p => p))
            .Produces<Page<UserDto>>().WithName("ListUsers")
            .WithSummary("Users of the jurisdiction (or of region) by sign-in name, a page at a time (pass `next` back as `after`; limit; q matches name, display name and unit)");
        group.MapGet("/{userName}", async (string userName, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.GetAsync(http.User, http.Jurisdiction(), userName, ct)).ToHttp(u => u))
            .Produces<UserDto>().WithName("GetUser");
        group.MapPost("/", async (NewUser request, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.CreateAsync(http.User, http.Jurisdiction(), request, ct)).ToCreated(i => $"/api/users/{Uri.EscapeDataString(i.User.UserName)}", i => i))
            .Produces<IssuedPassword>(StatusCodes.Status201Created).WithName("CreateUser")
            .WithSummary("Create a user; the answer holds their one-time password, shown this once, to be changed at the first sign-in");
        group.MapPut("/{userName}", async (string userName, UserChange request, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.UpdateAsync(http.User, http.Jurisdiction(), userName, request, ct)).ToHttp(u => u))
            .Produces<UserDto>().WithName("UpdateUser").WithSummary("Change a user's display name, unit, phone, region and roles");
        group.MapPost("/{userName}/disable", async (string userName, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.SetDisabledAsync(http.User, http.Jurisdiction(), userName, true, ct)).ToHttp(u => u))
            .Produces<UserDto>().WithName("DisableUser");
        group.MapPost("/{userName}/enable", async (string userName, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.SetDisabledAsync(http.User, http.Jurisdiction(), userName, false, ct)).ToHttp(u => u))
            .Produces<UserDto>().WithName("EnableUser");
        group.MapPost("/{userName}/reset-password", async (string userName, HttpContext http, UserService users, CancellationToken ct) =>
                (await users.ResetPasswordAsync(http.User, http.Jurisdiction(), userName, ct)).ToHttp(i => i))
            .Produces<IssuedPassword>().WithName("ResetUserPassword").WithSummary("A new one-time password, shown this once; the user's sessions end");

        app.MapPost("/api/account/password", async (PasswordChange request, HttpContext http, UserService users, SignInManager<AppUser> signIn, CancellationToken ct) =>
            {
                var changed = await users.ChangeOwnPasswordAsync(http.User, request.CurrentPassword, request.NewPassword, null, ct);
                if (changed.Value is { } user) await signIn.RefreshSignInAsync(user);
                return changed.Problem is { } problem ? problem.ToHttp() : Results.NoContent();
            })
            .RequireAuthorization().WithTags("Users").WithName("ChangeOwnPassword").ProducesValidationProblem().Produces(StatusCodes.Status204NoContent)
            .WithSummary("Change the signed-in user's password (required after a one-time password)");

        // One's own second factor (issue 18); the sign-in step itself is the form post /account/two-factor.
        var twoFactor = app.MapGroup("/api/account/two-factor").WithTags("Users").RequireAuthorization().WithRefusals();
        twoFactor.MapGet("/", async (HttpContext http, TwoFactorService service) => (await service.StatusAsync(http.User)).ToHttp(s => s))
            .Produces<TwoFactorStatus>().WithName("TwoFactorStatus").WithSummary("Whether the signed-in user signs in with an authenticator, must, and how many recovery codes are left");
        twoFactor.MapPost("/key", async (bool? renew, HttpContext http, TwoFactorService service) => (await service.PendingKeyAsync(http.User, renew == true)).ToHttp(k => k))
            .Produces<AuthenticatorKey>().WithName("TwoFactorKey")
            .WithSummary("The key to add to an authenticator app (secret and otpauth URI); the same until confirmed, unless renew=true");
        twoFactor.MapPost("/", async (TwoFactorCode request, HttpContext http, TwoFactorService service, SignInManager<AppUser> signIn, UserManager<AppUser> users, CancellationToken ct) =>
            {
                var enabled = await service.EnableAsync(http.User, request.Code, ct);
                // The security stamp changed: a new cookie for this session, without the enrolment mark.
                if (enabled.Value is not null && await users.GetUserAsync(http.User) is { } user) await signIn.RefreshSignInAsync(user);
                return enabled.ToHttp(c => c);
            })
            .Produces<RecoveryCodes>().WithName("EnableTwoFactor").WithSummary("Confirm the key with a code from the app; the answer holds the recovery codes, shown this once");
        twoFactor.MapPost("/recovery-codes", async (HttpContext http, TwoFactorService service, SignInManager<AppUser> signIn, UserManager<AppUser> users, CancellationToken ct) =>
            {
                var codes = await service.NewRecoveryCodesAsync(http.User, ct);
                if (codes.Value is not null && await users.GetUserAsync(http.User) is { } user) await signIn.RefreshSignInAsync(user);
                return codes.ToHttp(c => c);
            })
            .Produces<RecoveryCodes>().WithName("NewRecoveryCodes").WithSummary("New recovery codes in place of the old ones, shown this once");
        twoFactor.MapDelete("/", async (HttpContext http, TwoFactorService service, SignInManager<AppUser> signIn, CancellationToken ct) =>
            {
                var disabled = await service.DisableAsync(http.User, ct);
                if (disabled.Value is { } user) await signIn.RefreshSignInAsync(user);
                return disabled.Problem is { } problem ? problem.ToHttp() : Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent).WithName("DisableTwoFactor").WithSummary("Switch two-factor sign-in off (not for roles that require it)");
        return app;
    }
}
