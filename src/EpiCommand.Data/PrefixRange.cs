using System.Text;

namespace EpiCommand.Data;

/// <summary>
/// A search by prefix as a range an ordinary B-tree index serves (issue 12 §1): <c>column &gt;= prefix AND column &lt; end</c>,
/// <c>end</c> computed here. <c>LIKE 'p%'</c> cannot be served by an index on SQLite (its <c>LIKE</c> ignores ASCII case,
/// the index does not) nor, under a linguistic collation or a generic plan, on PostgreSQL; a range can, on both.
/// The comparison is in code point order — SQLite's <c>BINARY</c> collation (its default), PostgreSQL's <c>"C"</c>
/// (<see cref="Binary"/> asks for it) — where the strings starting with a prefix are exactly those of the range.
/// </summary>
public static class PrefixRange
{
    /// <summary>
    /// The first string after every string that starts with <paramref name="prefix"/>, in code point order: the prefix with
    /// its last code point incremented (past the surrogates), a last U+10FFFF dropped first, as many as there are; null when
    /// the prefix is only U+10FFFF (no string lies after its strings: the range has no upper end).
    /// </summary>
    public static string? End(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0 && runes[^1].Value == 0x10FFFF) runes.RemoveAt(runes.Count - 1);
        if (runes.Count == 0) return null;
        var next = runes[^1].Value + 1;
        runes[^1] = new Rune(next == 0xD800 ? 0xE000 : next);
        var end = new StringBuilder(prefix.Length + 1);
        foreach (var rune in runes) end.Append(rune.ToString());
        return end.ToString();
    }

    /// <summary>
    /// The column compared in code point order: SQLite's default already (the column as it is), PostgreSQL's <c>COLLATE "C"</c>
    /// (the model maps this function per provider: <see cref="AppDbContext"/>, <see cref="PostgresAppDbContext"/>), which the
    /// C-collated indexes serve. Only for queries; in memory it is the value itself.
    /// </summary>
    public static string Binary(string value) => value;

    internal static readonly System.Reflection.MethodInfo BinaryMethod = typeof(PrefixRange).GetMethod(nameof(Binary))!;
}
