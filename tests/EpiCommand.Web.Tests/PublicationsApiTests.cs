using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EpiCommand.Web.Publications;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Public information (B7; 001 §4.5, §5.2.6, §5.2.10) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract partial class PublicationsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Horqin = "150502";
    private const string Mingren = "150502004001";

    private HttpClient Anonymous() => factory.CreateClient(new() { AllowAutoRedirect = false });

    private static async Task<PublicationDto> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PublicationDto>())!;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    [Fact]
    public async Task BulletinDraftedFromTheDailyReportAppearsPubliclyOnlyOnceAnotherHeadquartersPersonApprovesIt()
    {
        await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        var horqin = await factory.SignedInAsync("horqin");
        var report = await horqin.PostAsJsonAsync("/api/daily-reports",
            new { region = Horqin, kind = "cases", newConfirmed = 7, newAsymptomatic = 2, newSuspected = 1, underTreatment = 11, contactsUnderObservation = 40, text = "科尔沁区病情日报告" });
        Assert.True(report.IsSuccessStatusCode, await report.Content.ReadAsStringAsync());

        var office = await factory.SignedInAsync("office");
        var draft = await CreatedAsync(await office.PostAsJsonAsync("/api/publications", new { region = City, kind = "bulletin", note = "请市民做好个人防护。" }));
        Assert.Equal(("draft", "bulletin"), (draft.State, draft.Kind));
        var row = Assert.Single(draft.Content.Cases!, r => r.Region == Horqin);
        Assert.Equal((7, 2, 11, true), (row.NewConfirmed, row.NewAsymptomatic, row.UnderTreatment, row.Reported));
        Assert.True(draft.Content.Cases!.Count > 1, "every county of the city has a row");

        var anonymous = Anonymous();
        var before = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/bulletins");
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == draft.Id);

        // The drafter cannot approve their own draft; a county cannot approve the city's.
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version })).StatusCode);

        var city = await factory.SignedInAsync("city");
        var stale = await city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version + 5 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var published = await city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("city", (await published.Content.ReadFromJsonAsync<PublicationDto>())!.PublishedBy);
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { })).StatusCode);

        var response = await anonymous.GetAsync("/api/public/bulletins?limit=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == draft.Id);
        Assert.Equal("请市民做好个人防护。", item.GetProperty("note").GetString());
        Assert.False(item.TryGetProperty("draftedBy", out _));
        Assert.False(item.TryGetProperty("publishedBy", out _));

        var feed = await anonymous.GetAsync("/api/public/feed");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType?.MediaType);
        var atom = System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Contains(atom.Root!.Elements(ns + "entry"), e => e.Element(ns + "title")!.Value == draft.Title && e.Element(ns + "summary")!.Value.Contains("新增确诊"));

        var html = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/public"));
        Assert.Contains(draft.Title, html);

        // Withdrawn: gone from the public again, with the reason recorded and audited.
        Assert.Equal("reason", (await ErrorsAsync(await city.PostAsJsonAsync($"/api/publications/{draft.Id}/withdraw", new { }))).EnumerateObject().Single().Name);
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/publications/{draft.Id}/withdraw", new { reason = "数据更正" })).StatusCode);
        var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/bulletins");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == draft.Id);
        using var db = factory.CreateDbContext();
        var actions = await db.AuditEntries.Where(a => a.SubjectType == "publication" && a.SubjectId == draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.Action).ToListAsync();
        Assert.Equal(["publication.drafted", "publication.published", "publication.withdrawn"], actions.Order().ToArray());
    }

    [Fact]
    public async Task WhoMayReleaseWhatFollowsTheLevelThatOwnsIt()
    {
        var horqin = await factory.SignedInAsync("horqin");
        // 001 §4.5: case figures are the city's to release.
        var bulletin = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/publications", new { region = Horqin, kind = "bulletin" }));
        Assert.Contains("001 §4.5", bulletin.GetProperty("region")[0].GetString());
        var bad = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/publications", new { region = Horqin, kind = "rumours", day = "2999-01-01", note = "联系电话 13912345678" }));
        Assert.Equal(["day", "kind", "note"], bad.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/publications", new { region = "150581", kind = "clinics" })).StatusCode);
        // Below a county nobody releases; the expert drafts nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/publications", new { region = Mingren, kind = "clinics" })).StatusCode);
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/publications", new { region = City, kind = "clinics" })).StatusCode);

        // 001 §5.2.10: the county releases its own fever clinics; the CDC drafts, the county headquarters approves; the city may not approve it.
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var clinics = await CreatedAsync(await cdc.PostAsJsonAsync("/api/publications", new { region = Horqin, kind = "clinics" }));
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/publications/{clinics.Id}/publish", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/publications/{clinics.Id}/publish", new { })).StatusCode);

        // A county sees its own releases only.
        var list = await horqin.GetFromJsonAsync<JsonElement>("/api/publications");
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.StartsWith(Horqin, i.GetProperty("region").GetString()));
        var current = await Anonymous().GetFromJsonAsync<JsonElement>("/api/public/clinics");
        Assert.Contains(current.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == clinics.Id);
    }

    [Fact]
    public async Task NothingPersonalReachesThePublicPageTheApiOrTheFeed()
    {
        var city = await factory.SignedInAsync("city");
        var office = await factory.SignedInAsync("office");
        // A household zone names its people: published internally, never released (004 §九(一)6).
        foreach (var (unitKind, name) in new[] { ("building", "明仁小区7号楼"), ("household", "张三家") })
        {
            var zone = await city.PostAsJsonAsync("/api/zones", new { region = Mingren, kind = "controlZone", unitKind, name, reason = "出现确诊病例" });
            Assert.Equal(HttpStatusCode.Created, zone.StatusCode);
            var id = (await zone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/zones/{id}/publish", new { })).StatusCode);
        }
        foreach (var kind in new[] { "bulletin", "riskAreas", "clinics" })
        {
            var draft = await CreatedAsync(await office.PostAsJsonAsync("/api/publications", new { region = City, kind }));
            Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { })).StatusCode);
        }
        // A rumour rebuttal (I5): the item it answers names a person and a phone internally; only the approved rebuttal is released.
        var item = await office.PostAsJsonAsync("/api/opinion", new
        {
            region = City, source = "hotline", channel = "12345", sensitivity = "sensitive", observedAt = factory.Clock.GetUtcNow().AddHours(-1),
            summary = "市民张三（13912345678）来电称网传明仁小区全员确诊。",
        });
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);
        var itemId = (await item.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var unit = (await city.GetFromJsonAsync<JsonElement>($"/api/meetings/units?region={City}")).EnumerateArray().First().GetString();
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/opinion/{itemId}/assess",
            new { sensitivity = "sensitive", assessment = "不实传言", handler = unit, dueAt = factory.Clock.GetUtcNow().AddDays(1) })).StatusCode);
        var rebuttal = await CreatedAsync(await office.PostAsJsonAsync($"/api/opinion/{itemId}/rebuttal", new { claim = "明仁小区全员确诊", facts = "明仁小区7号楼为管控区域，其余楼栋未发现病例。" }));
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/publications/{rebuttal.Id}/publish", new { })).StatusCode);

        var anonymous = Anonymous();
        var page = await anonymous.GetAsync("/public");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        // Only the page's own content: the document head carries a random nonce and asset fingerprints.
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..(html.IndexOf("</main>", StringComparison.Ordinal) + 7)];
        Assert.Contains("明仁小区7号楼", main);
        Assert.Contains("发热门诊", main);
        Assert.Contains("其余楼栋未发现病例", main);
        var texts = new List<(string Where, string Text)> { ("/public", main) };
        foreach (var url in new[] { "/api/public/bulletins", "/api/public/risk-areas", "/api/public/clinics", "/api/public/rebuttals", "/api/public/feed" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
            // JSON escapes Chinese; read it back as text.
            var body = await response.Content.ReadAsStringAsync();
            texts.Add((url, url.EndsWith("/feed", StringComparison.Ordinal) ? WebUtility.HtmlDecode(body) : JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, Unescaped)));
        }

        using var db = factory.CreateDbContext();
        var names = (await db.Cases.Select(c => c.PersonName).ToListAsync())
            .Concat(await db.Contacts.Select(c => c.PersonName).ToListAsync())
            .Concat(await db.People.Select(p => p.Name).ToListAsync())
            .Concat((await db.Headquarters.ToListAsync()).SelectMany(h => new[] { h.Commander }.Concat(h.DeputyCommanders)))
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).Append("张三").Distinct().ToList();
        var numbers = (await db.Cases.Select(c => new[] { c.ResidentId, c.Phone }).ToListAsync()).SelectMany(x => x)
            .Concat((await db.Contacts.Select(c => new[] { c.ResidentId, c.Phone }).ToListAsync()).SelectMany(x => x))
            .Concat(await db.People.Select(p => p.Phone).ToListAsync())
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).Distinct().ToList();
        Assert.NotEmpty(names);
        Assert.NotEmpty(numbers);
        foreach (var (where, text) in texts)
        {
            Assert.False(IdNumber().IsMatch(text), $"{where} holds an ID number: {IdNumber().Match(text).Value}");
            Assert.False(PhoneNumber().IsMatch(text), $"{where} holds a phone number: {PhoneNumber().Match(text).Value}");
            Assert.DoesNotContain(names, n => text.Contains(n, StringComparison.Ordinal));
            Assert.DoesNotContain(numbers, n => text.Contains(n, StringComparison.Ordinal));
            Assert.DoesNotContain("\"city\"", text);
            Assert.DoesNotContain("\"office\"", text);
        }
    }

    [Fact]
    public async Task PublicEndpointsNeedNoSignInButTheRestDoesAndPagesAreBounded()
    {
        var anonymous = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/public")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/publications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/publications", new { region = City, kind = "clinics" })).StatusCode);
        var tooMany = await ErrorsAsync(await anonymous.GetAsync("/api/public/bulletins?limit=1000&after=%%%"));
        Assert.Equal(["after", "limit"], tooMany.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex PhoneNumber();
}

public sealed class SqlitePublicationsApiTests() : PublicationsApiTests<SqliteFactory>(new());

public sealed class PostgresPublicationsApiTests() : PublicationsApiTests<PostgresFactory>(new());
