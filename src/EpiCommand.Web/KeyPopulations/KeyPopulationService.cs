using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.KeyPopulations;

/// <summary>
/// Key populations (requirements G1–G3; 003 §二(三); 001 §5.1.8(4)): arrivals registered under a protocol of the plan
/// in force (the city's plan and the plans composed onto it), their tests scheduled, results recorded, the overdue shown.
/// </summary>

public sealed class KeyPopulationService(AppDbContext db, PlanCatalog plans, FactsCache facts, TimeProvider clock)
{

    /// <summary>The protocols in force: those of the city's plan and of every plan composed onto it (e.g. autumn-2022 onto tongliao-2020).</summary>
    public IReadOnlyList<(string Plan, KeyPopulationProtocol Protocol)> Protocols()
    {
        var cityPlan = facts.Plan.Id;
        return plans.All.Where(p => p.Id == cityPlan || p.Base == cityPlan).OrderBy(p => p.Id == cityPlan ? 0 : 1)
            .SelectMany(p => p.KeyPopulations.Select(k => (p.Id, k)))
            .DistinctBy(x => x.k.Id).ToList();
    }

    public IReadOnlyList<ProtocolDto> ProtocolDtos() => Protocols().Select(p => ToDto(p.Plan, p.Protocol)).ToList();

    /// <summary>Arrivals newest first, ties by id (issue 12 §1: a page at a time, the API and the page alike).</summary>
    public static readonly Keyset<KeyPerson> Newest = Keyset<KeyPerson>.By(p => p.ArrivedAt, p => p.Id, descending: true);

