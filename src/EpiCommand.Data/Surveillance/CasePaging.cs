using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Surveillance;

/// <summary>
/// Keyset paging over cases, newest report first: a page is found through the index on (ReportedAt, Id) however deep
/// it lies, where OFFSET would read and skip every row before it.
/// </summary>
public static class CasePaging
{
    public static async Task<(List<CaseRecord> Items, string? Next)> PageAsync(IQueryable<CaseRecord> query, string? after, int size, CancellationToken ct)
    {
        if (after is not null)
        {
            if (!Cursor.TryParse(after, out var at, out var id)) throw new FormatException("not a cursor returned by this API");
#pragma warning disable CA1309 // translated to SQL: the database compares the ids, in the order of its index
            query = query.Where(c => c.ReportedAt < at || (c.ReportedAt == at && string.Compare(c.Id, id) < 0));
#pragma warning restore CA1309
        }
        var rows = await query.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Take(size + 1).ToListAsync(ct);
        var next = rows.Count > size ? Cursor.Of(rows[size - 1].ReportedAt, rows[size - 1].Id) : null;
        if (rows.Count > size) rows.RemoveAt(size);
        return (rows, next);
    }
}

/// <summary>A keyset cursor: the report time and id of the last row of a page.</summary>
public static class Cursor
{
    public static string Of(DateTimeOffset at, string id) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{at.UtcTicks}|{id}"));

    public static bool TryParse(string text, out DateTimeOffset at, out string id)
    {
        at = default;
        id = "";
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks)) return false;
            at = new DateTimeOffset(ticks, TimeSpan.Zero);
            id = parts[1];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
