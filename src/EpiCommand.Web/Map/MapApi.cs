using EpiCommand.Data;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Map;

/// <summary>The county map of the live picture over HTTP; the home page and the leaders' view read the same <see cref="MapService"/>.</summary>
public static class MapApi
{
    public static WebApplicationBuilder AddMap(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MapGeometry>();
        builder.Services.AddScoped<MapPlacement>();
        builder.Services.AddScoped<MapService>();
        builder.Services.AddScoped<ScreenService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMap(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/regions/{code}/map").WithTags("Live picture").RequireJurisdiction().WithRefusals()
            .MapGet("/", async (string code, DateOnly? asOf, HttpContext http, AppDbContext db, MapService map, CancellationToken ct) =>
            {
                var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == code, ct);
                return (await map.GetAsync(region, http.Jurisdiction(), asOf, ct)).ToHttp(m => m);
            })
            .WithName("GetMap")
            .WithSummary("The county map of the region's city as of a day (default today): the boundary file, the county to highlight, and each county's grade, risk, warning, response in force, control zones in force and active clusters (data only within the jurisdiction)");
        return app;
    }
}
