using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EpiCommand.Web.Contacts;

/// <summary>A close contact as lists show it: ID and phone masked, with where the observation stands.</summary>
public sealed record ContactDto(
    string Id, string PersonName, string? ResidentId, string? Phone, string Region, string? SourceCaseId, string? SourceContactId,
    DateTimeOffset LastContactAt, DateOnly ObservationEnds, string Site, string Status, string? CaseId,
    DateTimeOffset? NextCheckAt, long? NextCheckId, int ChecksDone, int ChecksMissed, bool Alert);

public sealed record HealthCheckDto(long Id, DateTimeOffset DueAt, DateTimeOffset? DoneAt, decimal? Temperature, bool? Symptoms, string? Note, string? RecordedBy);

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
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/contacts").WithTags("Close contacts").RequireJurisdiction();
        contacts.MapGet("/", List).WithName("ListContacts").WithSummary("Close contacts of the jurisdiction with their next check, checks done and missed, and whether they need attention");
        contacts.MapPost("/", Register).WithName("RegisterContact")
            .WithSummary("Register a close contact of a case (or of another contact) for 14 days' centralised observation after the last contact, with checks at 08:00 and 16:00 China time");
        contacts.MapGet("/alerts", Alerts).WithName("ContactAlerts").WithSummary("Contacts under observation with a missed check, or fever (≥ 37.3 °C) or symptoms on their latest check");
        contacts.MapGet("/{id}", Get).WithName("GetContact").WithSummary("A contact with every scheduled check");
        contacts.MapPost("/{id}/checks/{checkId:long}", RecordCheck).WithName("RecordCheck").WithSummary("Record a temperature and symptom check, from an hour before it is due");
        contacts.MapPost("/{id}/to-suspected", TurnIntoSuspected).WithName("TurnContactIntoSuspectedCase")
            .WithSummary("Register the contact as a suspected case (linked to the source case) and end the observation, in one step");
        contacts.MapPost("/{id}/release", Release).WithName("ReleaseContact").WithSummary("Release from observation, from the 14th day after the last contact on");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactDto>>, ValidationProblem, ProblemHttpResult>> List(HttpContext http, AppDbContext db, ContactService contacts,
        string? status, string? region, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var errors = new Dictionary<string, string[]>();
        ContactStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (EnumNames.TryParse<ContactStatus>(status, out var parsed)) wanted = parsed;
            else errors["status"] = [$"'{status}' is not one of {EnumNames.List<ContactStatus>()}."];
        }
        var (path, refused) = await RegionPathAsync(jurisdiction, db, region, errors, ct);
        if (refused is not null) return refused;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await contacts.ListAsync(jurisdiction, path, wanted, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactAlertDto>>, ValidationProblem, ProblemHttpResult>> Alerts(HttpContext http, AppDbContext db, ContactService contacts,
        string? region, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var errors = new Dictionary<string, string[]>();
        var (path, refused) = await RegionPathAsync(jurisdiction, db, region, errors, ct);
        if (refused is not null) return refused;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await contacts.AlertsAsync(jurisdiction, path, ct));
    }

    private static async Task<Results<Ok<ContactDetail>, ProblemHttpResult>> Get(string id, HttpContext http, ContactService contacts, CancellationToken ct) =>
        await contacts.GetAsync(id, http.Jurisdiction(), ct) is { } contact ? TypedResults.Ok(contact) : NotFound($"No contact '{id}' in your jurisdiction.");

    private static async Task<Results<Created<ContactDetail>, ValidationProblem, ProblemHttpResult>> Register(NewContact request, HttpContext http, ContactService contacts,
        CancellationToken ct)
    {
        var outcome = await contacts.RegisterAsync(request, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (outcome.Value is { } created) return TypedResults.Created($"/api/contacts/{created.Contact.Id}", created);
        if (outcome.Refusal == Refusal.Invalid) return TypedResults.ValidationProblem(outcome.Errors);
        return Problem(outcome.Refusal, outcome.Detail);
    }

    private static async Task<Results<Ok<HealthCheckDto>, ValidationProblem, ProblemHttpResult>> RecordCheck(string id, long checkId, CheckResult request, HttpContext http,
        ContactService contacts, CancellationToken ct)
    {
        var outcome = await contacts.RecordCheckAsync(id, checkId, request, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (outcome.Value is { } check) return TypedResults.Ok(check);
        if (outcome.Refusal == Refusal.Invalid) return TypedResults.ValidationProblem(outcome.Errors);
        return Problem(outcome.Refusal, outcome.Detail);
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem, ProblemHttpResult>> TurnIntoSuspected(string id, ToSuspected request, HttpContext http,
        ContactService contacts, CancellationToken ct)
    {
        var outcome = await contacts.TurnIntoSuspectedAsync(id, request, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (outcome.Value is { } record) return TypedResults.Created($"/api/cases/{record.Id}", CasesApi.ToDto(record));
        if (outcome.Refusal == Refusal.Invalid) return TypedResults.ValidationProblem(outcome.Errors);
        return Problem(outcome.Refusal, outcome.Detail);
    }

    private static async Task<Results<Ok<ContactDetail>, ValidationProblem, ProblemHttpResult>> Release(string id, HttpContext http, ContactService contacts, CancellationToken ct)
    {
        var outcome = await contacts.ReleaseAsync(id, http.Jurisdiction(), ct);
        if (outcome.Value is { } released) return TypedResults.Ok(released);
        if (outcome.Refusal == Refusal.Invalid) return TypedResults.ValidationProblem(outcome.Errors);
        return Problem(outcome.Refusal, outcome.Detail);
    }

    /// <summary>The path of the <c>region</c> filter (default the whole jurisdiction); a region outside the jurisdiction is refused with 403.</summary>
    private static async Task<(string Path, ProblemHttpResult? Refused)> RegionPathAsync(Jurisdiction jurisdiction, AppDbContext db, string? region,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (region is not { Length: > 0 }) return (jurisdiction.Path, null);
        var (access, found) = await jurisdiction.FindRegionAsync(db, region, ct);
        switch (access)
        {
            case RegionAccess.Forbidden:
                return (jurisdiction.Path, Forbidden($"Region '{region}' is outside your jurisdiction."));
            case RegionAccess.NotFound:
                errors["region"] = [$"No region has the code '{region}'."];
                return (jurisdiction.Path, null);
            default:
                return (found!.Path, null);
        }
    }

    private static ProblemHttpResult Problem(Refusal refusal, string? detail) => refusal switch
    {
        Refusal.NotFound => NotFound(detail!),
        Refusal.Forbidden => Forbidden(detail!),
        _ => TypedResults.Problem(title: "Not possible now", detail: detail, statusCode: StatusCodes.Status409Conflict),
    };

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Contact not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Outside your jurisdiction", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
