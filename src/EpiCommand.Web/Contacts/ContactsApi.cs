using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;

namespace EpiCommand.Web.Contacts;

/// <summary>A close contact as lists show it: ID and phone masked, with where the observation stands.</summary>
public sealed record ContactDto(
    string Id, string PersonName, string? ResidentId, string? Phone, string Region, string? SourceCaseId, string? SourceContactId,
    DateTimeOffset LastContactAt, DateOnly ObservationEnds, string Site, string Status, string? CaseId,
    DateTimeOffset? NextCheckAt, int? NextCheckSlot, int ChecksDone, int ChecksMissed, bool Alert);

/// <summary>One of a contact's check slots: <c>slot</c> numbers them from 1 (the first check after registration); done when <c>doneAt</c> is set.</summary>
public sealed record HealthCheckDto(int Slot, DateTimeOffset DueAt, DateTimeOffset? DoneAt, decimal? Temperature, bool? Symptoms, string? Note, string? RecordedBy);

public sealed record ContactDetail(ContactDto Contact, IReadOnlyList<HealthCheckDto> Checks);

/// <summary>Why a contact needs attention now: <see cref="AlertReasons"/>, with the missed checks and the latest check.</summary>
public sealed record ContactAlertDto(
    ContactDto Contact, IReadOnlyList<string> Reasons, int ChecksMissed, DateTimeOffset? MissedSince,
    decimal? Temperature, bool? Symptoms, string? SymptomNote, DateTimeOffset? CheckedAt);

public static class AlertReasons
{
    public const string MissedCheck = "missedCheck";
    public const string Fever = "fever";
    public const string Symptoms = "symptoms";
}

/// <summary>Close contacts under centralised medical observation (requirements E4; 001 §5.2.7, §5.3.11).</summary>
public static class ContactsApi
{
    public static WebApplicationBuilder AddContacts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ContactService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/contacts").WithTags("Close contacts").RequireJurisdiction().WithRefusals();
        contacts.MapGet("/", List).Produces<Page<ContactDto>>().WithName("ListContacts")
            .WithSummary("Close contacts of the jurisdiction with their next check, checks done and missed, and whether they need attention; a page at a time, newest registration first; filter by region, status, last contact from/to; q: id or name prefix");
        contacts.MapPost("/", Register).Produces<ContactDetail>(StatusCodes.Status201Created).WithName("RegisterContact")
            .WithSummary("Register a close contact of a case (or of another contact) for 14 days' centralised observation after the last contact, with checks at 08:00 and 16:00 China time");
        contacts.MapGet("/alerts", Alerts).Produces<Page<ContactAlertDto>>().WithName("ContactAlerts").WithSummary("Contacts under observation with a missed check, or fever (≥ 37.3 °C) or symptoms on their latest check; at most one page (200), `moreThan` when there are more");
        contacts.MapGet("/{id}", Get).Produces<ContactDetail>().WithName("GetContact").WithSummary("A contact with every check slot of the observation (at most 15 days × 2), done or not");
        contacts.MapPost("/{id}/checks/{slot:int}", RecordCheck).Produces<HealthCheckDto>().WithName("RecordCheck")
            .WithSummary("Record the temperature and symptom check of one slot (numbered from 1, as the contact's checks list them), from an hour before it is due, once");
        contacts.MapPost("/{id}/to-suspected", TurnIntoSuspected).Produces<CaseDto>(StatusCodes.Status201Created).WithName("TurnContactIntoSuspectedCase")
            .WithSummary("Register the contact as a suspected case (linked to the source case) and end the observation, in one step");
        contacts.MapPost("/{id}/release", Release).Produces<ContactDetail>().WithName("ReleaseContact").WithSummary("Release from observation, from the 14th day after the last contact on");
        return app;
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, ContactService contacts, [AsParameters] ListQuery query, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var list = await query.FilterAsync<CloseContact, ContactStatus>(jurisdiction, db, ContactPaging.Newest, ct);
        if (list.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await contacts.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct));
    }

    private static async Task<IResult> Alerts(HttpContext http, AppDbContext db, ContactService contacts, string? region, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var path = await jurisdiction.RegionFilterAsync(db, region, ct);
        if (path.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await contacts.AlertsAsync(jurisdiction, path.Value!, ct));
    }

    private static async Task<IResult> Get(string id, HttpContext http, ContactService contacts, CancellationToken ct) =>
        await contacts.GetAsync(id, http.Jurisdiction(), ct) is { } contact
            ? TypedResults.Ok(contact)
            : Problem.NotFound("contact-not-found", Messages.NoSuchContact(id)).ToHttp();

    private static async Task<IResult> Register(NewContact request, HttpContext http, ContactService contacts, CancellationToken ct) =>
        (await contacts.RegisterAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(c => $"/api/contacts/{c.Contact.Id}", c => c);

    private static async Task<IResult> RecordCheck(string id, int slot, CheckResult request, HttpContext http, ContactService contacts, CancellationToken ct) =>
        (await contacts.RecordCheckAsync(id, slot, request, http.Jurisdiction(), http.User.UserName(), ct)).ToHttp(c => c);

    private static async Task<IResult> TurnIntoSuspected(string id, ToSuspected request, HttpContext http, ContactService contacts, CancellationToken ct) =>
        (await contacts.TurnIntoSuspectedAsync(id, request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(c => $"/api/cases/{c.Id}", CasesApi.ToDto);

    private static async Task<IResult> Release(string id, HttpContext http, ContactService contacts, CancellationToken ct) =>
        (await contacts.ReleaseAsync(id, http.Jurisdiction(), ct)).ToHttp(c => c);
}
