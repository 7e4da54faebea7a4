using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer to other sites, nothing stored in a cache unless the endpoint
/// says otherwise (the API, the exports and the pages carry personal data; the fingerprinted static assets set their own),
/// and on pages a Content-Security-Policy that allows only this site's scripts — the import map by its nonce.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "epicommand.csp-nonce";

    /// <summary>The nonce of the page's inline scripts (App.razor's import map).</summary>
    public static string? CspNonce(this HttpContext http) => http.Items[NonceItem] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Hex, so that the attribute needs no HTML encoding (Razor would write "+" as "&#x2B;").
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceItem] = nonce;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = "no-store";
            // Swagger UI (/api-docs, signed-in users only) brings its own inline script and keeps the default.
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !http.Request.Path.StartsWithSegments("/api-docs"))
            {
                headers.ContentSecurityPolicy = PagePolicy(nonce);
            }
            return Task.CompletedTask;
        });
        return next(http);
    });

    // MudBlazor sets style attributes, hence 'unsafe-inline' for styles only; the circuit's WebSocket is 'self'.
    private static string PagePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
}
