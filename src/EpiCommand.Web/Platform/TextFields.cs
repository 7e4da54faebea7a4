namespace EpiCommand.Web.Platform;

/// <summary>
/// The one check of a free text a client writes (issue 13, defect 8): trimmed, within its limit from <see cref="Limits"/>,
/// free of control characters (tab and line breaks allowed only in multi-line texts) and of bidirectional overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069), which let a name read differently from what is stored. Errors go to the
/// request's JSON path; the trimmed text comes back (null when empty).
/// </summary>
public static class TextFields
{
    /// <summary>The trimmed text; an error for <paramref name="path"/> when it is missing but <paramref name="required"/>, too long, or holds a forbidden character.</summary>
    public static string? Text(this FieldErrors errors, string path, string? value, int max, Text? required = null, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required is { } message) errors.Add(path, message);
            return null;
        }
        if (trimmed.Length > max) errors.Add(path, Messages.TooLong(max));
        else if (HasForbidden(trimmed, multiline)) errors.Add(path, multiline ? Messages.ControlCharacters : Messages.ControlCharactersInLine);
        return trimmed;
    }

    /// <summary>A single text checked alone: its problem, or null.</summary>
    public static Problem? Check(string path, string? value, int max, Text? required = null, bool multiline = false)
    {
        var errors = new FieldErrors();
        errors.Text(path, value, max, required, multiline);
        return errors.Problem;
    }

    /// <summary>An error for <paramref name="path"/> when the time of something that has happened lies ahead of <paramref name="now"/>.</summary>
    public static void NotAhead(this FieldErrors errors, string path, DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is { } at && at > now + Limits.ClockSkew) errors.Add(path, Messages.InFuture);
    }

    /// <summary>An error for <paramref name="path"/> when a planned time lies further ahead than <see cref="Limits.PlannedAhead"/>.</summary>
    public static void NotFarAhead(this FieldErrors errors, string path, DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is { } at && at > now + Limits.PlannedAhead) errors.Add(path, Messages.TooFarAhead((int)Limits.PlannedAhead.TotalDays));
    }

    /// <summary>Whether the text holds a control character (besides tab and line breaks when multi-line) or a bidirectional override or isolate.</summary>
    public static bool HasForbidden(string text, bool multiline)
    {
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r' && multiline) continue;
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return true;
        }
        return false;
    }
}
