using System.Globalization;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.Platform;

/// <summary>A day given in a request (yyyy-MM-dd), read one way everywhere; a text that is not one is refused with <see cref="Messages.NotADay"/>.</summary>
public static class QueryDay
{
    public static bool TryParse(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>The day of an optional query parameter: today (China time) when absent, a refusal on <paramref name="path"/> when not a day.</summary>
    public static Outcome<DateOnly> OrToday(string? text, TimeProvider clock, string path = "day") =>
        string.IsNullOrWhiteSpace(text) ? ChinaTime.DayOf(clock.GetUtcNow())
        : TryParse(text, out var day) ? day : Problem.Invalid(path, Messages.NotADay(text));
}
