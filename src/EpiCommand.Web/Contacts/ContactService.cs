using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Contacts;

public sealed record NewContact(
    string? Id, string? PersonName, string? ResidentId, string? Phone, string? Region, string? SourceCaseId, string? SourceContactId,
    DateTimeOffset? LastContactAt, string? Site);

public sealed record CheckResult(decimal? Temperature, bool? Symptoms, string? Note);

public sealed record ToSuspected(string? CaseId, DateTimeOffset? ReportedAt);

/// <summary>
/// The checks a new close contact passes whether it is typed in or read from a line list; errors are keyed by the field
/// names of <see cref="NewContact"/>. Whether the id is free and the source case or contact exists is left to the caller.
/// </summary>
public static class ContactRules
{
    public const int MaxSiteLength = 100;

    public static async Task<(CloseContact? Contact, Problem? Problem)> CheckAsync(NewContact request,
        Func<string, CancellationToken, Task<(RegionAccess Access, Data.Regions.Region? Region)>> findRegion, string user, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var id = request.Id?.Trim();
        if (string.IsNullOrEmpty(id)) errors.Add("id", Messages.ContactIdRequired);
        else if (!CaseRules.RecordId().IsMatch(id)) errors.Add("id", Messages.NotAContactId(id));

        var (name, residentId, phone) = PersonFields.Check(errors, request.PersonName, request.ResidentId, request.Phone);

        Data.Regions.Region? region = null;
        if (string.IsNullOrWhiteSpace(request.Region)) errors.Add("region", Messages.RegionRequired);
        else
        {
            (var access, region) = await findRegion(request.Region.Trim(), ct);
            if (access == RegionAccess.NotFound) errors.Add("region", Messages.NoSuchRegion(request.Region.Trim()));
            if (access == RegionAccess.Forbidden) return (null, Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(request.Region.Trim())));
        }

        var sourceCase = string.IsNullOrWhiteSpace(request.SourceCaseId) ? null : request.SourceCaseId.Trim();
        var sourceContact = string.IsNullOrWhiteSpace(request.SourceContactId) ? null : request.SourceContactId.Trim();
        if (sourceCase is null && sourceContact is null) errors.Add("sourceCaseId", Messages.SourceRequired);
        else if (sourceCase is not null && sourceContact is not null) errors.Add("sourceContactId", Messages.SourceEitherOr);

        if (request.LastContactAt is not { } lastContact) errors.Add("lastContactAt", Messages.LastContactRequired);
        else if (lastContact > now.AddMinutes(5)) errors.Add("lastContactAt", Messages.InFuture);

        var site = errors.Text("site", request.Site, MaxSiteLength, Messages.SiteRequired);

        if (errors.Problem is { } invalid) return (null, invalid);
        return (new CloseContact
        {
            Id = id!, PersonName = name!, ResidentId = residentId, Phone = phone, RegionCode = region!.Code, RegionPath = region.Path,
            SourceCaseId = sourceCase, SourceContactId = sourceContact, LastContactAt = request.LastContactAt!.Value.ToUniversalTime(),
            ObservationEnds = Observation.EndsOn(request.LastContactAt.Value), Site = site!, Status = ContactStatus.UnderObservation,
            CreatedAt = now, CreatedBy = user,
        }, null);
    }
}

/// <summary>
/// Close contacts under centralised medical observation (001 §5.2.7, requirements E4): registers them with their
/// check schedule, records the twice-daily checks, raises a missed check or a fever at once, turns a contact
/// into a suspected case in one step and releases them when the 14 days are over. Contacts of contacts
/// (001 §5.3.11) name the contact they came from.
/// </summary>

/// <summary>Contacts newest registration first, ties by id (the index on CreatedAt, Id): a contact just registered heads the list.</summary>
public static class ContactPaging
{
    public static readonly Keyset<CloseContact> Newest = Keyset<CloseContact>.By(c => c.CreatedAt, c => c.Id, descending: true);

    /// <summary>A list of contacts filters on the status and the last contact, and searches an id or a name prefix.</summary>
    public static readonly ListShape<CloseContact, ContactStatus> Shape = new(c => c.Status, c => c.LastContactAt, c => c.Id, c => c.PersonName);
}

