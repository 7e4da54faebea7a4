using Microsoft.AspNetCore.Authentication;

namespace EpiCommand.Web.Platform;

/// <summary>The OpenAPI document and Swagger UI, for signed-in users only: they map every operation of the platform.</summary>
public static class ApiDocs
{
    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization();
        // Swagger UI is middleware, not an endpoint, so it is guarded here rather than by an authorization policy.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api-docs"), docs => docs.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync();
                return;
            }
            await next(http);
        }));
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "EpiCommand API");
            options.RoutePrefix = "api-docs";
            options.DocumentTitle = "EpiCommand API";
        });
        return app;
    }
}
