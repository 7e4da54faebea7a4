using EpiCommand.Domain.People;

namespace EpiCommand.Data.Surveillance;

public enum ContactStatus { UnderObservation, Released, BecameCase }

/// <summary>
/// A close contact under centralised medical observation until 14 days after the last contact (001 §5.2.7).
/// A contact of a contact names the contact it came from.
/// </summary>
public sealed class CloseContact : IRegional, IPersonLookup
{
    public required string Id { get; set; }
    public required string PersonName { get; set; }
    public string? ResidentId { get; set; }
    public string? Phone { get; set; }
    public string? ResidentIdKey { get; set; }
    public string? PhoneKey { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public string? SourceCaseId { get; set; }
    public string? SourceContactId { get; set; }
    public DateTimeOffset LastContactAt { get; set; }
    public DateOnly ObservationEnds { get; set; }
    public required string Site { get; set; }
    public ContactStatus Status { get; set; }
    public string? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>
    /// The contact's check slots (001 §5.2.7, <see cref="Observation"/>): from the first one after registration to the last
    /// one of the last day of observation. Derived, never set: stored only so that SQL can count the slots due before an
    /// instant by arithmetic (missed checks over a million contacts in one query, issue 12); the slots are not stored.
    /// </summary>
    public int FirstCheckSlot { get => Observation.FirstSlotAfter(CreatedAt); private set { } }

    /// <inheritdoc cref="FirstCheckSlot"/>
    public int LastCheckSlot { get => Observation.LastSlotOn(ObservationEnds); private set { } }

    /// <summary>The checks done (only those: the slots still to come are derived).</summary>
    public List<HealthCheck> Checks { get; set; } = [];
}

/// <summary>
/// A temperature and symptom check done (001 §5.2.7: twice a day), answering the slot due at <see cref="DueAt"/>: one row per
/// slot at most (unique ContactId, DueAt). Slots not yet done are not stored (issue 12): see <see cref="CloseContact.FirstCheckSlot"/>.
/// </summary>
public sealed class HealthCheck
{
    public long Id { get; set; }
    public required string ContactId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public decimal? Temperature { get; set; }
    public bool? Symptoms { get; set; }
    public string? SymptomNote { get; set; }
    public string? RecordedBy { get; set; }
}
