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

/// <summary>Why a change to a contact was not made.</summary>
public enum Refusal { None, Invalid, NotFound, Forbidden, Conflict }

/// <summary>What a change to a contact came to: the result, or the refusal with its errors by field or its reason.</summary>
public sealed record ContactOutcome<T>(T? Value, Refusal Refusal, Dictionary<string, string[]> Errors, string? Detail) where T : class
{
    public static ContactOutcome<T> Done(T value) => new(value, Refusal.None, [], null);

    public static ContactOutcome<T> Invalid(Dictionary<string, string[]> errors) => new(null, Refusal.Invalid, errors, null);

    public static ContactOutcome<T> Refused(Refusal refusal, string detail) => new(null, refusal, [], detail);
}

/// <summary>
/// Close contacts under centralised medical observation (001 §5.2.7, requirements E4): registers them with their
/// check schedule, records the twice-daily checks, raises a missed check or a fever at once, turns a contact
/// into a suspected case in one step and releases them when the 14 days are over. Contacts of contacts
/// (001 §5.3.11) name the contact they came from.
/// </summary>
public sealed partial class ContactService(AppDbContext db, CaseService cases, FactsCache facts, TimeProvider clock)
{
    public async Task<ContactOutcome<ContactDetail>> RegisterAsync(NewContact request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        var now = clock.GetUtcNow();

        if (string.IsNullOrWhiteSpace(request.Id)) Error("id", "Contact id is required.");
        else if (!ContactId().IsMatch(request.Id)) Error("id", $"'{request.Id}' is not a contact id (letters, digits and - _, at most 40).");
        else if (await db.Contacts.AnyAsync(c => c.Id == request.Id, ct)) Error("id", $"A contact with id '{request.Id}' already exists.");

        if (string.IsNullOrWhiteSpace(request.PersonName)) Error("personName", "The person's name is required.");
        else if (request.PersonName.Trim().Length > 50) Error("personName", "A name has at most 50 characters.");
        string? residentId = null;
        if (!string.IsNullOrWhiteSpace(request.ResidentId))
        {
            if (ResidentId.TryParse(request.ResidentId, out var parsed, out var idError)) residentId = parsed!.Value;
            else Error("residentId", idError!);
        }
        if (!string.IsNullOrWhiteSpace(request.Phone) && !Phone().IsMatch(request.Phone.Trim())) Error("phone", $"'{request.Phone}' is not a phone number.");

        Data.Regions.Region? region = null;
        var forbidden = false;
        if (string.IsNullOrWhiteSpace(request.Region)) Error("region", "The region (down to the community) is required.");
        else
        {
            (var access, region) = await jurisdiction.FindRegionAsync(db, request.Region, ct);
            if (access == RegionAccess.NotFound) Error("region", $"No region has the code '{request.Region}'.");
            forbidden = access == RegionAccess.Forbidden;
        }

        var hasCase = !string.IsNullOrWhiteSpace(request.SourceCaseId);
        var hasContact = !string.IsNullOrWhiteSpace(request.SourceContactId);
        if (!hasCase && !hasContact) Error("sourceCaseId", "Name the case (sourceCaseId) or, for a contact of a contact, the contact (sourceContactId) this person was in contact with.");
        else if (hasCase && hasContact) Error("sourceContactId", "Name either the source case or the source contact, not both.");
        else if (hasCase && !await jurisdiction.Scope(db.Cases).AnyAsync(c => c.Id == request.SourceCaseId, ct)) Error("sourceCaseId", $"No case '{request.SourceCaseId}' in your jurisdiction.");
        else if (hasContact && !await jurisdiction.Scope(db.Contacts).AnyAsync(c => c.Id == request.SourceContactId, ct)) Error("sourceContactId", $"No contact '{request.SourceContactId}' in your jurisdiction.");

        List<DateTimeOffset> schedule = [];
        var endsOn = default(DateOnly);
        if (request.LastContactAt is not { } lastContact) Error("lastContactAt", "The time of the last contact is required.");
        else if (lastContact > now.AddMinutes(5)) Error("lastContactAt", $"The last contact {ChinaTime.Format(lastContact)} lies in the future.");
        else
        {
            endsOn = Observation.EndsOn(lastContact);
            schedule = Observation.Schedule(now, endsOn).ToList();
            if (schedule.Count == 0) Error("lastContactAt", $"The 14-day observation after this contact ended on {endsOn:yyyy-MM-dd} (001 §5.2.7).");
        }

        if (string.IsNullOrWhiteSpace(request.Site)) Error("site", "The observation site (隔离点) is required.");
        else if (request.Site.Trim().Length > 100) Error("site", "A site name has at most 100 characters.");

        if (forbidden) return ContactOutcome<ContactDetail>.Refused(Refusal.Forbidden, $"Region '{request.Region}' is outside your jurisdiction.");
        if (errors.Count > 0) return ContactOutcome<ContactDetail>.Invalid(errors);

        var contact = new CloseContact
        {
            Id = request.Id!.Trim(), PersonName = request.PersonName!.Trim(), ResidentId = residentId,
            Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(), RegionCode = region!.Code, RegionPath = region.Path,
            SourceCaseId = hasCase ? request.SourceCaseId!.Trim() : null, SourceContactId = hasContact ? request.SourceContactId!.Trim() : null,
            LastContactAt = request.LastContactAt!.Value.ToUniversalTime(), ObservationEnds = endsOn, Site = request.Site!.Trim(),
            Status = ContactStatus.UnderObservation, CreatedAt = now, CreatedBy = user,
            Checks = schedule.Select(at => new HealthCheck { ContactId = request.Id.Trim(), DueAt = at }).ToList(),
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return ContactOutcome<ContactDetail>.Done((await GetAsync(contact.Id, jurisdiction, ct))!);
    }

    /// <summary>Records one scheduled check; a check is taken when it is due, at most an hour early, and only once.</summary>
    public async Task<ContactOutcome<HealthCheckDto>> RecordCheckAsync(string id, long checkId, CheckResult request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return ContactOutcome<HealthCheckDto>.Refused(Refusal.NotFound, $"No contact '{id}' in your jurisdiction.");
        var check = await db.HealthChecks.AsNoTracking().FirstOrDefaultAsync(h => h.Id == checkId && h.ContactId == id, ct);
        if (check is null) return ContactOutcome<HealthCheckDto>.Refused(Refusal.NotFound, $"Contact '{id}' has no check {checkId}.");
        if (contact.Status != ContactStatus.UnderObservation) return ContactOutcome<HealthCheckDto>.Refused(Refusal.Conflict, NotObserved(contact));
        if (check.DoneAt is { } done) return ContactOutcome<HealthCheckDto>.Refused(Refusal.Conflict, $"The check due at {ChinaTime.Format(check.DueAt)} was already recorded at {ChinaTime.Format(done)}.");

        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (check.DueAt > now + Observation.EarlyWindow) errors["checkId"] = [$"The check due at {ChinaTime.Format(check.DueAt)} cannot be recorded before {ChinaTime.Format(check.DueAt - Observation.EarlyWindow)}."];
        if (request.Temperature is not { } temperature) errors["temperature"] = ["The temperature is required."];
        else if (temperature is < Observation.LowestTemperature or > Observation.HighestTemperature) errors["temperature"] = [$"{temperature} °C is not a body temperature ({Observation.LowestTemperature}–{Observation.HighestTemperature})."];
        if (request.Symptoms is null) errors["symptoms"] = ["Say whether the person has symptoms (fever, dry cough, diarrhoea…)."];
        if (request.Note?.Trim().Length > 200) errors["note"] = ["A note has at most 200 characters."];
        if (errors.Count > 0) return ContactOutcome<HealthCheckDto>.Invalid(errors);

        var rounded = Math.Round(request.Temperature!.Value, 1, MidpointRounding.AwayFromZero);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        // The condition on DoneAt makes a second nurse recording the same check at the same moment lose, not overwrite.
        var recorded = await db.HealthChecks.Where(h => h.Id == checkId && h.DoneAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(h => h.DoneAt, now).SetProperty(h => h.Temperature, rounded).SetProperty(h => h.Symptoms, request.Symptoms)
            .SetProperty(h => h.SymptomNote, note).SetProperty(h => h.RecordedBy, user), ct);
        if (recorded == 0) return ContactOutcome<HealthCheckDto>.Refused(Refusal.Conflict, $"The check due at {ChinaTime.Format(check.DueAt)} was already recorded.");
        return ContactOutcome<HealthCheckDto>.Done(new HealthCheckDto(check.Id, check.DueAt, now, rounded, request.Symptoms, note, user));
    }

    /// <summary>
    /// 001 §4.1.4: a contact with fever or symptoms is handled as a suspected case. The case takes the person, the
    /// region and the link to the source case; the contact ends as BecameCase — both or neither.
    /// </summary>
    public async Task<ContactOutcome<CaseRecord>> TurnIntoSuspectedAsync(string id, ToSuspected request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return ContactOutcome<CaseRecord>.Refused(Refusal.NotFound, $"No contact '{id}' in your jurisdiction.");
        if (contact.Status != ContactStatus.UnderObservation) return ContactOutcome<CaseRecord>.Refused(Refusal.Conflict, NotObserved(contact));

        var reportedAt = request.ReportedAt ?? clock.GetUtcNow();
        var linked = contact.SourceCaseId
            ?? await db.Contacts.Where(c => c.Id == contact.SourceContactId).Select(c => c.CaseId).FirstOrDefaultAsync(ct);
        var done = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DoneAt != null).ToListAsync(ct);
        var foundAt = done.Where(h => h.DoneAt <= reportedAt && (Observation.IsFever(h.Temperature ?? 0) || h.Symptoms == true)).Max(h => h.DoneAt);
        var newCase = new NewCase(request.CaseId, "suspected", null, contact.PersonName, contact.ResidentId, contact.Phone, contact.RegionCode,
            OnsetAt: null, FoundAt: foundAt, ReportedAt: reportedAt, ConfirmedAt: null, IsolatedAt: contact.CreatedAt <= reportedAt ? contact.CreatedAt : null,
            InfectionSource: linked is null ? null : "linked", Setting: null, LinkedTo: linked is null ? [] : [linked]);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (record, caseErrors, _) = await cases.RegisterAsync(newCase, jurisdiction, user, ct);
        if (record is null)
        {
            return ContactOutcome<CaseRecord>.Invalid(caseErrors.ToDictionary(e => e.Key switch { "id" => "caseId", _ => e.Key }, e => e.Value));
        }
        var changed = await db.Contacts.Where(c => c.Id == id && c.Status == ContactStatus.UnderObservation)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContactStatus.BecameCase).SetProperty(c => c.CaseId, record.Id), ct);
        if (changed == 0)
        {
            await transaction.RollbackAsync(ct);
            return ContactOutcome<CaseRecord>.Refused(Refusal.Conflict, $"Contact '{id}' changed while the case was registered; nothing was stored.");
        }
        await transaction.CommitAsync(ct);
        // The case service invalidated before the commit; a rebuild in between would have missed the case.
        facts.Invalidate();
        return ContactOutcome<CaseRecord>.Done(record);
    }

    /// <summary>001 §5.2.7: released from the last day of observation on, and not while the latest check shows fever or symptoms.</summary>
    public async Task<ContactOutcome<ContactDetail>> ReleaseAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var contact = await jurisdiction.Scope(db.Contacts.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return ContactOutcome<ContactDetail>.Refused(Refusal.NotFound, $"No contact '{id}' in your jurisdiction.");
        if (contact.Status != ContactStatus.UnderObservation) return ContactOutcome<ContactDetail>.Refused(Refusal.Conflict, NotObserved(contact));
        if (ChinaTime.Today(clock) < contact.ObservationEnds)
        {
            return ContactOutcome<ContactDetail>.Refused(Refusal.Conflict,
                $"Observation of '{id}' runs until {contact.ObservationEnds:yyyy-MM-dd}, 14 days after the last contact (001 §5.2.7); release from that day on.");
        }
        var latest = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DoneAt != null).OrderByDescending(h => h.DoneAt).FirstOrDefaultAsync(ct);
        if (latest is not null && (Observation.IsFever(latest.Temperature ?? 0) || latest.Symptoms == true))
        {
            return ContactOutcome<ContactDetail>.Refused(Refusal.Conflict,
                $"The latest check of '{id}' ({ChinaTime.Format(latest.DoneAt!.Value)}) showed fever or symptoms: turn the contact into a suspected case, or record a normal check first.");
        }
        var changed = await db.Contacts.Where(c => c.Id == id && c.Status == ContactStatus.UnderObservation)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContactStatus.Released), ct);
        if (changed == 0) return ContactOutcome<ContactDetail>.Refused(Refusal.Conflict, $"Contact '{id}' is no longer under observation.");
        return ContactOutcome<ContactDetail>.Done((await GetAsync(id, jurisdiction, ct))!);
    }

    public async Task<ContactDetail?> GetAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var contacts = jurisdiction.Scope(db.Contacts.AsNoTracking()).Where(c => c.Id == id);
        var views = await ViewsAsync(contacts, jurisdiction.Path, ct);
        if (views.Count == 0) return null;
        var view = views[0];
        var checks = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id).OrderBy(h => h.DueAt)
            .Select(h => new HealthCheckDto(h.Id, h.DueAt, h.DoneAt, h.Temperature, h.Symptoms, h.SymptomNote, h.RecordedBy)).ToListAsync(ct);
        return new ContactDetail(view.Dto, checks);
    }

    /// <summary>The contacts registered in a region of the jurisdiction: those needing attention first, then by the end of their observation.</summary>
    public async Task<IReadOnlyList<ContactDto>> ListAsync(Jurisdiction jurisdiction, string regionPath, ContactStatus? status, CancellationToken ct)
    {
        var contacts = jurisdiction.Scope(db.Contacts.AsNoTracking()).Where(c => c.RegionPath.StartsWith(regionPath));
        if (status is { } wanted) contacts = contacts.Where(c => c.Status == wanted);
        return (await ViewsAsync(contacts, regionPath, ct)).Select(v => v.Dto)
            .OrderBy(c => c.Status == EnumNames.Of(ContactStatus.UnderObservation) ? 0 : 1).ThenByDescending(c => c.Alert)
            .ThenBy(c => c.ObservationEnds).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Contacts under observation with a missed check (the same checks the home page counts) or with fever or
    /// symptoms on their latest check — shown at once so that the contact can be sent for testing (001 §4.1.4).
    /// </summary>
    public async Task<IReadOnlyList<ContactAlertDto>> AlertsAsync(Jurisdiction jurisdiction, string regionPath, CancellationToken ct)
    {
        var contacts = jurisdiction.Scope(db.Contacts.AsNoTracking()).Where(c => c.RegionPath.StartsWith(regionPath) && c.Status == ContactStatus.UnderObservation);
        var views = await ViewsAsync(contacts, regionPath, ct);
        return views.Where(v => v.Dto.Alert).Select(v =>
        {
            List<string> reasons = [];
            if (v.Missed.Count > 0) reasons.Add(AlertReasons.MissedCheck);
            if (v.Latest?.Temperature is { } t && Observation.IsFever(t)) reasons.Add(AlertReasons.Fever);
            if (v.Latest?.Symptoms == true) reasons.Add(AlertReasons.Symptoms);
            return new ContactAlertDto(v.Dto, reasons, v.Missed.Count, v.Missed.Count > 0 ? v.Missed.Min() : null,
                v.Latest?.Temperature, v.Latest?.Symptoms, v.Latest?.SymptomNote, v.Latest?.DoneAt);
        }).OrderByDescending(a => a.Reasons.Any(r => r != AlertReasons.MissedCheck)).ThenBy(a => a.MissedSince ?? a.CheckedAt)
            .ThenBy(a => a.Contact.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The checks of a contact that are due now: not done, from an hour early (latest first), for the recording form.</summary>
    public async Task<IReadOnlyList<HealthCheckDto>> RecordableChecksAsync(string id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await jurisdiction.Scope(db.Contacts).AnyAsync(c => c.Id == id && c.Status == ContactStatus.UnderObservation, ct)) return [];
        var until = clock.GetUtcNow() + Observation.EarlyWindow;
        var checks = await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id && h.DoneAt == null && h.DueAt <= until)
            .Select(h => new HealthCheckDto(h.Id, h.DueAt, h.DoneAt, h.Temperature, h.Symptoms, h.SymptomNote, h.RecordedBy)).ToListAsync(ct);
        return checks.OrderByDescending(h => h.DueAt).ToList();
    }

    private sealed record CheckRow(string ContactId, long Id, DateTimeOffset DueAt, DateTimeOffset? DoneAt, decimal? Temperature, bool? Symptoms, string? SymptomNote);

    private sealed record View(ContactDto Dto, IReadOnlyList<DateTimeOffset> Missed, CheckRow? Latest);

    private async Task<List<View>> ViewsAsync(IQueryable<CloseContact> contacts, string regionPath, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var late = now - PictureService.CheckGrace;
        var rows = await contacts.ToListAsync(ct);
        if (rows.Count == 0) return [];
        var checks = (await (from h in db.HealthChecks.AsNoTracking()
                             join c in contacts on h.ContactId equals c.Id
                             select new CheckRow(h.ContactId, h.Id, h.DueAt, h.DoneAt, h.Temperature, h.Symptoms, h.SymptomNote)).ToListAsync(ct))
            .ToLookup(h => h.ContactId);
        var missed = (await PictureService.MissedChecks(db, regionPath, now).Join(contacts, h => h.ContactId, c => c.Id, (h, _) => new { h.ContactId, h.DueAt }).ToListAsync(ct))
            .ToLookup(m => m.ContactId, m => m.DueAt);
        return rows.Select(c =>
        {
            var own = checks[c.Id].ToList();
            var observed = c.Status == ContactStatus.UnderObservation;
            var latest = own.Where(h => h.DoneAt is not null).MaxBy(h => h.DoneAt);
            var missedDue = missed[c.Id].ToList();
            var next = observed ? own.Where(h => h.DoneAt is null && h.DueAt >= late).MinBy(h => h.DueAt) : null;
            var alert = observed && (missedDue.Count > 0 || latest is { Temperature: { } t } && Observation.IsFever(t) || latest?.Symptoms == true);
            var dto = new ContactDto(c.Id, c.PersonName, c.ResidentId is null ? null : ResidentId.Mask(c.ResidentId), c.Phone is null ? null : PhoneNumbers.Mask(c.Phone),
                c.RegionCode, c.SourceCaseId, c.SourceContactId, c.LastContactAt, c.ObservationEnds, c.Site, EnumNames.Of(c.Status), c.CaseId,
                next?.DueAt, next?.Id, own.Count(h => h.DoneAt is not null), missedDue.Count, alert);
            return new View(dto, missedDue, latest);
        }).ToList();
    }

    private static string NotObserved(CloseContact contact) => contact.Status == ContactStatus.BecameCase
        ? $"Contact '{contact.Id}' already became case '{contact.CaseId}'."
        : $"Contact '{contact.Id}' was released from observation.";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex ContactId();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(1\d{10}|0\d{2,3}-?\d{7,8})$")]
    private static partial System.Text.RegularExpressions.Regex Phone();
}
