using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Domain.Scenarios;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Platform;

/// <summary>
/// One page of a list, the one shape of every list of the API (issue 12 §1): at most <see cref="Paging.MaxPageSize"/>
/// items, <c>next</c> the cursor of the following page (pass it back as <c>after</c>; null on the last page). The first page
/// (no <c>after</c>) also says how many rows match: <c>total</c> when they are at most <see cref="Paging.CountLimit"/>, else
/// <c>moreThan</c> = that limit — counting further would read the whole list again on every first page.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next, int? Total = null, int? MoreThan = null);

/// <summary>A checked request for a page: the cursor to start after (null for the first page) and the number of rows.</summary>
public readonly record struct PageRequest(string? After, int Size)
{
    public static PageRequest First(int size = Paging.DefaultPageSize) => new(null, size);
}

/// <summary>
/// The query parameters every list endpoint reads, with the same names everywhere: <c>region</c> (a county, township or
/// community code of the jurisdiction: the list keeps what lies in it), <c>status</c>, <c>from</c>/<c>to</c> (a time range on
/// the list's own time), <c>q</c> (an id or name prefix), <c>after</c> (a cursor) and <c>limit</c> (rows a page).
/// An endpoint ignores none it does not offer silently: it does not bind them.
/// </summary>
public sealed class ListQuery
{
    // Read as text and checked here, so that a 400 names the parameter as the client wrote it (from, limit…).
    [FromQuery(Name = "region")] public string? Region { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "from")] public string? From { get; init; }
    [FromQuery(Name = "to")] public string? To { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "after")] public string? After { get; init; }
    [FromQuery(Name = "limit")] public string? Limit { get; init; }

    /// <summary>The search text, trimmed; null when empty.</summary>
    public string? Search => Q?.Trim() is { Length: > 0 } q ? q : null;

    /// <summary><c>from</c> once <see cref="Page"/> has checked it.</summary>
    public DateTimeOffset? FromTime { get; private set; }

    /// <summary><c>to</c> once <see cref="Page"/> has checked it.</summary>
    public DateTimeOffset? ToTime { get; private set; }

    /// <summary>Checks <c>from</c>/<c>to</c>, <c>q</c>, <c>after</c> and <c>limit</c> into <paramref name="errors"/>.</summary>
    public PageRequest Page<T>(FieldErrors errors, Keyset<T> keyset)
    {
        FromTime = Time(errors, "from", From);
        ToTime = Time(errors, "to", To);
        if (FromTime is { } from && ToTime is { } to && from > to) errors.Add("to", Messages.RangeBackwards);
        if (Search is { Length: > Paging.MaxSearchLength }) errors.Add("q", Messages.TooLong(Paging.MaxSearchLength));
        int? limit = null;
        if (!string.IsNullOrWhiteSpace(Limit))
        {
            if (int.TryParse(Limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)) limit = size;
            else errors.Add("limit", Messages.PageSize(Paging.MaxPageSize));
        }
        return Paging.Request(errors, keyset, After, limit);
    }

    private static DateTimeOffset? Time(FieldErrors errors, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at.ToUniversalTime();
        errors.Add(name, Messages.NotAnInstant);
        return null;
    }

    /// <summary>
    /// The region path the list keeps (the named region, or the whole jurisdiction) and the page, once every parameter is
    /// checked: 403 for a region outside the jurisdiction, else 400 with all the errors so far (<paramref name="errors"/>
    /// holds those of the endpoint's own filters).
    /// </summary>
    public async Task<Outcome<(string RegionPath, PageRequest Page)>> CheckAsync<T>(Jurisdiction jurisdiction, AppDbContext db, Keyset<T> keyset, FieldErrors errors, CancellationToken ct)
    {
        var path = await jurisdiction.RegionFilterAsync(db, Region, ct);
        if (path.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(path.Problem);
        var page = Page(errors, keyset);
        if (errors.Problem is { } invalid) return invalid;
        return (path.Value!, page);
    }

    /// <summary>
    /// The filter (region, <c>status</c> as one of <typeparamref name="TStatus"/>'s names, from/to, q) and the page, every
    /// parameter checked as <see cref="CheckAsync{T}"/> does; <paramref name="errors"/> may already hold the endpoint's own.
    /// </summary>
    public async Task<Outcome<(ListFilter<TStatus> Filter, PageRequest Page)>> FilterAsync<T, TStatus>(Jurisdiction jurisdiction, AppDbContext db, Keyset<T> keyset,
        CancellationToken ct, FieldErrors? errors = null) where TStatus : struct, Enum
    {
        errors ??= new FieldErrors();
        var status = StatusOf<TStatus>(errors);
        var checkedList = await CheckAsync(jurisdiction, db, keyset, errors, ct);
        if (checkedList.Problem is { } refused) return refused;
        var (path, page) = checkedList.Value;
        return (new ListFilter<TStatus>(path, status, FromTime, ToTime, Search), page);
    }

    /// <summary><c>status</c> as one of <typeparamref name="TEnum"/>'s names, or an error naming the allowed ones.</summary>
    public TEnum? StatusOf<TEnum>(FieldErrors errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(Status)) return null;
        if (EnumNames.TryParse<TEnum>(Status.Trim(), out var parsed)) return parsed;
        errors.Add("status", Messages.OneOf(Status, EnumNames.List<TEnum>()));
        return null;
    }
}

