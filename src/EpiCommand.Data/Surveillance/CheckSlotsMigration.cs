using EpiCommand.Domain.People;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EpiCommand.Data.Surveillance;

/// <summary>
/// Issue 12: a contact's check schedule is derived, not stored. The migration that adds <see cref="CloseContact.FirstCheckSlot"/>
/// and <see cref="CloseContact.LastCheckSlot"/> fills them for the contacts already stored — the same arithmetic as
/// <see cref="Observation.FirstSlotAfter"/> and <see cref="Observation.LastSlotOn"/>, in SQL — and deletes the checks that were
/// stored as still to come (DoneAt null): only done checks remain. Called from the migration of each provider.
/// </summary>
public static class CheckSlotsMigration
{
    public static void Up(MigrationBuilder migration)
    {
        if (Observation.CheckTimes.Count != 2 || Observation.CheckTimes[0] != new TimeOnly(8, 0) || Observation.CheckTimes[1] != new TimeOnly(16, 0))
        {
            throw new InvalidOperationException("The SQL below is written for check times of 08:00 and 16:00 China time.");
        }
        var epoch = Observation.SlotEpoch.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (migration.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // Instants are stored by DateTimeOffsetToBinaryConverter: ((UTC ticks / 1000) << 11) | offset minutes (0, all UTC).
            const string china = "((\"CreatedAt\" >> 11) * 1000 + 288000000000)";
            migration.Sql($"""
                UPDATE "Contacts" SET
                  "FirstCheckSlot" = ({china} / 864000000000 - {Observation.SlotEpoch.DayNumber}) * 2
                    + (CASE WHEN {china} % 864000000000 >= 288000000000 THEN 1 ELSE 0 END)
                    + (CASE WHEN {china} % 864000000000 >= 576000000000 THEN 1 ELSE 0 END),
                  "LastCheckSlot" = CAST(julianday("ObservationEnds") - julianday('{epoch}') AS INTEGER) * 2 + 1;
                """);
        }
        else
        {
            const string china = "(\"CreatedAt\" AT TIME ZONE 'UTC' + interval '8 hours')";
            migration.Sql($"""
                UPDATE "Contacts" SET
                  "FirstCheckSlot" = ({china}::date - DATE '{epoch}') * 2
                    + (CASE WHEN {china}::time >= TIME '08:00' THEN 1 ELSE 0 END)
                    + (CASE WHEN {china}::time >= TIME '16:00' THEN 1 ELSE 0 END),
                  "LastCheckSlot" = ("ObservationEnds" - DATE '{epoch}') * 2 + 1;
                """);
        }
        migration.Sql("DELETE FROM \"HealthChecks\" WHERE \"DoneAt\" IS NULL;");
    }
}
