using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Plans;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.KeyPopulations;

public sealed record ProtocolDto(string Id, string PlanId, string Clause, string Name, int? ObservationDays, string Tests, int? ExemptIfNegativeWithinDays, string? Text);
public sealed record KeyTestDto(long Id, string Kind, int Number, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string? Result, bool Overdue);
public sealed record KeyPersonDto(string Id, string PersonName, string? ResidentId, string? Phone, string Region, string Protocol, string ArrivedFrom,
    DateTimeOffset ArrivedAt, DateOnly? ObservationEnds, string Status, IReadOnlyList<KeyTestDto> Tests, bool Overdue, bool Positive);
public sealed record NewKeyPerson(string? Id, string? PersonName, string? ResidentId, string? Phone, string? Region, string? Protocol, string? ArrivedFrom,
    DateTimeOffset? ArrivedAt, DateTimeOffset? NegativeTestAt);
public sealed record TestResult(string? Result);

/// <summary>
/// Key populations (requirements G1–G3; 003 §二(三); 001 §5.1.8(4)): arrivals registered under a protocol of the plan
/// in force (the city's plan and the plans composed onto it), their tests scheduled, results recorded, the overdue shown.
/// </summary>
public static partial class KeyPopulationsApi
{
    public static IEndpointRouteBuilder MapKeyPopulations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/key-people").WithTags("Key populations").RequireJurisdiction();
        group.MapGet("/protocols", (PlanCatalog plans, FactsCache facts) => TypedResults.Ok(Protocols(plans, facts.Plan.Id).Select(p => ToDto(p.Plan, p.Protocol)).ToList()))
            .WithName("ListKeyPopulationProtocols");
        group.MapGet("/", List).WithName("ListKeyPeople").WithSummary("Key-population arrivals of the jurisdiction, with their tests; overdue and positive flagged");
        group.MapPost("/", Register).WithName("RegisterKeyPerson").WithSummary("Register an arrival under a protocol; its observation and tests are scheduled");
        group.MapPost("/{id}/tests/{testId:long}", Record).WithName("RecordKeyTest").WithSummary("Record a test result: negative or positive");
        return app;
    }

    /// <summary>The protocols in force: those of the city's plan and of every plan composed onto it (e.g. autumn-2022 onto tongliao-2020).</summary>
    public static IEnumerable<(string Plan, KeyPopulationProtocol Protocol)> Protocols(PlanCatalog plans, string cityPlan) =>
        plans.All.Where(p => p.Id == cityPlan || p.Base == cityPlan).OrderBy(p => p.Id == cityPlan ? 0 : 1)
            .SelectMany(p => p.KeyPopulations.Select(k => (p.Id, k)))
            .DistinctBy(x => x.k.Id);

    public static ProtocolDto ToDto(string plan, KeyPopulationProtocol p) =>
        new(p.Id, plan, p.Clause, p.Name, p.ObservationDays, string.Join("+", p.Tests.Select(t => t.Count)), p.ExemptIfNegativeWithinDays, p.Text);

    public static KeyPersonDto ToDto(KeyPerson p, DateTimeOffset now)
    {
        var tests = p.Tests.OrderBy(t => t.DueAt).Select(t => new KeyTestDto(t.Id, t.Kind, t.Number, t.DueAt, t.DoneAt, t.Result, t.DoneAt is null && t.DueAt < now)).ToList();
        return new KeyPersonDto(p.Id, p.PersonName, p.ResidentId is null ? null : ResidentId.Mask(p.ResidentId), p.Phone is null ? null : PhoneNumbers.Mask(p.Phone),
            p.RegionCode, p.ProtocolId, p.ArrivedFrom, p.ArrivedAt, p.ObservationEnds, EpiCommand.Domain.Scenarios.EnumNames.Of(p.Status), tests,
            tests.Any(t => t.Overdue), tests.Any(t => t.Result == "positive"));
    }

    public static async Task<List<KeyPersonDto>> LoadAsync(Jurisdiction jurisdiction, AppDbContext db, DateTimeOffset now, CancellationToken ct) =>
        (await jurisdiction.Scope(db.KeyPeople.AsNoTracking()).Include(p => p.Tests).OrderByDescending(p => p.ArrivedAt).Take(500).ToListAsync(ct))
            .Select(p => ToDto(p, now)).OrderByDescending(p => p.Positive).ThenByDescending(p => p.Overdue).ToList();

    private static async Task<Ok<List<KeyPersonDto>>> List(HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(http.Jurisdiction(), db, clock.GetUtcNow(), ct));

    private static async Task<Results<Created<KeyPersonDto>, ValidationProblem, ProblemHttpResult>> Register(NewKeyPerson request, HttpContext http, AppDbContext db,
        PlanCatalog plans, FactsCache facts, TimeProvider clock, CancellationToken ct)
    {
        var (person, errors, forbidden) = await RegisterAsync(request, http.Jurisdiction(), http.User.Identity!.Name!, db, Protocols(plans, facts.Plan.Id).Select(p => p.Protocol).ToList(), clock.GetUtcNow(), ct);
        if (forbidden) return TypedResults.Problem(title: "Outside your jurisdiction", detail: $"Region '{request.Region}' is outside your jurisdiction.", statusCode: StatusCodes.Status403Forbidden);
        if (person is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Created($"/api/key-people/{person.Id}", ToDto(person, clock.GetUtcNow()));
    }

    public static async Task<(KeyPerson? Person, Dictionary<string, string[]> Errors, bool Forbidden)> RegisterAsync(NewKeyPerson request, Jurisdiction jurisdiction, string user,
        AppDbContext db, IReadOnlyList<KeyPopulationProtocol> protocols, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Id) || !Id().IsMatch(request.Id)) errors["id"] = ["An id of letters, digits and - _ (at most 40) is required."];
        else if (await db.KeyPeople.AnyAsync(p => p.Id == request.Id, ct)) errors["id"] = [$"'{request.Id}' is already registered."];
        if (string.IsNullOrWhiteSpace(request.PersonName)) errors["personName"] = ["The person's name is required."];
        string? residentId = null;
        if (!string.IsNullOrWhiteSpace(request.ResidentId))
        {
            if (ResidentId.TryParse(request.ResidentId, out var parsed, out var error)) residentId = parsed!.Value;
            else errors["residentId"] = [error!];
        }
        var protocol = protocols.FirstOrDefault(p => p.Id == request.Protocol);
        if (protocol is null) errors["protocol"] = [$"'{request.Protocol}' is not one of {string.Join(", ", protocols.Select(p => p.Id))}."];
        if (string.IsNullOrWhiteSpace(request.ArrivedFrom)) errors["arrivedFrom"] = ["Where the person came from is required."];
        if (request.ArrivedAt is not { } arrived) errors["arrivedAt"] = ["The arrival time is required."];
        else if (arrived > now.AddMinutes(5)) errors["arrivedAt"] = ["The arrival lies in the future."];
        if (request.NegativeTestAt is { } negative && request.ArrivedAt is { } arrival && negative > arrival) errors["negativeTestAt"] = ["A test presented on arrival was taken before it."];
        Data.Regions.Region? region = null;
        var forbidden = false;
        if (string.IsNullOrWhiteSpace(request.Region)) errors["region"] = ["The community where the person registers is required."];
        else
        {
            (var access, region) = await jurisdiction.FindRegionAsync(db, request.Region, ct);
            if (access == RegionAccess.NotFound) errors["region"] = [$"No region has the code '{request.Region}'."];
            forbidden = access == RegionAccess.Forbidden;
        }
        if (forbidden || errors.Count > 0) return (null, errors, forbidden);

        var schedule = KeyPopulationSchedule.For(protocol!, request.ArrivedAt!.Value, request.NegativeTestAt);
        var person = new KeyPerson
        {
            Id = request.Id!, PersonName = request.PersonName!.Trim(), ResidentId = residentId, Phone = request.Phone?.Trim(), RegionCode = region!.Code, RegionPath = region.Path,
            ProtocolId = protocol!.Id, ArrivedFrom = request.ArrivedFrom!.Trim(), ArrivedAt = request.ArrivedAt!.Value.ToUniversalTime(), NegativeTestAt = request.NegativeTestAt?.ToUniversalTime(),
            ObservationEnds = schedule.ObservationEnds, Status = schedule.Exempt ? KeyPersonStatus.Exempt : KeyPersonStatus.UnderObservation, CreatedAt = now, CreatedBy = user,
            Tests = schedule.Tests.Select(t => new KeyPersonTest { PersonId = request.Id!, Kind = t.Kind, Number = t.Number, DueAt = t.DueAt.ToUniversalTime() }).ToList(),
        };
        db.KeyPeople.Add(person);
        await db.SaveChangesAsync(ct);
        return (person, errors, false);
    }

    private static async Task<Results<Ok<KeyPersonDto>, ValidationProblem, ProblemHttpResult>> Record(string id, long testId, TestResult input, HttpContext http, AppDbContext db,
        PlanCatalog plans, FactsCache facts, TimeProvider clock, CancellationToken ct)
    {
        if (input.Result is not ("negative" or "positive")) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["result"] = ["negative or positive."] });
        var now = clock.GetUtcNow();
        var (person, problem) = await RecordAsync(db, http.Jurisdiction(), Protocols(plans, facts.Plan.Id).Select(p => p.Protocol), id, testId, input.Result, http.User.Identity!.Name!, now, ct);
        return problem ?? (Results<Ok<KeyPersonDto>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(ToDto(person!, now));
    }

    /// <summary>Records a result. 001 §5.1.8(4): for returnees a negative test ends the isolation ("检测结果为阴性者可解除隔离");
    /// the others are released when every test is negative and the observation is over.</summary>
    public static async Task<(KeyPerson? Person, ProblemHttpResult? Problem)> RecordAsync(AppDbContext db, Jurisdiction jurisdiction, IEnumerable<KeyPopulationProtocol> protocols,
        string id, long testId, string result, string user, DateTimeOffset now, CancellationToken ct)
    {
        var person = await jurisdiction.Scope(db.KeyPeople).Include(p => p.Tests).FirstOrDefaultAsync(p => p.Id == id, ct);
        var test = person?.Tests.FirstOrDefault(t => t.Id == testId);
        if (person is null || test is null) return (null, TypedResults.Problem(title: "Not found", detail: $"No test {testId} of '{id}' in your jurisdiction.", statusCode: StatusCodes.Status404NotFound));
        if (test.DoneAt is not null) return (null, TypedResults.Problem(title: "Already recorded", detail: $"Recorded by {test.RecordedBy}.", statusCode: StatusCodes.Status409Conflict));
        test.DoneAt = now;
        test.Result = result;
        test.RecordedBy = user;
        var testAndRelease = protocols.FirstOrDefault(p => p.Id == person.ProtocolId)?.ExemptIfNegativeWithinDays is not null;
        if (person.Tests.All(t => t.Result == "negative") && (testAndRelease || person.ObservationEnds is null || person.ObservationEnds <= Domain.Time.ChinaTime.DayOf(now)))
        {
            person.Status = KeyPersonStatus.Released;
        }
        await db.SaveChangesAsync(ct);
        return (person, null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex Id();
}