/// <summary>The one cap of every list (issue 12 §1), and how a page is read and counted.</summary>
public static class Paging
{
    /// <summary>The most rows any list answers at once, API and pages alike.</summary>
    public const int MaxPageSize = 200;

    public const int DefaultPageSize = 50;

    /// <summary>A first page counts matching rows up to this many; beyond, it says "more than".</summary>
    public const int CountLimit = 10_000;

    public const int MaxSearchLength = 50;

    /// <summary>
    /// Checks a cursor and a page size as a query string gives them (the size as text, which minimal APIs would otherwise refuse
    /// with a bare 400 before the endpoint runs); the errors name <c>after</c> and <c>limit</c>.
    /// </summary>
    public static PageRequest Parse<T>(FieldErrors errors, Keyset<T> keyset, string? after, string? limit)
    {
        int? size = null;
        if (!string.IsNullOrWhiteSpace(limit))
        {
            if (int.TryParse(limit, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) size = parsed;
            else errors.Add("limit", Messages.PageSize(MaxPageSize));
        }
        return Request(errors, keyset, after, size);
    }

    /// <summary>Checks a cursor and a page size; the errors name <c>after</c> and <c>limit</c>.</summary>
    public static PageRequest Request<T>(FieldErrors errors, Keyset<T> keyset, string? after, int? limit)
    {
        after = string.IsNullOrEmpty(after) ? null : after;
        if (!keyset.IsCursor(after)) errors.Add("after", Messages.NotACursor);
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize) errors.Add("limit", Messages.PageSize(MaxPageSize));
        return new PageRequest(after, Math.Clamp(size, 1, MaxPageSize));
    }

    /// <summary>One page of <paramref name="query"/> in the keyset's order, each row mapped; counted on the first page.</summary>
    public static Task<Page<TDto>> PageAsync<T, TDto>(this Keyset<T> keyset, IQueryable<T> query, PageRequest request, Func<T, TDto> map, CancellationToken ct) =>
        keyset.PageAsync(query, request, (rows, _) => Task.FromResult<IReadOnlyList<TDto>>(rows.Select(map).ToList()), ct);

    /// <summary>One page of rows computed in memory (see <see cref="Keyset{T}.Page"/>), each row mapped; counted on the first page.</summary>
    public static Page<TDto> PageOf<T, TDto>(this Keyset<T> keyset, IReadOnlyCollection<T> rows, PageRequest request, Func<T, TDto> map)
    {
        var (page, next) = keyset.Page(rows, request.After, Math.Clamp(request.Size, 1, MaxPageSize));
        var items = page.Select(map).ToList();
        if (request.After is not null) return new Page<TDto>(items, next);
        return rows.Count > CountLimit ? new Page<TDto>(items, next, MoreThan: CountLimit) : new Page<TDto>(items, next, rows.Count);
    }

    /// <summary>As above, the page's rows mapped together (to look up what they refer to in one query).</summary>
    public static async Task<Page<TDto>> PageAsync<T, TDto>(this Keyset<T> keyset, IQueryable<T> query, PageRequest request,
        Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<TDto>>> map, CancellationToken ct)
    {
        var size = Math.Clamp(request.Size, 1, MaxPageSize);
        var (rows, next) = await keyset.PageAsync(query, request.After, size, ct);
        var items = await map(rows, ct);
        if (request.After is not null) return new Page<TDto>(items, next);
        if (next is null) return new Page<TDto>(items, null, rows.Count);
        var counted = await query.Take(CountLimit + 1).CountAsync(ct);
        return counted > CountLimit ? new Page<TDto>(items, next, MoreThan: CountLimit) : new Page<TDto>(items, next, counted);
    }
}
