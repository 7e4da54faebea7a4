using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Transfers;

public sealed record TransferDto(long Id, int From, string FromName, int To, string ToName, string Region, string PatientRecord, string Reason,
    bool ConfirmedOrSuspected, bool OriginAuthoritiesApproved, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>Patient transfers checked against 001 §6 over HTTP: the endpoints call <see cref="TransferService"/>, as the page does.</summary>
public static class TransfersApi
{
    public static WebApplicationBuilder AddTransfers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TransferService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/transfers").WithTags("Patient transfers").RequireJurisdiction().WithRefusals();
        group.MapGet("/", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<PatientTransfer, NoStatus>(jurisdiction, db, Newest, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await ListAsync(jurisdiction, db, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<TransferDto>>()
            .WithName("ListTransfers").WithSummary("Transfers that passed the checks of 001 §6, newest first, a page at a time; region (the sending hospital's), from/to, q: record number prefix");
        group.MapPost("/", async (NewTransfer request, HttpContext http, TransferService service, AppDbContext db, CancellationToken ct) =>
            {
                var outcome = await service.RequestAsync(request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } problem) return problem.ToHttp();
                var dto = (await DtosAsync(db, [outcome.Value!], ct))[0];
                return TypedResults.Created($"/api/transfers/{dto.Id}", dto);
            })
            .Produces<TransferDto>(StatusCodes.Status201Created)
            .WithName("RequestTransfer").WithSummary("Request a patient's transfer between hospitals: checked against the prohibitions of 001 §6 and refused (400, urn:epicommand:problem:transfer-banned) naming each one broken");
        return app;
    }

    public static readonly Keyset<PatientTransfer> Newest = Keyset<PatientTransfer>.By(t => t.Id, descending: true);
    public static readonly ListShape<PatientTransfer, NoStatus> Shape = new(null, t => t.RequestedAt, t => t.PatientRecord);

    public static Task<Page<TransferDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.PatientTransfers.AsNoTracking(), jurisdiction, filter), page, (rows, token) => DtosAsync(db, rows, token), ct);

    private static async Task<IReadOnlyList<TransferDto>> DtosAsync(AppDbContext db, IReadOnlyList<PatientTransfer> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(t => new[] { t.FromHospitalId, t.ToHospitalId }).Distinct().ToList();
        var names = await db.Hospitals.AsNoTracking().Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Name, ct);
        return rows.Select(t => new TransferDto(t.Id, t.FromHospitalId, names.GetValueOrDefault(t.FromHospitalId, ""), t.ToHospitalId, names.GetValueOrDefault(t.ToHospitalId, ""),
            t.RegionCode, t.PatientRecord, t.Reason, t.ConfirmedOrSuspected, t.OriginAuthoritiesApproved, t.RequestedBy, t.RequestedAt)).ToList();
    }
}
