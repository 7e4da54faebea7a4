using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace EpiCommand.Web.Platform;

/// <summary>Chinese by default, English on request, remembered in a cookie (requirements J6).</summary>
public static class LocalizationSetup
{
    public static WebApplication UseEpiCommandLocalization(this WebApplication app)
    {
        var cultures = Ui.Cultures.Select(c => new CultureInfo(c)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Ui.Chinese),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        // Pages follow only the user's explicit choice (cookie), not the browser's Accept-Language: the platform is Chinese
        // first. API clients state their language with Accept-Language; the cookie, when sent, still wins.
        var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider();
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new QueryStringRequestCultureProvider(),
            new CustomRequestCultureProvider(http => http.Request.Path.StartsWithSegments("/api")
                ? acceptLanguage.DetermineProviderCultureResult(http)
                : Task.FromResult<ProviderCultureResult?>(null)),
        ];
        app.UseRequestLocalization(options);
        return app;
    }

    public static IEndpointRouteBuilder MapCulture(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Ui.Cultures.Contains(culture)) return Problem.Invalid("culture", Messages.OneOf(culture, string.Join(", ", Ui.Cultures))).ToHttp();
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.Redirect(LocalUrl.Safe(returnUrl));
        }).ExcludeFromDescription();
        return app;
    }
}
