using System.Text;

namespace EpiCommand.Web.Platform;

/// <summary>Where a redirect after sign-in or a language switch may go: a path of this site, never another host.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The path itself when it is local ("/x", not "//host" or "/\host", no control characters or backslashes, which browsers
    /// read as "/"), with non-ASCII characters percent-encoded so that it is a valid Location header; otherwise "/".
    /// </summary>
    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || url.Length > 2048) return "/";
        if (url.Length > 1 && url[1] is '/' or '\\') return "/";
        var safe = new StringBuilder(url.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value == '\\' || rune == Rune.ReplacementChar) return "/";
            if (rune.IsAscii && rune.Value != ' ')
            {
                safe.Append((char)rune.Value);
                continue;
            }
            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)]) safe.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return safe.ToString();
    }
}
