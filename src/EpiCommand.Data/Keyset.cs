using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data;

/// <summary>
/// Keyset paging, the one way every list of the platform pages (issue 12 §1): rows come in the order of a unique key (a sort
/// column and the id that breaks its ties), and the next page starts after the key of the last row, so that a deep page is
/// found through an index as fast as the first, where OFFSET would read and skip every row before it. The cursor handed out is
/// that key, opaque to clients (base64url of its values); a cursor that does not read as this list's key is refused by the
/// caller before any query.
/// </summary>
public sealed class Keyset<T>
{
    private readonly Key[] _keys;
    private readonly bool _descending;

    private Keyset(bool descending, params Key[] keys) => (_descending, _keys) = (descending, keys);

#pragma warning disable CA1000 // Keyset<CaseRecord>.By(c => …) names the row type once, the lambdas infer the rest
    /// <summary>Rows ordered by a unique key (an id or a sequence).</summary>
    public static Keyset<T> By<TKey>(Expression<Func<T, TKey>> key, bool descending = false) => new(descending, Key.Of(key));

    /// <summary>Rows ordered by <paramref name="first"/>, ties broken by the unique <paramref name="then"/>.</summary>
    public static Keyset<T> By<TFirst, TThen>(Expression<Func<T, TFirst>> first, Expression<Func<T, TThen>> then, bool descending = false) =>
        new(descending, Key.Of(first), Key.Of(then));
#pragma warning restore CA1000

    /// <summary>Whether <paramref name="cursor"/> reads as a key of this list (a 400 names the parameter when not).</summary>
    public bool IsCursor(string? cursor) => cursor is null || Read(cursor) is not null;

    /// <summary>
    /// One page of <paramref name="query"/>: at most <paramref name="size"/> rows after <paramref name="after"/>, and the
    /// cursor of the next page, or null when this page is the last. One more row than asked is read to know.
    /// </summary>
    public async Task<(List<T> Items, string? Next)> PageAsync(IQueryable<T> query, string? after, int size, CancellationToken ct)
    {
        if (after is not null) query = query.Where(After(Read(after) ?? throw new FormatException("not a cursor of this list")));
        var rows = await Order(query).Take(size + 1).ToListAsync(ct);
        if (rows.Count <= size) return (rows, null);
        rows.RemoveAt(size);
        return (rows, CursorOf(rows[^1]));
    }

    /// <summary>
    /// As <see cref="PageAsync"/>, over rows already in memory: a list the engine computes (the clusters) pages in the same way,
    /// with the same cursors, as a list read from the database.
    /// </summary>
    public (List<T> Items, string? Next) Page(IEnumerable<T> rows, string? after, int size)
    {
        var query = rows.AsQueryable();
        if (after is not null) query = query.Where(After(Read(after) ?? throw new FormatException("not a cursor of this list")));
        var page = Order(query).Take(size + 1).ToList();
        if (page.Count <= size) return (page, null);
        page.RemoveAt(size);
        return (page, CursorOf(page[^1]));
    }