public sealed class ContactService(AppDbContext db, CaseService cases, FactsCache facts, PictureCache pictures, TimeProvider clock)
{
    public async Task<Outcome<ContactDetail>> RegisterAsync(NewContact request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (contact, problem) = await ContactRules.CheckAsync(request, (code, token) => jurisdiction.FindRegionAsync(db, code, token), user, now, ct);
        if (problem is { Kind: ProblemKind.Forbidden }) return problem;
        var errors = new FieldErrors();
        errors.Add(problem);
        var id = request.Id?.Trim();
        var sourceCase = request.SourceCaseId?.Trim();
        var sourceContact = request.SourceContactId?.Trim();
        if (!errors.Has("sourceCaseId") && !errors.Has("sourceContactId"))
        {
            if (sourceCase is { Length: > 0 } && !await jurisdiction.Scope(db.Cases).AnyAsync(c => c.Id == sourceCase, ct)) errors.Add("sourceCaseId", Messages.NoSuchCase(sourceCase));
            if (sourceContact is { Length: > 0 } && !await jurisdiction.Scope(db.Contacts).AnyAsync(c => c.Id == sourceContact, ct)) errors.Add("sourceContactId", Messages.NoSuchContact(sourceContact));
        }
        // 001 §5.2.7: observation lasts 14 days from the last contact; a contact whose 14 days are over is not registered.
        var schedule = contact is null ? [] : Observation.Schedule(now, contact.ObservationEnds).ToList();
        if (contact is not null && schedule.Count == 0) errors.Add("lastContactAt", Messages.ObservationOver(contact.ObservationEnds));
        if (errors.Problem is { } invalid) return invalid;
        // Taken anywhere, in the jurisdiction or not: the same 409 (issue 13, defect 7).
        if (await db.Contacts.AnyAsync(c => c.Id == id, ct)) return CaseService.IdNotAvailable(id!);

        // The schedule is derived from the registration and the last day (issue 12): no check row until a check is done.
        db.Contacts.Add(contact!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another registration of the same id committed between the check above and this insert.
            db.ChangeTracker.Clear();
            if (await db.Contacts.AsNoTracking().AnyAsync(c => c.Id == contact!.Id, CancellationToken.None)) return CaseService.IdNotAvailable(contact!.Id);
            throw;
        }
        pictures.Invalidate();
        return (await GetAsync(contact!.Id, jurisdiction, ct))!;
    }

    /// <summary>
    /// Records the check of slot <paramref name="slot"/> (1 = the contact's first check after registration, <see cref="HealthCheckDto.Slot"/>);
    /// a check is taken when it is due, at most an hour early, and only once: the row is written only now, and the unique
    /// (contact, due time) makes a second nurse recording the same slot at the same moment lose (409), not overwrite.
    /// </summary>
    public async Task<Outcome<HealthCheckDto>> RecordCheckAsync(string id, int slot, CheckResult request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return Problem.NotFound("contact-not-found", Messages.NoSuchContact(id));
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var count = contact.LastCheckSlot - contact.FirstCheckSlot + 1;
        if (slot < 1 || slot > count)
        {
            errors.Add("slot", Messages.NoSuchCheck(id, slot, Math.Max(count, 0)));
            return errors.Problem!;
        }
        var dueAt = Observation.SlotTime(contact.FirstCheckSlot + slot - 1);
        if (contact.Status != ContactStatus.UnderObservation) return NotObserved(contact);
        var done = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DueAt == dueAt).Select(h => h.DoneAt).FirstOrDefaultAsync(ct);
        if (done is not null) return Problem.Conflict("check-recorded", Messages.CheckAlreadyRecorded(dueAt, done));

        if (dueAt > now + Observation.EarlyWindow) errors.Add("slot", Messages.CheckTooEarly(dueAt, dueAt - Observation.EarlyWindow));
        if (request.Temperature is not { } temperature) errors.Add("temperature", Messages.TemperatureRequired);
        else if (temperature is < Observation.LowestTemperature or > Observation.HighestTemperature) errors.Add("temperature", Messages.NotABodyTemperature(temperature));
        if (request.Symptoms is null) errors.Add("symptoms", Messages.SymptomsRequired);
        var note = errors.Text("note", request.Note, Limits.LineCharacters, multiline: true);
        if (errors.Problem is { } invalid) return invalid;

