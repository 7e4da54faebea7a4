namespace EpiCommand.Data.Surveillance;

/// <summary>
/// Cases newest report first: a page is found through the index on (ReportedAt, Id) however deep it lies.
/// </summary>
public static class CasePaging
{
    public static readonly Keyset<CaseRecord> Newest = Keyset<CaseRecord>.By(c => c.ReportedAt, c => c.Id, descending: true);

    public static Task<(List<CaseRecord> Items, string? Next)> PageAsync(IQueryable<CaseRecord> query, string? after, int size, CancellationToken ct) =>
        Newest.PageAsync(query, after, size, ct);
}
