namespace EpiCommand.Web.Platform;

/// <summary>
/// A user signed in with a one-time (or expired) password does nothing else until it is changed, and then a user whose role
/// requires a second factor does nothing else until an authenticator is enrolled (issue 18): the API answers 403 with a problem
/// saying so, and a page asked for by the browser redirects to the form. The account pages, the language switch and static files
/// stay reachable, and so does the API that does what is asked.
/// </summary>
public static class PasswordChangeGate
{
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (http.User.HasClaim(c => c.Type == ClaimNames.MustChangePassword) && !Exempt(path, "/api/account/password"))
        {
            await RefuseAsync(http, next, "password-change-required", Messages.PasswordChangeRequired, AuthSetup.ChangePasswordUrl);
            return;
        }
        if (http.User.MustEnrolTwoFactor() && !Exempt(path, "/api/account"))
        {
            await RefuseAsync(http, next, "two-factor-setup-required", Messages.TwoFactorSetupRequired, AuthSetup.TwoFactorSetupUrl);
            return;
        }
        await next(http);
    });

    private static async Task RefuseAsync(HttpContext http, RequestDelegate next, string code, Text message, Func<string, string> form)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Problem.Forbidden(code, message).ToHttp().ExecuteAsync(http);
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            http.Response.Redirect(form(LocalUrl.Safe(http.Request.PathBase + http.Request.Path + http.Request.QueryString)));
            return;
        }
        await next(http);
    }

    private static bool Exempt(PathString path, string api) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/culture") || path.StartsWithSegments(api);
}
