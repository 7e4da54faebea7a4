using EpiCommand.Domain.Time;

namespace EpiCommand.Domain.People;

/// <summary>
/// The rules of centralised medical observation of close contacts (001 §5.2.7): observed until 14 days after
/// the last contact, temperature taken and symptoms asked at least twice a day.
/// </summary>
public static class Observation
{
    /// <summary>001 §5.2.7: 医学观察期为与病例或感染者末次接触后14天.</summary>
    public const int Days = 14;

    /// <summary>001 §5.2.7: 每日至少进行2次体温测定 — in the morning and in the afternoon, China time.</summary>
    public static readonly IReadOnlyList<TimeOnly> CheckTimes = [new(8, 0), new(16, 0)];

    /// <summary>The plan says 发热 without a figure; 37.3 °C is the line used at every temperature screening point.</summary>
    public const decimal FeverFrom = 37.3m;

    public const decimal LowestTemperature = 35.0m;
    public const decimal HighestTemperature = 42.0m;

    /// <summary>A check may be recorded up to this long before it is due (the nurse's round starts a little early).</summary>
    public static readonly TimeSpan EarlyWindow = TimeSpan.FromHours(1);

    /// <summary>The last day of observation: the China day of the last contact plus 14; the contact may be released from this day on.</summary>
    public static DateOnly EndsOn(DateTimeOffset lastContact) => ChinaTime.DayOf(lastContact).AddDays(Days);

    /// <summary>
    /// Check slots are numbered on one grid for everybody: slot n is check time n % CheckTimes.Count of the China day
    /// SlotEpoch + n / CheckTimes.Count. A contact's slots are the numbers from <see cref="FirstSlotAfter"/> (registration)
    /// to <see cref="LastSlotOn"/> (the last day of observation), so the schedule is arithmetic and never stored (issue 12).
    /// </summary>
    public static readonly DateOnly SlotEpoch = new(2000, 1, 1);

    /// <summary>The slot number of check time <paramref name="index"/> on <paramref name="day"/>.</summary>
    public static int SlotOf(DateOnly day, int index) => (day.DayNumber - SlotEpoch.DayNumber) * CheckTimes.Count + index;

    /// <summary>When slot <paramref name="slot"/> is due (UTC).</summary>
    public static DateTimeOffset SlotTime(int slot)
    {
        var day = SlotEpoch.AddDays(Math.DivRem(slot, CheckTimes.Count, out var index));
        if (index < 0) { day = day.AddDays(-1); index += CheckTimes.Count; }
        return new DateTimeOffset(day.ToDateTime(CheckTimes[index]), ChinaTime.Offset).ToUniversalTime();
    }

    /// <summary>The first slot due strictly after <paramref name="after"/>.</summary>
    public static int FirstSlotAfter(DateTimeOffset after)
    {
        var local = ChinaTime.ToChina(after);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return SlotOf(DateOnly.FromDateTime(local.DateTime), CheckTimes.Count(t => t <= time));
    }

    /// <summary>The last slot due strictly before <paramref name="before"/>.</summary>
    public static int LastSlotBefore(DateTimeOffset before) => FirstSlotAfter(before.AddTicks(-1)) - 1;

    /// <summary>The last slot of the last day of observation.</summary>
    public static int LastSlotOn(DateOnly endsOn) => SlotOf(endsOn, CheckTimes.Count - 1);

    /// <summary>Every check time (UTC) strictly after <paramref name="after"/> up to and including the last day of observation.</summary>
    public static IEnumerable<DateTimeOffset> Schedule(DateTimeOffset after, DateOnly endsOn)
    {
        var last = LastSlotOn(endsOn);
        for (var slot = FirstSlotAfter(after); slot <= last; slot++) yield return SlotTime(slot);
    }

    public static bool IsFever(decimal temperature) => temperature >= FeverFrom;
}