        var rounded = Math.Round(request.Temperature!.Value, 1, MidpointRounding.AwayFromZero);
        var check = new HealthCheck { ContactId = id, DueAt = dueAt, DoneAt = now, Temperature = rounded, Symptoms = request.Symptoms, SymptomNote = note, RecordedBy = user };
        db.HealthChecks.Add(check);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.HealthChecks.AsNoTracking().AnyAsync(h => h.ContactId == id && h.DueAt == dueAt, CancellationToken.None))
            {
                return Problem.Conflict("check-recorded", Messages.CheckAlreadyRecorded(dueAt, null));
            }
            throw;
        }
        pictures.Invalidate();
        return new HealthCheckDto(slot, dueAt, now, rounded, request.Symptoms, note, user);
    }

    /// <summary>
    /// 001 §4.1.4: a contact with fever or symptoms is handled as a suspected case. The case takes the person, the
    /// region and the link to the source case; the contact ends as BecameCase — both or neither.
    /// </summary>
    public async Task<Outcome<CaseRecord>> TurnIntoSuspectedAsync(string id, ToSuspected request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return Problem.NotFound("contact-not-found", Messages.NoSuchContact(id));
        if (contact.Status != ContactStatus.UnderObservation) return NotObserved(contact);

        var reportedAt = request.ReportedAt ?? clock.GetUtcNow();
        var linked = contact.SourceCaseId
            ?? await db.Contacts.Where(c => c.Id == contact.SourceContactId).Select(c => c.CaseId).FirstOrDefaultAsync(ct);
        var done = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DoneAt != null).ToListAsync(ct);
        var foundAt = done.Where(h => h.DoneAt <= reportedAt && (Observation.IsFever(h.Temperature ?? 0) || h.Symptoms == true)).Max(h => h.DoneAt);
        var newCase = new NewCase(request.CaseId, "suspected", null, contact.PersonName, contact.ResidentId, contact.Phone, contact.RegionCode,
            OnsetAt: null, FoundAt: foundAt, ReportedAt: reportedAt, ConfirmedAt: null, IsolatedAt: contact.CreatedAt <= reportedAt ? contact.CreatedAt : null,
            InfectionSource: linked is null ? null : "linked", Setting: null, LinkedTo: linked is null ? [] : [linked]);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var registered = await cases.RegisterAsync(newCase, jurisdiction, user, ct);
        if (registered.Problem is { } refused)
        {
            // The case's id is this request's caseId.
            return refused.Errors is null ? refused
                : refused with { Errors = refused.Errors.ToDictionary(e => e.Key == "id" ? "caseId" : e.Key, e => e.Value) };
        }
        var record = registered.Value!;
        var changed = await db.Contacts.Where(c => c.Id == id && c.Status == ContactStatus.UnderObservation)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContactStatus.BecameCase).SetProperty(c => c.CaseId, record.Id), ct);
        if (changed == 0)
        {
            await transaction.RollbackAsync(ct);
            return Problem.Conflict("contact-changed", Messages.ContactChanged(id));
        }
        await transaction.CommitAsync(ct);
        // The case service said so before the commit; a read in between would have missed the case.
        facts.CasesChanged([record.Id]);
        return record;
    }

    /// <summary>001 §5.2.7: released from the last day of observation on, and not while the latest check shows fever or symptoms.</summary>
    public async Task<Outcome<ContactDetail>> ReleaseAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return Problem.NotFound("contact-not-found", Messages.NoSuchContact(id));
        if (contact.Status != ContactStatus.UnderObservation) return NotObserved(contact);
        if (ChinaTime.Today(clock) < contact.ObservationEnds) return Problem.Conflict("observation-running", Messages.ObservationRunsUntil(id, contact.ObservationEnds));
        var latest = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DoneAt != null).OrderByDescending(h => h.DoneAt).FirstOrDefaultAsync(ct);
        if (latest is not null && (Observation.IsFever(latest.Temperature ?? 0) || latest.Symptoms == true))
        {
            return Problem.Conflict("latest-check-abnormal", Messages.LatestCheckAbnormal(id, latest.DoneAt!.Value));
        }
        var changed = await db.Contacts.Where(c => c.Id == id && c.Status == ContactStatus.UnderObservation)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContactStatus.Released), ct);
        if (changed == 0) return Problem.Conflict("contact-not-observed", Messages.NoLongerObserved(id));
        pictures.Invalidate();
        return (await GetAsync(id, jurisdiction, ct))!;
    }

    public async Task<ContactDetail?> GetAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var contacts = jurisdiction.Scope(db.Contacts.AsNoTracking()).Where(c => c.Id == id);
        var views = await ViewsAsync(contacts, ct);
        if (views.Count == 0) return null;
        var view = views[0];
        var contact = view.Contact;
        var done = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id).ToDictionaryAsync(h => h.DueAt, ct);
        // At most 15 days × 2 slots (001 §5.2.7): the contact's schedule is one bounded list, not paged.
        var checks = Slots(contact).Select(s => done.TryGetValue(s.DueAt, out var h)
            ? new HealthCheckDto(s.Slot, s.DueAt, h.DoneAt, h.Temperature, h.Symptoms, h.SymptomNote, h.RecordedBy)
            : new HealthCheckDto(s.Slot, s.DueAt, null, null, null, null, null)).ToList();
        return new ContactDetail(view.Dto, checks);
    }

    /// <summary>
    /// A page of the contacts a filter keeps, newest registration first (issue 12 §1):
    /// the API and the Contacts page both list through here, and only the page's contacts have their checks read.
    /// </summary>
    public Task<Page<ContactDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<ContactStatus> filter, PageRequest page, CancellationToken ct) =>
        ContactPaging.Newest.PageAsync(ContactPaging.Shape.Apply(db.Contacts.AsNoTracking(), jurisdiction, filter, db.PersonLookup), page,
            async (rows, token) => (IReadOnlyList<ContactDto>)(await ViewsAsync(rows, token)).Select(v => v.Dto).ToList(), ct);

    /// <summary>
    /// Contacts under observation with a missed check (the same checks the home page counts) or with fever or
    /// symptoms on their latest check — shown at once so that the contact can be sent for testing (001 §4.1.4).
    /// </summary>
    /// <remarks>
    /// The candidates are found in SQL — a missed check, or a latest done check with fever or symptoms — and at most
    /// <see cref="Paging.MaxPageSize"/> of each kind are read (issue 12 §1: no unbounded list; <c>moreThan</c> says when
    /// there are more): at a million contacts the observed ones are never all loaded to find the few who need attention.
    /// </remarks>
    public async Task<Page<ContactAlertDto>> AlertsAsync(Jurisdiction jurisdiction, string regionPath, CancellationToken ct)
    {
        var observed = jurisdiction.Scope(db.Contacts.AsNoTracking()).Where(c => c.RegionPath.StartsWith(regionPath) && c.Status == ContactStatus.UnderObservation);
        var now = clock.GetUtcNow();
        var missedIds = await PictureService.WithMissedChecks(jurisdiction.Scope(db.Contacts.AsNoTracking()), regionPath, now)
            .Select(c => c.Id).OrderBy(id => id).Take(Paging.MaxPageSize + 1).ToListAsync(ct);
        var unwellIds = await db.HealthChecks.AsNoTracking()
            .Where(h => h.DoneAt != null && (h.Temperature >= Observation.FeverFrom || h.Symptoms == true)
                && !db.HealthChecks.Any(later => later.ContactId == h.ContactId && later.DoneAt > h.DoneAt)
                && observed.Any(c => c.Id == h.ContactId))
            .Select(h => h.ContactId).Distinct().OrderBy(id => id).Take(Paging.MaxPageSize + 1).ToListAsync(ct);
        var more = missedIds.Count > Paging.MaxPageSize || unwellIds.Count > Paging.MaxPageSize;
        var ids = unwellIds.Take(Paging.MaxPageSize).Concat(missedIds.Take(Paging.MaxPageSize)).Distinct().ToList();
        var views = ids.Count == 0 ? [] : await ViewsAsync(observed.Where(c => ids.Contains(c.Id)), ct);
        var alerts = views.Where(v => v.Dto.Alert).Select(v =>
        {
            List<string> reasons = [];
            if (v.Missed.Count > 0) reasons.Add(AlertReasons.MissedCheck);
            if (v.Latest?.Temperature is { } t && Observation.IsFever(t)) reasons.Add(AlertReasons.Fever);
            if (v.Latest?.Symptoms == true) reasons.Add(AlertReasons.Symptoms);
            return new ContactAlertDto(v.Dto, reasons, v.Missed.Count, v.Missed.Count > 0 ? v.Missed.Min() : null,
                v.Latest?.Temperature, v.Latest?.Symptoms, v.Latest?.SymptomNote, v.Latest?.DoneAt);
        }).OrderByDescending(a => a.Reasons.Any(r => r != AlertReasons.MissedCheck)).ThenBy(a => a.MissedSince ?? a.CheckedAt)
            .ThenBy(a => a.Contact.Id, StringComparer.Ordinal).Take(Paging.MaxPageSize).ToList();
        return more || alerts.Count < views.Count(v => v.Dto.Alert)
            ? new Page<ContactAlertDto>(alerts, null, MoreThan: alerts.Count)
            : new Page<ContactAlertDto>(alerts, null, alerts.Count);
    }

    /// <summary>The checks of a contact that are due now: not done, from an hour early (latest first), for the recording form.</summary>
    public async Task<IReadOnlyList<HealthCheckDto>> RecordableChecksAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id && c.Status == ContactStatus.UnderObservation, ct);
        if (contact is null) return [];
        var until = clock.GetUtcNow() + Observation.EarlyWindow;
        var done = (await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id).Select(h => h.DueAt).ToListAsync(ct)).ToHashSet();
        return Slots(contact).Where(s => s.DueAt <= until && !done.Contains(s.DueAt))
            .Select(s => new HealthCheckDto(s.Slot, s.DueAt, null, null, null, null, null)).OrderByDescending(h => h.DueAt).ToList();
    }

    /// <summary>The contact's check slots, numbered from 1, with when each is due (derived: <see cref="CloseContact.FirstCheckSlot"/>).</summary>
    private static IEnumerable<(int Slot, DateTimeOffset DueAt)> Slots(CloseContact contact) =>
        Enumerable.Range(contact.FirstCheckSlot, Math.Max(contact.LastCheckSlot - contact.FirstCheckSlot + 1, 0))
            .Select(n => (n - contact.FirstCheckSlot + 1, Observation.SlotTime(n)));

    private sealed record CheckRow(string ContactId, DateTimeOffset DueAt, DateTimeOffset? DoneAt, decimal? Temperature, bool? Symptoms, string? SymptomNote);

    private sealed record View(CloseContact Contact, ContactDto Dto, IReadOnlyList<DateTimeOffset> Missed, CheckRow? Latest);

    private async Task<List<View>> ViewsAsync(IQueryable<CloseContact> contacts, CancellationToken ct) =>
        await ViewsAsync(await contacts.ToListAsync(ct), ct);

    /// <summary>
    /// The contacts of a page with their checks: the done ones read for those contacts only, the missed and the next one
    /// derived from their slots (the same rule as <see cref="PictureService.WithMissedChecks"/>: due more than
    /// <see cref="PictureService.CheckGrace"/> ago and not done, while under observation).
    /// </summary>
    private async Task<List<View>> ViewsAsync(IReadOnlyList<CloseContact> rows, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var late = now - PictureService.CheckGrace;
        if (rows.Count == 0) return [];
        var ids = rows.Select(c => c.Id).ToList();
        var checks = (await db.HealthChecks.AsNoTracking().Where(h => ids.Contains(h.ContactId))
                .Select(h => new CheckRow(h.ContactId, h.DueAt, h.DoneAt, h.Temperature, h.Symptoms, h.SymptomNote)).ToListAsync(ct))
            .ToLookup(h => h.ContactId);
        return rows.Select(c =>
        {
            var own = checks[c.Id].ToList();
            var done = own.Where(h => h.DoneAt is not null).Select(h => h.DueAt).ToHashSet();
            var observed = c.Status == ContactStatus.UnderObservation;
            var latest = own.Where(h => h.DoneAt is not null).MaxBy(h => h.DoneAt);
            var open = observed ? Slots(c).Where(s => !done.Contains(s.DueAt)).ToList() : [];
            var missedDue = open.Where(s => s.DueAt < late).Select(s => s.DueAt).ToList();
            (int Slot, DateTimeOffset DueAt)? next = open.Where(s => s.DueAt >= late).Select(s => ((int, DateTimeOffset)?)s).FirstOrDefault();
            var alert = observed && (missedDue.Count > 0 || latest is { Temperature: { } t } && Observation.IsFever(t) || latest?.Symptoms == true);
            var dto = new ContactDto(c.Id, c.PersonName, c.ResidentId is null ? null : ResidentId.Mask(c.ResidentId), c.Phone is null ? null : PhoneNumbers.Mask(c.Phone),
                c.RegionCode, c.SourceCaseId, c.SourceContactId, c.LastContactAt, c.ObservationEnds, c.Site, EnumNames.Of(c.Status), c.CaseId,
                next?.DueAt, next?.Slot, done.Count, missedDue.Count, alert);
            return new View(c, dto, missedDue, latest);
        }).ToList();
    }

    private static Problem NotObserved(CloseContact contact) => Problem.Conflict("contact-not-observed", contact.Status == ContactStatus.BecameCase
        ? Messages.AlreadyBecameCase(contact.Id, contact.CaseId!)
        : Messages.AlreadyReleased(contact.Id));
}
