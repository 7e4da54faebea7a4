using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §1: the search by id or name prefix is a range an index serves (<see cref="PrefixRange"/>), and finds exactly
/// the rows whose id or name starts with the text — code point by code point, case-sensitive, the same on both databases.
/// The expected rows are computed in memory from every row of the jurisdiction.
/// </summary>
public abstract class PrefixSearchTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string Last = "\U0010FFFF";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public void TheRangeEndsAfterEveryStringWithThePrefix()
    {
        Assert.Equal("P01", PrefixRange.End("P00"));
        Assert.Equal("欧阴", PrefixRange.End("欧阳"));
        Assert.Equal("龙", PrefixRange.End("龘" + Last + Last));
        Assert.Equal("\uE000", PrefixRange.End("\uD7FF"));
        Assert.Equal("a\U00010001", PrefixRange.End("a\U00010000"));
        Assert.Null(PrefixRange.End(Last + Last));
    }

    [Fact]
    public async Task CaseSearchFindsExactlyTheCasesWhoseIdOrNameStartsWithIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var names = Names(tag);
        using (var db = factory.CreateDbContext())
        {
            var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == PagingChecks.Community);
            var now = factory.Clock.GetUtcNow();
            for (var i = 0; i < names.Length; i++)
            {
                db.Cases.Add(new CaseRecord
                {
                    Id = $"Q{tag}-{(i % 2 == 0 ? "A" : "B")}{i:D2}", PersonName = names[i], Classification = Classification.Confirmed,
                    RegionCode = region.Code, RegionPath = region.Path, ReportedAt = now.AddMinutes(-i), CreatedAt = now, CreatedBy = "test",
                });
            }
            await db.SaveChangesAsync();
        }
        var client = await factory.SignedInAsync("horqin");
        List<(string Id, string Name)> all;
        using (var db = factory.CreateDbContext())
        {
            all = (await db.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith("/150000/150500/150502/")).Select(c => new { c.Id, c.PersonName }).ToListAsync())
                .Select(c => (c.Id, c.PersonName)).ToList();
        }
        foreach (var (q, least) in Searches(tag))
        {
            var found = await AllAsync<CaseDto>(client, "/api/cases", q, c => c.Id);
            var expected = all.Where(c => c.Id.StartsWith(q, StringComparison.Ordinal) || c.Name.StartsWith(q, StringComparison.Ordinal)).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count >= least, $"{q}: {expected.Count} expected");
            Assert.Equal(expected, found);
        }
    }

    [Fact]
    public async Task ContactSearchFindsExactlyTheContactsWhoseIdOrNameStartsWithIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var names = Names(tag);
        using (var db = factory.CreateDbContext())
        {
            var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == PagingChecks.Community);
            var now = factory.Clock.GetUtcNow();
            for (var i = 0; i < names.Length; i++)
            {
                var last = now.AddHours(-i);
                db.Contacts.Add(new CloseContact
                {
                    Id = $"Q{tag}-{(i % 2 == 0 ? "A" : "B")}{i:D2}", PersonName = names[i], RegionCode = region.Code, RegionPath = region.Path,
                    LastContactAt = last, ObservationEnds = Domain.People.Observation.EndsOn(last), Site = "测试隔离点",
                    Status = ContactStatus.UnderObservation, CreatedAt = now.AddMinutes(-i), CreatedBy = "test",
                });
            }
            await db.SaveChangesAsync();
        }
        var client = await factory.SignedInAsync("horqin");
        List<(string Id, string Name)> all;
        using (var db = factory.CreateDbContext())
        {
            all = (await db.Contacts.AsNoTracking().Where(c => c.RegionPath.StartsWith("/150000/150500/150502/")).Select(c => new { c.Id, c.PersonName }).ToListAsync())
                .Select(c => (c.Id, c.PersonName)).ToList();
        }
        foreach (var (q, least) in Searches(tag))
        {
            var found = await AllAsync<ContactDto>(client, "/api/contacts", q, c => c.Id);
            var expected = all.Where(c => c.Id.StartsWith(q, StringComparison.Ordinal) || c.Name.StartsWith(q, StringComparison.Ordinal)).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count >= least, $"{q}: {expected.Count} expected");
            Assert.Equal(expected, found);
        }
    }

    /// <summary>
    /// Names around the edges of a range: a Chinese name and its neighbours (欧 alone, 欧阴 just after 欧阳), names at the last
    /// code point (U+10FFFF) and after it (龘 is U+9F98, 龙 U+9F99: the end of the range of 龘 followed by U+10FFFF).
    /// </summary>
    private static string[] Names(string tag) =>
    [
        $"欧阳{tag}娜", $"欧阳{tag}峰", $"欧{tag}", $"欧阴{tag}", $"龘{Last}{tag}", $"龘{Last}{Last}{tag}", $"龘{tag}", $"龙{tag}", $"龘\uFFFF{tag}",
        $"{Last}{tag}", $"{Last}{Last}", $"q{tag}-a",
    ];

    /// <summary>Each search with the least number of this test's rows it must find.</summary>
    private static (string Q, int Least)[] Searches(string tag) =>
    [
        ($"欧阳{tag}", 2),     // a Chinese name's prefix
        ("欧阳", 2),
        ($"Q{tag}-A", 6),      // an id's prefix: the even rows
        ($"Q{tag}-B01", 1),
        ($"q{tag}", 1),        // case-sensitive: the name in lower case only, no id
        ($"Q{tag}-Z", 0),      // no match
        ($"龘{Last}", 2),       // a prefix ending at the last code point: not 龘 alone, not 龘 U+FFFF, not 龙
        ($"{Last}", 2),        // only the last code point: a range without an upper end
        ($"{Last}{Last}", 1),
    ];

    /// <summary>Every row a search finds, following the cursor; its ids in ordinal order.</summary>
    private static async Task<List<string>> AllAsync<T>(HttpClient client, string list, string q, Func<T, string> id)
    {
        var ids = new List<string>();
        string? next = null;
        do
        {
            var page = await client.GetPageAsync<T>($"{list}?q={Uri.EscapeDataString(q)}&limit={Paging.MaxPageSize}{(next is null ? "" : "&after=" + Uri.EscapeDataString(next))}");
            ids.AddRange(page.Items.Select(id));
            next = page.Next;
        }
        while (next is not null);
        return [.. ids.Order(StringComparer.Ordinal)];
    }
}

public sealed class SqlitePrefixSearchTests() : PrefixSearchTests<SqliteFactory>(new());

public sealed class PostgresPrefixSearchTests() : PrefixSearchTests<PostgresFactory>(new());
