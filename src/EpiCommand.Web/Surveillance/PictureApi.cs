using EpiCommand.Data;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

/// <summary>The live picture of a region (requirements C1–C4) over HTTP; the home page reads the same <see cref="PictureService"/>.</summary>
public static class PictureApi
{
    public static IEndpointRouteBuilder MapPicture(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/regions/{code}/picture").WithTags("Live picture").RequireJurisdiction()
            .MapGet("/", async (string code, DateOnly? asOf, AppDbContext db, PictureService pictures, CancellationToken ct) =>
            {
                var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == code, ct);
                return TypedResults.Ok(await pictures.GetAsync(region, asOf, ct));
            })
            .WithName("GetPicture").WithSummary("Grade, pending grade, risk, warning and reasons for the region and those below it, the epidemic curve and the counts, as of a day (default today)");
        return app;
    }
}
