using System.Globalization;

namespace EpiCommand.Domain.Time;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving). A case's "day" is the calendar date in CST
/// of its report time (requirements: Assessment semantics, "Day").
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateTimeOffset ToChina(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The first instant of a CST day, as UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    public static string Format(DateTimeOffset instant) => ToChina(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
