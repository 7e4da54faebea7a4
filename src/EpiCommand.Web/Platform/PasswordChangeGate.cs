namespace EpiCommand.Web.Platform;

/// <summary>
/// A user signed in with a one-time password does nothing else until it is changed (issue 18): the API answers 403 with a
/// problem saying so, and a page asked for by the browser redirects to the change-password form. The account pages, the
/// language switch and static files stay reachable.
/// </summary>
public static class PasswordChangeGate
{
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.User.HasClaim(c => c.Type == ClaimNames.MustChangePassword) || Exempt(http.Request.Path))
        {
            await next(http);
            return;
        }
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Problem.Forbidden("password-change-required", Messages.PasswordChangeRequired).ToHttp().ExecuteAsync(http);
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            http.Response.Redirect(AuthSetup.ChangePasswordUrl(LocalUrl.Safe(http.Request.PathBase + http.Request.Path + http.Request.QueryString)));
            return;
        }
        await next(http);
    });

    private static bool Exempt(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/api/account/password");
}