    /// <summary>A page of the arrivals a filter keeps: a region path, a status, an arrival time range, an id or name prefix.</summary>
    public Task<Page<KeyPersonDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<KeyPersonStatus> filter, PageRequest page, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return Newest.PageAsync(Shape.Apply(db.KeyPeople.AsNoTracking(), jurisdiction, filter, db.PersonLookup).Include(p => p.Tests), page, p => ToDto(p, now), ct);
    }

    public static readonly ListShape<KeyPerson, KeyPersonStatus> Shape = new(p => p.Status, p => p.ArrivedAt, p => p.Id, p => p.PersonName);

    public async Task<Outcome<KeyPersonDto>> RegisterAsync(NewKeyPerson request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var protocols = Protocols().Select(p => p.Protocol).ToList();
        var errors = new FieldErrors();
        var id = request.Id?.Trim();
        if (string.IsNullOrEmpty(id) || !CaseRules.RecordId().IsMatch(id)) errors.Add("id", Messages.KeyPersonIdRequired);
        var (name, residentId, phone) = PersonFields.Check(errors, request.PersonName, request.ResidentId, request.Phone);
        var protocol = protocols.FirstOrDefault(p => p.Id == request.Protocol);
        if (protocol is null) errors.Add("protocol", Messages.OneOf(request.Protocol ?? "", string.Join(", ", protocols.Select(p => p.Id))));
        var arrivedFrom = errors.Text("arrivedFrom", request.ArrivedFrom, Limits.LineCharacters, Messages.ArrivedFromRequired);
        if (request.ArrivedAt is not { } arrived) errors.Add("arrivedAt", Messages.ArrivedAtRequired);
        else if (arrived > now.AddMinutes(5)) errors.Add("arrivedAt", Messages.InFuture);
        errors.NotAhead("negativeTestAt", request.NegativeTestAt, now);
        if (request.NegativeTestAt is { } negative && request.ArrivedAt is { } arrival && negative > arrival) errors.Add("negativeTestAt", Messages.NegativeTestAfterArrival);
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (errors.Problem is { } invalid) return invalid;
        // Taken anywhere, in the jurisdiction or not: the same 409 (issue 13, defect 7).
        if (await db.KeyPeople.AnyAsync(p => p.Id == id, ct)) return CaseService.IdNotAvailable(id!);

        var schedule = KeyPopulationSchedule.For(protocol!, request.ArrivedAt!.Value, request.NegativeTestAt);
        var person = new KeyPerson
        {
            Id = id!, PersonName = name!, ResidentId = residentId, Phone = phone, RegionCode = region.Value!.Code, RegionPath = region.Value.Path,
            ProtocolId = protocol!.Id, ArrivedFrom = arrivedFrom!, ArrivedAt = request.ArrivedAt!.Value.ToUniversalTime(), NegativeTestAt = request.NegativeTestAt?.ToUniversalTime(),
            ObservationEnds = schedule.ObservationEnds, Status = schedule.Exempt ? KeyPersonStatus.Exempt : KeyPersonStatus.UnderObservation, CreatedAt = now, CreatedBy = user,
            Tests = schedule.Tests.Select(t => new KeyPersonTest { PersonId = id!, Kind = t.Kind, Number = t.Number, DueAt = t.DueAt.ToUniversalTime() }).ToList(),
        };
        db.KeyPeople.Add(person);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another registration of the same id committed between the check above and this insert.
            db.ChangeTracker.Clear();
            if (await db.KeyPeople.AsNoTracking().AnyAsync(p => p.Id == id, CancellationToken.None)) return CaseService.IdNotAvailable(id!);
            throw;
        }
        return ToDto(person, now);
    }

    /// <summary>
    /// Records a result. 001 §5.1.8(4): for returnees a negative test ends the isolation ("检测结果为阴性者可解除隔离");
    /// the others are released when every test is negative and the observation is over. A test is recorded once: of two
    /// results sent at the same moment one is stored and the other refused, and the release is decided on what is stored.
    /// </summary>
    public async Task<Outcome<KeyPersonDto>> RecordAsync(string id, long testId, string? result, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        if (result is not ("negative" or "positive")) return Problem.Invalid("result", Messages.OneOf(result ?? "", "negative, positive"));
        var now = clock.GetUtcNow();
        if (!await jurisdiction.Scope(db.KeyPeople).AnyAsync(p => p.Id == id && p.Tests.Any(t => t.Id == testId), ct))
        {
            return Problem.NotFound("key-test-not-found", Messages.NoSuchKeyTest(id, testId));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Lock the person first (a row lock on PostgreSQL, the write lock on SQLite) so that the release below is decided
        // on every result recorded before it.
        await db.KeyPeople.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);
        var recorded = await db.KeyPersonTests.Where(t => t.Id == testId && t.PersonId == id && t.DoneAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DoneAt, now).SetProperty(t => t.Result, result).SetProperty(t => t.RecordedBy, user), ct);
        if (recorded == 0)
        {
            var by = await db.KeyPersonTests.Where(t => t.Id == testId).Select(t => t.RecordedBy).FirstOrDefaultAsync(ct);
            return Problem.Conflict("key-test-recorded", Messages.KeyTestRecorded(by ?? "?"));
        }
        var person = await db.KeyPeople.AsNoTracking().Include(p => p.Tests).FirstAsync(p => p.Id == id, ct);
        var testAndRelease = Protocols().FirstOrDefault(p => p.Protocol.Id == person.ProtocolId).Protocol?.ExemptIfNegativeWithinDays is not null;
        if (person.Status == KeyPersonStatus.UnderObservation && person.Tests.All(t => t.Result == "negative")
            && (testAndRelease || person.ObservationEnds is null || person.ObservationEnds <= ChinaTime.DayOf(now)))
        {
            await db.KeyPeople.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, KeyPersonStatus.Released), ct);
            person.Status = KeyPersonStatus.Released;
        }
        await transaction.CommitAsync(ct);
        return ToDto(person, now);
    }

    public static ProtocolDto ToDto(string plan, KeyPopulationProtocol p) =>
        new(p.Id, plan, p.Clause, p.Name, p.ObservationDays, string.Join("+", p.Tests.Select(t => t.Count)), p.ExemptIfNegativeWithinDays, p.Text);

    public static KeyPersonDto ToDto(KeyPerson p, DateTimeOffset now)
    {
        var tests = p.Tests.OrderBy(t => t.DueAt).Select(t => new KeyTestDto(t.Id, t.Kind, t.Number, t.DueAt, t.DoneAt, t.Result, t.DoneAt is null && t.DueAt < now)).ToList();
        return new KeyPersonDto(p.Id, p.PersonName, p.ResidentId is null ? null : ResidentId.Mask(p.ResidentId), p.Phone is null ? null : PhoneNumbers.Mask(p.Phone),
            p.RegionCode, p.ProtocolId, p.ArrivedFrom, p.ArrivedAt, p.ObservationEnds, EpiCommand.Domain.Scenarios.EnumNames.Of(p.Status), tests,
            tests.Any(t => t.Overdue), tests.Any(t => t.Result == "positive"));
    }
}
