using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clusters;

/// <summary>Clusters as the epidemiologist sees them (issue 11 §2): the list of a region, one cluster with its curves and graph, its cases.</summary>
public static class ClustersApi
{
    public static WebApplicationBuilder AddClusters(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ClusterService>();
        builder.Services.AddScoped<ClusterAnnouncer>();
        builder.Services.AddSingleton<ClusterSignal>();
        builder.Services.AddHostedService<ClusterWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClusters(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/regions/{code}/clusters").WithTags("Clusters").RequireJurisdiction().WithRefusals()
            .MapGet("/", List).Produces<Page<ClusterDto>>().WithName("ListClusters")
            .WithSummary("Clusters of the region formed up to today (requirements.md \"Cluster\"): active first, newest formed first, a page at a time (pass `next` back as `after`); status: active or over");
        var one = app.MapGroup("/api/clusters").WithTags("Clusters").RequireJurisdiction().WithRefusals();
        one.MapGet("/{id}", async (string id, HttpContext http, ClusterService clusters, CancellationToken ct) =>
                (await clusters.DetailAsync(http.Jurisdiction(), id, ct)).ToHttp(d => d))
            .Produces<ClusterDetail>().WithName("GetCluster").WithSummary("One cluster (id: setting@formation day): its epidemic curve by report and by onset day, and its transmission graph");
        one.MapGet("/{id}/cases", Cases).Produces<Page<CaseDto>>().WithName("ListClusterCases").WithSummary("The cluster's cases in the jurisdiction, newest report first, a page at a time");
        return app;
    }

    private static async Task<IResult> List(string code, AppDbContext db, ClusterService clusters,
        [FromQuery(Name = "status")] string? status, [FromQuery(Name = "after")] string? after, [FromQuery(Name = "limit")] string? limit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        bool? active = status?.Trim() switch
        {
            null or "" => null,
            "active" => true,
            "over" => false,
            _ => Invalid(errors, "status", Messages.ClusterStatusUnknown),
        };
        var page = Request(errors, after, limit);
        if (errors.Problem is { } invalid) return invalid.ToHttp();
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == code, ct);
        return TypedResults.Ok(await clusters.ListAsync(region.Path, active, page, ct));
    }

    private static async Task<IResult> Cases(string id, HttpContext http, ClusterService clusters,
        [FromQuery(Name = "after")] string? after, [FromQuery(Name = "limit")] string? limit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = Request(errors, after, limit, Data.Surveillance.CasePaging.Newest);
        if (errors.Problem is { } invalid) return invalid.ToHttp();
        return (await clusters.CasesAsync(http.Jurisdiction(), id, page, ct)).ToHttp(p => p);
    }

    private static bool? Invalid(FieldErrors errors, string field, Text message)
    {
        errors.Add(field, message);
        return null;
    }

    private static PageRequest Request(FieldErrors errors, string? after, string? limit) => Request(errors, after, limit, ClusterService.Order);

    private static PageRequest Request<T>(FieldErrors errors, string? after, string? limit, Keyset<T> keyset)
    {
        return Paging.Parse(errors, keyset, after, limit);
    }
}
