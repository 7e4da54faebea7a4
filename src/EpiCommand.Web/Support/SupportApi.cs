using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Support;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Support;

/// <summary>Emergency support over HTTP (seed 000; issue 16): the endpoints call <see cref="SupportService"/>, as the page does.</summary>
public static class SupportApi
{
    public static WebApplicationBuilder AddSupport(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SupportService>();
        // The coupled allocation's solver settings (docs/support.md "Vehicles"): time limit, relative gap, cost of a trip.
        builder.Services.Configure<SupportAllocator.TransportOptions>(builder.Configuration.GetSection("Support:Allocation"));
        builder.Services.AddHostedService<SupportWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSupport(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/support").WithTags("Support").RequireJurisdiction().WithRefusals();

        group.MapGet("/", List).Produces<Page<SupportDto>>().WithName("ListSupportRequests")
            .WithSummary("Support requests of the jurisdiction, newest first, a page at a time; region (county), status (submitted, accepted, partlyAccepted, declined, dispatched, received), kind, group (working group), from/to, q: destination or requester prefix");
        group.MapGet("/routes", (SupportService support) => TypedResults.Ok(Routes(support)))
            .Produces<SupportRoutesDto>().WithName("ListSupportRoutes").WithSummary("The kinds of support and the working group the plan names to answer each (000 §三)");
        group.MapGet("/{id:long}", async (long id, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.GetAsync(id, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().WithName("GetSupportRequest");
        group.MapPost("/", async (NewSupportRequest request, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.AskAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(r => $"/api/support/{r.Id}", r => r))
            .Produces<SupportDto>(StatusCodes.Status201Created).RequireAuthorization(SuppliesApi.KeepersOnly).WithName("AskSupport")
            .WithSummary("A county asks the city for support (000 §三(六)1): region (county), kind, quantity or lines [{itemId, quantity}] for materials, neededBy, destination, reason; routed to the plan's working group");
        group.MapPost("/{id:long}/decision", async (long id, SupportDecision input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.DecideAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("DecideSupport")
            .WithSummary("The city's working group answers: decision accept, partial (quantity, or lines with accepted quantities) or decline, with a reason; once (409 when already answered)");
        group.MapPost("/{id:long}/escalation", async (long id, SupportNote input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.EscalateAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("EscalateSupport")
            .WithSummary("Pass what the city cannot cover (partly accepted or declined) to the region (000 §三(一)3, §三(四)4), with a note; once");
        group.MapPost("/{id:long}/region-answer", async (long id, RegionAnswer input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.AnswerForRegionAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("AnswerSupportForRegion")
            .WithSummary("The autonomous region's headquarters answers what the city escalated (001 §5.4.10), on the same record: decision accept or decline, note (required with decline); once");
        group.MapPost("/{id:long}/dispatch", async (long id, SupportDispatch input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.DispatchAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("DispatchSupport")
            .WithSummary("Dispatch an accepted request: materials as issues from depots (shipments [{depotId, itemId, quantity}]) through the stock ledger, once; beyond the stock 409 naming what is available");
        group.MapPost("/{id:long}/receipt", async (long id, SupportReceipt input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.ReceiveAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(r => r))
            .Produces<SupportDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("ReceiveSupport")
            .WithSummary("The requesting county confirms receipt; materials are received into its depot (depotId) as ledger lines, once");
        group.MapGet("/allocation", async (HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.ProposeAsync(http.User, http.Jurisdiction(), ct)).ToHttp(p => p))
            .Produces<AllocationProposal>().WithName("ProposeSupportAllocation")
            .WithSummary("The optimal allocation (OR-Tools min-cost flow per item) of the open accepted materials requests across the depots, with the greedy baseline's cost and unmet quantity");
        group.MapPost("/allocation", async (AllocationApproval input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.ApproveAsync(input, http.User, http.Jurisdiction(), ct)).ToHttp(l => l))
            .Produces<IReadOnlyList<SupportDto>>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("ApproveSupportAllocation")
            .WithSummary("Approve an allocation (as proposed or edited): shipments [{requestId, depotId, itemId, quantity}]; every request named is dispatched, all in one change");
        // Vehicles of the transport group per depot (000 §三(五)2): their capacity couples the allocation's items.
        group.MapGet("/vehicles", async Task<IResult> (HttpContext http, SupportService support, [FromQuery] int? depot, [FromQuery] string? after, [FromQuery] int? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = Paging.Request(errors, SupportService.NewestVehicles, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await support.ListVehiclesAsync(http.Jurisdiction(), depot, page, ct));
            })
            .Produces<Page<VehicleDto>>().WithName("ListSupportVehicles")
            .WithSummary("Vehicles registered for the depots of the jurisdiction, newest first; depot narrows to one depot");
        group.MapPost("/vehicles", async (NewVehicle input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.AddVehicleAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(v => $"/api/support/vehicles/{v.Id}", v => v))
            .Produces<VehicleDto>(StatusCodes.Status201Created).RequireAuthorization(SuppliesApi.KeepersOnly).WithName("AddSupportVehicle")
            .WithSummary("Register a vehicle for a depot of the jurisdiction: {depotId, plate, capacity (litres a trip), trips (a day), driver?, driverPhone?}");
        group.MapDelete("/vehicles/{id:int}", async (int id, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.RemoveVehicleAsync(id, http.User, http.Jurisdiction(), ct)).ToHttp(v => v))
            .Produces<VehicleDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("RemoveSupportVehicle");
        // Substitutes of the city's catalogue (issue 16 §3): an item the city accepts in place of another, one for one.
        group.MapGet("/substitutes", async Task<IResult> (HttpContext http, SupportService support, [FromQuery] int? item, [FromQuery] string? after, [FromQuery] int? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = Paging.Request(errors, SupportService.NewestSubstitutes, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await support.ListSubstitutesAsync(http.Jurisdiction(), item, page, ct));
            })
            .Produces<Page<SubstituteDto>>().WithName("ListSupplySubstitutes")
            .WithSummary("The accepted substitutes of the user's city (and, for the region, every city's), newest first; item narrows to one item");
        group.MapPost("/substitutes", async (NewSubstitute input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.AddSubstituteAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(s => $"/api/support/substitutes/{s.Id}", s => s))
            .Produces<SubstituteDto>(StatusCodes.Status201Created).RequireAuthorization(SuppliesApi.KeepersOnly).WithName("AddSupplySubstitute")
            .WithSummary("The city accepts substituteId in place of itemId, one for one (same unit and kind): region (a city, default the user's), itemId, substituteId, note; once (409)");
        group.MapDelete("/substitutes/{id:long}", async (long id, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.RemoveSubstituteAsync(id, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<SubstituteDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("RemoveSupplySubstitute")
            .WithSummary("The city withdraws a substitute; what was dispatched with it stays recorded");
        // Mutual aid between counties (000 §二(五), §三(四)3; 001 §5.4.9): a county offers from its depot, the city approves.
        group.MapGet("/needs", async Task<IResult> (HttpContext http, SupportService support, [FromQuery] string? after, [FromQuery] int? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = Paging.Request(errors, SupportService.Newest, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await support.NeedsAsync(http.Jurisdiction(), page, ct));
            })
            .Produces<Page<SupportNeedDto>>().WithName("ListSupportNeeds")
            .WithSummary("Open materials requests of the other counties of the user's city (what a county may offer mutual aid to): items, quantities, needed by, destination; a page");
        group.MapGet("/offers", async Task<IResult> (HttpContext http, SupportService support, [FromQuery] long? request, [FromQuery] string? status, [FromQuery] string? after, [FromQuery] int? limit,
                CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                SupportOfferState? state = null;
                if (!string.IsNullOrWhiteSpace(status))
                {
                    if (EnumNames.TryParse<SupportOfferState>(status.Trim(), out var parsed)) state = parsed;
                    else errors.Add("status", Messages.OneOf(status, EnumNames.List<SupportOfferState>()));
                }
                var page = Paging.Request(errors, SupportService.NewestOffers, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await support.ListOffersAsync(http.Jurisdiction(), request, state, page, ct));
            })
            .Produces<Page<SupportOfferDto>>().WithName("ListSupportOffers")
            .WithSummary("Mutual-aid offers the user may see (those its county made, those answering its requests; the city all), newest first; request (id), status (offered, approved, declined)");
        group.MapGet("/offers/{id:long}", async (long id, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.GetOfferAsync(id, http.Jurisdiction(), ct)).ToHttp(o => o))
            .Produces<SupportOfferDto>().WithName("GetSupportOffer");
        group.MapPost("/{id:long}/offers", async (long id, NewSupportOffer input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.OfferAsync(id, input, http.User, http.Jurisdiction(), ct)).ToCreated(o => $"/api/support/offers/{o.Id}", o => o))
            .Produces<SupportOfferDto>(StatusCodes.Status201Created).RequireAuthorization(SuppliesApi.KeepersOnly).WithName("OfferSupport")
            .WithSummary("A county's headquarters offers mutual aid to another county's open materials request of its city: depotId (its own), lines [{itemId, quantity}], note");
        group.MapPost("/offers/{id:long}/withdrawal", async (long id, SupportNote input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.WithdrawOfferAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(o => o))
            .Produces<SupportOfferDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("WithdrawSupportOffer")
            .WithSummary("The offering county withdraws its offer while still offered: {note?}; decided already 409");
        group.MapPost("/offers/{id:long}/decision", async (long id, SupportOfferDecision input, HttpContext http, SupportService support, CancellationToken ct) =>
                (await support.DecideOfferAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(o => o))
            .Produces<SupportOfferDto>().RequireAuthorization(SuppliesApi.KeepersOnly).WithName("DecideSupportOffer")
            .WithSummary("The city approves (the items are issued from the offering county's depot through the ledger and the request dispatched; beyond the stock 409) or declines (with a note) an offer; once");
        return app;
    }

    public static SupportRoutesDto Routes(SupportService support)
    {
        var rules = support.Rules;
        return new SupportRoutesDto(rules is null ? null : "city", rules?.Clause, rules?.EscalateTo, rules?.EscalationClause, rules?.EscalationGroup,
            [.. (rules?.Routes ?? []).Select(r => new SupportRouteDto(EnumNames.Of(r.Kind), Messages.SupportKindName(r.Kind).ToString(), r.Group, r.Clause, r.Name, SupportRules.IsMaterials(r.Kind),
                r.When?.CityResponse ?? [], r.When?.CountyResponse ?? [], r.When?.SevereShortage ?? false, r.When?.Clause, r.ViaRegion))]);
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, SupportService support, [AsParameters] ListQuery query, [FromQuery] string? kind, [FromQuery] string? group,
        CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var errors = new FieldErrors();
        SupportKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (EnumNames.TryParse<SupportKind>(kind.Trim(), out var parsed)) k = parsed;
            else errors.Add("kind", Messages.OneOf(kind, EnumNames.List<SupportKind>()));
        }
        if (group is { Length: > 100 }) errors.Add("group", Messages.OneOf(group[..20], string.Join(", ", (support.Rules?.Routes ?? []).Select(r => r.Group).Distinct())));
        var list = await query.FilterAsync<SupportRequest, SupportState>(jurisdiction, db, SupportService.Newest, ct, errors);
        if (list.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await support.ListAsync(jurisdiction, list.Value.Filter, k, group, list.Value.Page, ct));
    }
}

/// <summary>Once a minute, presses (督办) each support request unanswered past its needed-by time, once (issue 16 §5; J5).</summary>
public sealed class SupportWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SupportWatcher> logger) : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Pressing the overdue support requests";

    protected override Task ScanAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<SupportService>().AnnounceOverdueAsync(ct);
}
