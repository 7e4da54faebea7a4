using System.Linq.Expressions;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;

namespace EpiCommand.Web.Platform;

/// <summary>
/// What a list keeps (issue 12 §1), the same for every list: a region path (the named region, or the whole jurisdiction), a
/// status, a time range on the list's own time and a search prefix. Read from a <see cref="ListQuery"/>, applied by the list's
/// <see cref="ListShape{T, TStatus}"/>.
/// </summary>
public sealed record ListFilter<TStatus>(string RegionPath, TStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Search = null)
    where TStatus : struct, Enum;

/// <summary>The status of a list that has none: a <c>status</c> parameter is refused, naming no allowed value.</summary>
public enum NoStatus { }

/// <summary>
/// Which columns of a list's rows a <see cref="ListFilter{TStatus}"/> reads: its status, its time, the columns a search matches
/// by prefix. Built once per list (a static field): every list filters the same way, in SQL, the values sent as parameters.
/// </summary>
public sealed class ListShape<T, TStatus> where T : class, IRegional where TStatus : struct, Enum
{
    private readonly Expression<Func<T, TStatus>>? _status;
    private readonly Expression<Func<T, DateTimeOffset>>? _time;
    private readonly Expression<Func<T, string>>[] _search;

    /// <param name="status">The status column; null when the list filters its status itself (a status computed from the time).</param>
    /// <param name="time">The column <c>from</c>/<c>to</c> bound; null for a list without a time.</param>
    /// <param name="search">The columns <c>q</c> matches by prefix (an id, a name).</param>
    public ListShape(Expression<Func<T, TStatus>>? status, Expression<Func<T, DateTimeOffset>>? time, params Expression<Func<T, string>>[] search) =>
        (_status, _time, _search) = (status, time, search);

    /// <summary>
    /// The rows of the jurisdiction <paramref name="filter"/> keeps. With <paramref name="lookup"/> (records about a person), a
    /// search that is an ID number or a phone finds the rows by its keyed hash (issue 12 §1) instead of by prefix.
    /// </summary>
    public IQueryable<T> Apply(IQueryable<T> query, Jurisdiction jurisdiction, ListFilter<TStatus> filter, PersonLookup? lookup = null)
    {
        query = jurisdiction.Scope(query);
        var path = filter.RegionPath;
        if (path != jurisdiction.Path) query = query.Where(r => r.RegionPath.StartsWith(path));
        if (_status is not null && filter.Status is { } status) query = query.Where(Is(_status, status));
        if (_time is not null && filter.From is { } from) query = query.Where(Of(_time, t => t >= from));
        if (_time is not null && filter.To is { } to) query = query.Where(Of(_time, t => t <= to));
        if (lookup is not null && typeof(IPersonLookup).IsAssignableFrom(typeof(T)) && lookup.OfSearch(filter.Search) is var (residentIdKey, phoneKey)
            && (residentIdKey ?? phoneKey) is not null)
        {
            var column = residentIdKey is not null ? nameof(IPersonLookup.ResidentIdKey) : nameof(IPersonLookup.PhoneKey);
            var row = Expression.Parameter(typeof(T), "row");
            var key = Expression.Property(Expression.Constant(new KeyHolder(residentIdKey ?? phoneKey!)), nameof(KeyHolder.Value));
            return query.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Property(row, column), key), row));
        }
        if (filter.Search is { } q && _search.Length > 0)
        {
            var row = Expression.Parameter(typeof(T), "row");
            var any = _search.Select(column => Of(column, Starts(q))).Select(p => Rebind.Replace(p.Body, p.Parameters[0], row)).Aggregate(Expression.OrElse);
            query = query.Where(Expression.Lambda<Func<T, bool>>(any, row));
        }
        return query;
    }

    /// <summary>
    /// c starts with <paramref name="prefix"/>, as the range an index on c serves (<see cref="PrefixRange"/>): c &gt;= prefix AND
    /// c &lt; its end, in code point order, the bounds sent as parameters. Exact, and case-sensitive on both databases.
    /// </summary>
    private static Expression<Func<string, bool>> Starts(string prefix)
    {
        var bounds = new Bounds(prefix, PrefixRange.End(prefix));
        // Translated to SQL's own comparison of the two strings (column >= @start), in the collation PrefixRange.Binary asks for;
        // never run in memory, where string.Compare would compare by culture.
#pragma warning disable CA1309
        if (bounds.End is null) return c => string.Compare(PrefixRange.Binary(c), bounds.Start) >= 0;
        return c => string.Compare(PrefixRange.Binary(c), bounds.Start) >= 0 && string.Compare(PrefixRange.Binary(c), bounds.End) < 0;
#pragma warning restore CA1309
    }

    /// <summary>The bounds of a prefix's range as closure members, so that EF sends them as parameters.</summary>
    private sealed record Bounds(string Start, string? End);

    /// <summary><paramref name="test"/> applied to the column <paramref name="column"/> reads: row =&gt; test(column(row)).</summary>
    private static Expression<Func<T, bool>> Of<TValue>(Expression<Func<T, TValue>> column, Expression<Func<TValue, bool>> test) =>
        Expression.Lambda<Func<T, bool>>(Rebind.Replace(test.Body, test.Parameters[0], column.Body), column.Parameters);

    /// <summary>row =&gt; column(row) == status, written as C# writes an enum comparison (through its number) so every provider translates it.</summary>
    private static Expression<Func<T, bool>> Is(Expression<Func<T, TStatus>> column, TStatus status)
    {
        var number = Enum.GetUnderlyingType(typeof(TStatus));
        var holder = new Holder(status);
        var value = Expression.Property(Expression.Constant(holder), nameof(Holder.Value));
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Convert(column.Body, number), Expression.Convert(value, number)), column.Parameters);
    }

    /// <summary>The lookup key as a closure member, so that EF sends it as a parameter.</summary>
    private sealed class KeyHolder(string value)
    {
        public string? Value { get; } = value;
    }

    /// <summary>The status as a closure member, so that EF sends it as a parameter.</summary>
    private sealed class Holder(TStatus value)
    {
        public TStatus Value { get; } = value;
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        public static Expression Replace(Expression body, ParameterExpression from, Expression to) => new Rebind(from, to).Visit(body);

        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
