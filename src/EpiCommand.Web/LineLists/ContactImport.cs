using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// Imports a close-contact line list with the checks of <see cref="ContactService.RegisterAsync"/>: each new contact is
/// observed until 14 days after the last contact, with checks at 08:00 and 16:00 China time from now on (001 §5.2.7).
/// </summary>
public sealed class ContactImport(AppDbContext db, TimeProvider clock) : LineListImport<CloseContact>(db, clock)
{
    private const int MaxSiteLength = 100;

    private RegionIndex _regions = default!;

    public override LineListLayout Layout => ContactColumns.Layout;

    protected override async Task PrepareAsync(CancellationToken ct) => _regions = await RegionIndex.LoadAsync(Db, Context.Jurisdiction, ct);

    protected override async ValueTask<CloseContact?> ParseAsync(LineListRow row, CancellationToken ct)
    {
        var id = row[ContactColumns.Id];
        if (id is null) row.Error(ContactColumns.Id, "Contact id is required.");
        else if (!CaseRules.RecordId().IsMatch(id)) row.Error(ContactColumns.Id, $"'{id}' is not a contact id (letters, digits and - _, at most 40).");

        var name = row[ContactColumns.Name];
        if (name is null) row.Error(ContactColumns.Name, "The person's name is required.");
        else if (name.Length > CaseRules.MaxNameLength) row.Error(ContactColumns.Name, $"A name has at most {CaseRules.MaxNameLength} characters.");
        string? residentId = null;
        if (IdNumber(row, ContactColumns.ResidentId) is { } idNumber)
        {
            if (ResidentId.TryParse(idNumber, out var parsed, out var idError)) residentId = parsed!.Value;
            else row.Error(ContactColumns.ResidentId, idError!);
        }
        var phone = row[ContactColumns.Phone];
        if (phone is not null && !CaseRules.Phone().IsMatch(phone)) row.Error(ContactColumns.Phone, $"'{phone}' is not a phone number.");

        var code = row[ContactColumns.Region];
        Data.Regions.Region? region = null;
        if (code is null) row.Error(ContactColumns.Region, "The region (down to the community) is required.");
        else
        {
            (var access, region) = await _regions.FindAsync(code, ct);
            if (access == RegionAccess.NotFound) row.Error(ContactColumns.Region, $"No region has the code '{code}'.");
            else if (access == RegionAccess.Forbidden) row.Error(ContactColumns.Region, $"Region '{code}' is outside your jurisdiction.");
        }

        var sourceCase = row[ContactColumns.SourceCase];
        var sourceContact = row[ContactColumns.SourceContact];
        if (sourceCase is null && sourceContact is null) row.Error(ContactColumns.SourceCase, $"Name the case this person was in contact with (or, for a contact of a contact, fill in {ContactColumns.SourceContact.Header}).");
        else if (sourceCase is not null && sourceContact is not null) row.Error(ContactColumns.SourceContact, $"Fill in either {ContactColumns.SourceCase.Header} or {ContactColumns.SourceContact.Header}, not both.");

        var lastContact = Time(row, ContactColumns.LastContactAt);
        if (lastContact is null) row.Error(ContactColumns.LastContactAt, "The time of the last contact is required.");
        else if (lastContact > Context.Now.AddMinutes(5)) row.Error(ContactColumns.LastContactAt, $"The last contact {ChinaTime.Format(lastContact.Value)} lies in the future.");

        var site = row[ContactColumns.Site];
        if (site is null) row.Error(ContactColumns.Site, "The observation site (隔离点) is required.");
        else if (site.Length > MaxSiteLength) row.Error(ContactColumns.Site, $"A site name has at most {MaxSiteLength} characters.");

        if (row.HasErrors) return null;
        return new CloseContact
        {
            Id = id!, PersonName = name!, ResidentId = residentId, Phone = phone, RegionCode = region!.Code, RegionPath = region.Path,
            SourceCaseId = sourceCase, SourceContactId = sourceContact, LastContactAt = lastContact!.Value.ToUniversalTime(),
            ObservationEnds = Observation.EndsOn(lastContact.Value), Site = site!, Status = ContactStatus.UnderObservation,
            CreatedAt = Context.Now, CreatedBy = Context.User,
        };
    }

    protected override string IdOf(CloseContact item) => item.Id;

    protected override IEnumerable<LineListReference> ReferencesOf(CloseContact item)
    {
        if (item.SourceCaseId is { } caseId) yield return new LineListReference(ContactColumns.SourceCase, caseId, InFile: false);
        if (item.SourceContactId is { } contactId) yield return new LineListReference(ContactColumns.SourceContact, contactId, InFile: true);
    }

    /// <summary>As in the registry, the source case or contact must lie within the jurisdiction.</summary>
    protected override async Task<IReadOnlySet<string>> StoredReferencesAsync(LineListColumn column, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = column == ContactColumns.SourceCase
            ? await Context.Jurisdiction.Scope(Db.Cases).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)
            : await Context.Jurisdiction.Scope(Db.Contacts).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    protected override string MissingReference(LineListReference reference) => reference.Column == ContactColumns.SourceCase
        ? $"No case '{reference.Id}' in your jurisdiction; import the cases first."
        : $"No contact '{reference.Id}' in the file or in your jurisdiction.";

    protected override async Task<bool[]> MatchStoredAsync(IReadOnlyList<(LineListRow Row, CloseContact Item)> batch, CancellationToken ct)
    {
        var ids = batch.Select(b => b.Item.Id).ToList();
        var stored = await Db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var same = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (row, item) = batch[i];
            if (!stored.TryGetValue(item.Id, out var existing))
            {
                // Only a new contact needs checks still to come; one stored and unchanged may have finished its observation.
                if (!Observation.Schedule(Context.Now, item.ObservationEnds).Any())
                {
                    row.Error(ContactColumns.LastContactAt, $"The 14-day observation after this contact ended on {item.ObservationEnds:yyyy-MM-dd} (001 §5.2.7).");
                }
                continue;
            }
            if (!Context.Jurisdiction.Covers(existing))
            {
                row.Error(ContactColumns.Id, $"Contact id '{item.Id}' is already taken outside your jurisdiction.");
                continue;
            }
            var differences = Differences(item, existing).ToList();
            foreach (var column in differences) row.Error(column, $"Contact '{item.Id}' is stored with a different {column.Header}; change it on the contacts page, not by importing it again.");
            same[i] = differences.Count == 0;
        }
        return same;
    }

    protected override void Add(CloseContact item)
    {
        item.Checks = Observation.Schedule(Context.Now, item.ObservationEnds).Select(at => new HealthCheck { ContactId = item.Id, DueAt = at }).ToList();
        Db.Contacts.Add(item);
    }

    private static IEnumerable<LineListColumn> Differences(CloseContact listed, CloseContact stored)
    {
        if (listed.PersonName != stored.PersonName) yield return ContactColumns.Name;
        if (listed.ResidentId != stored.ResidentId) yield return ContactColumns.ResidentId;
        if ((listed.Phone ?? "") != (stored.Phone ?? "")) yield return ContactColumns.Phone;
        if (listed.RegionCode != stored.RegionCode) yield return ContactColumns.Region;
        if (listed.SourceCaseId != stored.SourceCaseId) yield return ContactColumns.SourceCase;
        if (listed.SourceContactId != stored.SourceContactId) yield return ContactColumns.SourceContact;
        if (!LineListTimes.SameMinute(listed.LastContactAt, stored.LastContactAt)) yield return ContactColumns.LastContactAt;
        if (listed.Site != stored.Site) yield return ContactColumns.Site;
    }
}
