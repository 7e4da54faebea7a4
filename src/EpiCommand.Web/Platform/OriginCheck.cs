namespace EpiCommand.Web.Platform;

/// <summary>
/// Cross-site request forgery guard for every state change made with the sign-in cookie — the JSON API, the uploads (which
/// carry no antiforgery token because API clients post them too), task progress, sign-out — and for the interactive
/// circuit's WebSocket. Browsers say where a request comes from (<c>Origin</c>, else <c>Referer</c>, else
/// <c>Sec-Fetch-Site</c>); a request from another site's page is refused with 403. A request without the cookie (API
/// clients with tokens, the CLI) and one without any of these headers (not sent by a browser page) is not affected.
/// </summary>
public static class OriginCheck
{
    public static IApplicationBuilder UseOriginCheck(this IApplicationBuilder app)
    {
        // Behind a proxy that rewrites Host, the public origins are named here ("https://epi.example.gov.cn").
        var trusted = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection("Security:PublicOrigins").Get<string[]>() ?? [];
        return app.Use(async (http, next) =>
        {
            if (Guarded(http) && !FromThisSite(http.Request, trusted))
            {
                await Problem.Forbidden("cross-origin", Messages.CrossOriginRefused).ToHttp().ExecuteAsync(http);
                return;
            }
            await next(http);
        });
    }

    private static bool Guarded(HttpContext http)
    {
        var method = http.Request.Method;
        var changes = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)
            || http.WebSockets.IsWebSocketRequest;
        return changes && http.Request.Cookies.Keys.Any(k => k.StartsWith(AuthSetup.CookieName, StringComparison.Ordinal));
    }

    private static bool FromThisSite(HttpRequest request, string[] trusted)
    {
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin) return Matches(origin, request, trusted);
        if (request.Headers.Referer.ToString() is { Length: > 0 } referer) return Matches(referer, request, trusted);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "" or "same-origin" or "none";
    }

    /// <summary>Same host and port as the request ("Origin: null" and anything that is not an http(s) URL do not match).</summary>
    private static bool Matches(string url, HttpRequest request, string[] trusted)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        if (trusted.Any(t => Uri.TryCreate(t, UriKind.Absolute, out var o) && Uri.Compare(o, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)) return true;
        return string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && (request.Host.Port is { } port ? uri.Port == port : uri.IsDefaultPort);
    }
}
