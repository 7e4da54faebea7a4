using EpiCommand.Data;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Declared once on a route group with a <c>{code}</c> segment: the region must exist (404) and lie within
/// the user's jurisdiction (403), before any handler of the group runs.
/// </summary>
public sealed class JurisdictionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var jurisdiction = await Jurisdiction.ForAsync(http.User, db, http.RequestAborted);
        if (jurisdiction is null)
        {
            return Problem.Forbidden("no-jurisdiction", Messages.NoJurisdiction).ToHttp();
        }
        if (http.Request.RouteValues.TryGetValue("code", out var value) && value is string code)
        {
            var (access, _) = await jurisdiction.FindRegionAsync(db, code, http.RequestAborted);
            switch (access)
            {
                case RegionAccess.NotFound:
                    return Problem.NotFound("region-not-found", Messages.NoSuchRegion(code)).ToHttp();
                case RegionAccess.Forbidden:
                    return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(code)).ToHttp();
            }
        }
        http.Items[typeof(Jurisdiction)] = jurisdiction;
        return await next(context);
    }
}

public static class JurisdictionFilterExtensions
{
    public static RouteGroupBuilder RequireJurisdiction(this RouteGroupBuilder group)
    {
        group.RequireAuthorization().AddEndpointFilter<JurisdictionFilter>();
        return group;
    }

    /// <summary>The jurisdiction the <see cref="JurisdictionFilter"/> established for this request.</summary>
    public static Jurisdiction Jurisdiction(this HttpContext http) =>
        http.Items[typeof(Jurisdiction)] as Jurisdiction ?? throw new InvalidOperationException("the route group has no RequireJurisdiction()");
}
