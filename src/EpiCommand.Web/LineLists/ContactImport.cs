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
public sealed class ContactImport(AppDbContext db, PictureCache pictures, TimeProvider clock) : LineListImport<CloseContact>(db, clock)
{
    /// <summary>The pictures count the contacts under observation.</summary>
    protected override void Imported() => pictures.Invalidate();

    private static readonly Dictionary<string, LineListColumn> Fields = new()
    {
        ["id"] = ContactColumns.Id, ["personName"] = ContactColumns.Name, ["residentId"] = ContactColumns.ResidentId, ["phone"] = ContactColumns.Phone,
        ["region"] = ContactColumns.Region, ["sourceCaseId"] = ContactColumns.SourceCase, ["sourceContactId"] = ContactColumns.SourceContact,
        ["lastContactAt"] = ContactColumns.LastContactAt, ["site"] = ContactColumns.Site,
    };

    private RegionIndex _regions = default!;

    public override LineListLayout Layout => ContactColumns.Layout;

    protected override async Task PrepareAsync(CancellationToken ct) => _regions = await RegionIndex.LoadAsync(Db, Context.Jurisdiction, ct);

    protected override async ValueTask<CloseContact?> ParseAsync(LineListRow row, CancellationToken ct)
    {
        var request = new NewContact(row[ContactColumns.Id], row[ContactColumns.Name], IdNumber(row, ContactColumns.ResidentId), row[ContactColumns.Phone],
            row[ContactColumns.Region], row[ContactColumns.SourceCase], row[ContactColumns.SourceContact], Time(row, ContactColumns.LastContactAt), row[ContactColumns.Site]);
        var (contact, problem) = await ContactRules.CheckAsync(request, async (code, token) => await _regions.FindAsync(code, token), Context.User, Context.Now, ct);
        if (problem is { Kind: ProblemKind.Forbidden }) row.Error(ContactColumns.Region, problem.Detail);
        foreach (var (field, messages) in problem?.Errors ?? new Dictionary<string, Text[]>()) row.Error(Fields.GetValueOrDefault(field, ContactColumns.Id), messages[0]);
        return row.HasErrors ? null : contact;
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

    protected override Text MissingReference(LineListReference reference) => reference.Column == ContactColumns.SourceCase
        ? Messages.SourceCaseMissing(reference.Id)
        : Messages.SourceContactMissing(reference.Id);

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
                    row.Error(ContactColumns.LastContactAt, Messages.ObservationOver(item.ObservationEnds));
                }
                continue;
            }
            if (!Context.Jurisdiction.Covers(existing))
            {
                row.Error(ContactColumns.Id, Messages.IdNotAvailable(item.Id));
                continue;
            }
            var differences = Differences(item, existing).ToList();
            foreach (var column in differences) row.Error(column, Messages.ContactStoredDifferently(item.Id, column.Header));
            same[i] = differences.Count == 0;
        }
        return same;
    }

    protected override void Add(CloseContact item)
    {
        Db.PersonLookup.Fill(item);
        Stage.Add(item);
        // The checks are derived from the registration and the last day (issue 12): none is stored until it is done.
    }

    protected override IReadOnlyList<(Type Type, bool AllNew)> Tables { get; } = [(typeof(CloseContact), true)];

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