    /// <summary>The cursor that starts the page after <paramref name="row"/>.</summary>
    public string CursorOf(T row)
    {
        var values = _keys.Select(k => k.Format(k.Compiled(row))).ToArray();
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(values));
    }

    private IQueryable<T> Order(IQueryable<T> query)
    {
        var ordered = _keys[0].Order(query, _descending, true);
        foreach (var key in _keys.Skip(1)) ordered = (IOrderedQueryable<T>)key.Order(ordered, _descending, false);
        return ordered;
    }

    private object[]? Read(string cursor)
    {
        try
        {
            var values = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(cursor));
            if (values is null || values.Length != _keys.Length) return null;
            var parsed = new object[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null || _keys[i].Parse(values[i]) is not { } value) return null;
                parsed[i] = value;
            }
            return parsed;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>k1 &gt; a1 OR (k1 = a1 AND k2 &gt; a2) — "&lt;" when descending — in SQL, the values as parameters.</summary>
    private Expression<Func<T, bool>> After(object[] values)
    {
        var row = Expression.Parameter(typeof(T), "row");
        Expression? condition = null;
        for (var i = _keys.Length - 1; i >= 0; i--)
        {
            var member = new Rebind(_keys[i].Lambda.Parameters[0], row).Visit(_keys[i].Lambda.Body);
            var value = Parameter(values[i], member.Type);
            var beyond = Compare(member, value, _descending);
            condition = condition is null ? beyond : Expression.OrElse(beyond, Expression.AndAlso(Expression.Equal(member, value), condition));
        }
        return Expression.Lambda<Func<T, bool>>(condition!, row);
    }

    private static readonly System.Reflection.MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private static BinaryExpression Compare(Expression member, Expression value, bool descending)
    {
        if (member.Type == typeof(string))
        {
            // Translated to SQL's own comparison of the two strings: the order of the index the page walks.
            var compared = Expression.Call(StringCompare, member, value);
            return descending ? Expression.LessThan(compared, Expression.Constant(0)) : Expression.GreaterThan(compared, Expression.Constant(0));
        }
        return descending ? Expression.LessThan(member, value) : Expression.GreaterThan(member, value);
    }

    /// <summary>A value read from a cursor as a member of a closure, so that EF sends it as a parameter and reuses the query plan.</summary>
    private static MemberExpression Parameter(object value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(KeysetValue<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), nameof(KeysetValue<int>.Value));
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>One column of the key: how it orders, how its value is written into a cursor and read back.</summary>
    private sealed record Key(LambdaExpression Lambda, Func<T, object> Compiled, Func<object, string> Format, Func<string, object?> Parse,
        Func<IQueryable<T>, bool, bool, IQueryable<T>> Order)
    {
        public static Key Of<TKey>(Expression<Func<T, TKey>> key)
        {
            var compiled = key.Compile();
            var (format, parse) = Codec(typeof(TKey));
            return new Key(key, row => compiled(row)!, format, parse, (query, descending, first) => first
                ? descending ? query.OrderByDescending(key) : query.OrderBy(key)
                : descending ? ((IOrderedQueryable<T>)query).ThenByDescending(key) : ((IOrderedQueryable<T>)query).ThenBy(key));
        }

        private static (Func<object, string> Format, Func<string, object?> Parse) Codec(Type type)
        {
            var invariant = CultureInfo.InvariantCulture;
            if (type == typeof(string)) return (v => (string)v, s => s);
            if (type == typeof(long)) return (v => ((long)v).ToString(invariant), s => long.TryParse(s, NumberStyles.Integer, invariant, out var n) ? n : null);
            if (type == typeof(int)) return (v => ((int)v).ToString(invariant), s => int.TryParse(s, NumberStyles.Integer, invariant, out var n) ? n : null);
            if (type == typeof(DateTimeOffset))
            {
                return (v => ((DateTimeOffset)v).UtcTicks.ToString(invariant),
                    s => long.TryParse(s, NumberStyles.Integer, invariant, out var t) && t >= DateTimeOffset.MinValue.UtcTicks && t <= DateTimeOffset.MaxValue.UtcTicks
                        ? new DateTimeOffset(t, TimeSpan.Zero) : null);
            }
            if (type == typeof(DateOnly))
            {
                return (v => ((DateOnly)v).DayNumber.ToString(invariant),
                    s => int.TryParse(s, NumberStyles.Integer, invariant, out var d) && d >= DateOnly.MinValue.DayNumber && d <= DateOnly.MaxValue.DayNumber
                        ? DateOnly.FromDayNumber(d) : null);
            }
            throw new NotSupportedException($"A keyset column of type {type.Name}: add its cursor codec here.");
        }
    }
}

/// <summary>A cursor's value held as a closure member would be: EF Core sends it as a parameter.</summary>
internal sealed class KeysetValue<TValue>(TValue value)
{
    public TValue Value { get; } = value;
}
