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

    /// <summary>Every check time (UTC) strictly after <paramref name="after"/> up to and including the last day of observation.</summary>
    public static IEnumerable<DateTimeOffset> Schedule(DateTimeOffset after, DateOnly endsOn)
    {
        for (var day = ChinaTime.DayOf(after); day <= endsOn; day = day.AddDays(1))
        {
            foreach (var time in CheckTimes)
            {
                var at = new DateTimeOffset(day.ToDateTime(time), ChinaTime.Offset).ToUniversalTime();
                if (at > after) yield return at;
            }
        }
    }

    public static bool IsFever(decimal temperature) => temperature >= FeverFrom;
}
