using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Shelters;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Fangcang shelter hospitals (001 §5.4.4; 004 §七(十), §九(四)3) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class SheltersApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Kailu = "150523";

    private static async Task<ShelterDto> RegisterAsync(HttpClient client, string region, string name, int beds)
    {
        var response = await client.PostAsJsonAsync("/api/shelters", new { region, name, address = $"{name}地址", beds, staff = 20 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ShelterDto>())!;
    }

    /// <summary>
    /// The response covering 科尔沁区 at <paramref name="level"/>: the county's IV started through the decisions, then raised in the
    /// database — II and I are started by the autonomous region (001 §5.4.1, §5.5), which has no headquarters in the demo city.
    /// </summary>
    private async Task ResponseAtAsync(string level)
    {
        await using (var db = factory.CreateDbContext())
        {
            if (!await db.Activations.AnyAsync(a => a.RegionCode == Horqin && a.EndedAt == null)) await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        }
        await using var context = factory.CreateDbContext();
        Assert.Equal(1, await context.Activations.Where(a => a.RegionCode == Horqin && a.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.Level, level)));
    }

    private static async Task<(HttpStatusCode Status, string Type, string Detail, ShelterDto? Shelter)> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode) return (response.StatusCode, "", "", JsonSerializer.Deserialize<ShelterDto>(text, JsonSerializerOptions.Web));
        using var problem = JsonDocument.Parse(text);
        return (response.StatusCode, problem.RootElement.GetProperty("type").GetString()!, problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "", null);
    }

    [Fact]
    public async Task ASiteIsMadeReadyAtIIAndActivatedAtIAsThePlanSaysAndRefusedWithTheClauseBelow()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var site = await RegisterAsync(horqin, Horqin, "科尔沁区会展中心方舱", 3);
        Assert.Equal(("reserve", 0, null as string, null as string), (site.Status, site.Occupied, site.Level, site.Allowed));

        // No response in force: neither step (001 §5.4.4 asks for II).
        var refused = await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "prepared" });
        Assert.Equal((HttpStatusCode.BadRequest, "urn:epicommand:problem:shelter-level"), (refused.Status, refused.Type));
        Assert.Contains("§5.4.4", refused.Detail, StringComparison.Ordinal);
        await ResponseAtAsync("III");
        Assert.Contains("§5.4.4", (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "prepared" })).Detail, StringComparison.Ordinal);

        await ResponseAtAsync("II");
        var prepared = await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { version = site.Version, status = "prepared" });
        Assert.Equal((HttpStatusCode.OK, "prepared", "II", "prepared"), (prepared.Status, prepared.Shelter!.Status, prepared.Shelter.Level, prepared.Shelter.Allowed));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { version = site.Version, status = "active" })).Status);
        var notYet = await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "active" });
        Assert.Equal("urn:epicommand:problem:shelter-level", notYet.Type);
        Assert.Contains("§5.5", notYet.Detail, StringComparison.Ordinal);
        // Only an active site admits.
        Assert.Equal("urn:epicommand:problem:shelter-not-active", (await PostAsync(horqin, $"/api/shelters/{site.Id}/movements", new { kind = "admission", count = 1 })).Type);

        await ResponseAtAsync("I");
        Assert.Equal("active", (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "active" })).Shelter!.Status);
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(2, (await PostAsync(cdc, $"/api/shelters/{site.Id}/movements", new { kind = "admission", count = 2, note = "轻症" })).Shelter!.Occupied);
        var full = await PostAsync(cdc, $"/api/shelters/{site.Id}/movements", new { kind = "admission", count = 2 });
        Assert.Equal("urn:epicommand:problem:shelter-full", full.Type);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(cdc, $"/api/shelters/{site.Id}/movements", new { kind = "discharge", count = 3 })).Status);
        Assert.Equal(1, (await PostAsync(cdc, $"/api/shelters/{site.Id}/movements", new { kind = "discharge", count = 1 })).Shelter!.Occupied);
        // Standing down asks for an empty shelter.
        Assert.Equal("urn:epicommand:problem:shelter-occupied", (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "reserve" })).Type);
        await PostAsync(cdc, $"/api/shelters/{site.Id}/movements", new { kind = "discharge", count = 1 });
        var down = (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "reserve" })).Shelter!;
        Assert.Equal(("reserve", 0), (down.Status, down.Occupied));
        // The movements are kept as they were written, newest first, each with the beds in use after it.
        Assert.Equal([("discharge", 1, 0), ("discharge", 1, 1), ("admission", 2, 2)], down.Movements.Select(m => (m.Kind, m.Count, m.OccupiedAfter)));
        // The whole history, paged on the server: two, then the last one; a bad page size is refused by field.
        var first = (await horqin.GetFromJsonAsync<Page<ShelterMovementDto>>($"/api/shelters/{site.Id}/movements?limit=2"))!;
        Assert.Equal([("discharge", 0), ("discharge", 1)], first.Items.Select(m => (m.Kind, m.OccupiedAfter)));
        Assert.Equal(3, first.Total);
        Assert.NotNull(first.Next);
        var second = (await horqin.GetFromJsonAsync<Page<ShelterMovementDto>>($"/api/shelters/{site.Id}/movements?limit=2&after={Uri.EscapeDataString(first.Next!)}"))!;
        Assert.Equal([("admission", 2, 2)], second.Items.Select(m => (m.Kind, m.Count, m.OccupiedAfter)));
        Assert.Null(second.Next);
        var badLimit = await horqin.GetAsync($"/api/shelters/{site.Id}/movements?limit=500");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        using (var problem = JsonDocument.Parse(await badLimit.Content.ReadAsStringAsync())) Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.SignedInAsync("naiman")).GetAsync($"/api/shelters/{site.Id}/movements")).StatusCode);

        var subject = site.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var db = factory.CreateDbContext();
        var actions = await db.AuditEntries.Where(e => e.SubjectType == "shelter" && e.SubjectId == subject).Select(e => e.Action).ToListAsync();
        Assert.Equal(1, actions.Count(a => a == "shelter.registered"));
        Assert.Equal(3, actions.Count(a => a == "shelter.status"));
        Assert.Equal((1, 2), (actions.Count(a => a == "shelter.admitted"), actions.Count(a => a == "shelter.discharged")));
    }

    [Fact]
    public async Task BadSitesAreRefusedByFieldAndAnotherCountyIsForbidden()
    {
        var horqin = await factory.SignedInAsync("horqin");
        using (var problem = JsonDocument.Parse(await (await horqin.PostAsJsonAsync("/api/shelters", new { })).Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "region", "name", "address", "beds", "staff" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        }
        var beds = await horqin.PostAsJsonAsync("/api/shelters", new { region = Horqin, name = "零床方舱", address = "某地", beds = 0, staff = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, beds.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/shelters", new { region = Kailu, name = "开鲁方舱", address = "开鲁", beds = 10, staff = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("horqin-cdc")).PostAsJsonAsync("/api/shelters", new { region = Horqin, name = "疾控方舱", address = "某地", beds = 10, staff = 1 })).StatusCode);
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync("/api/shelters", new { region = "150500", name = "市方舱", address = "某地", beds = 10, staff = 1 })).StatusCode);
        var own = await RegisterAsync(horqin, Horqin, "科尔沁区体育中心方舱", 10);
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/shelters", new { region = Horqin, name = "科尔沁区体育中心方舱", address = "某地", beds = 10, staff = 1 })).StatusCode);
        using (var problem = JsonDocument.Parse(await (await horqin.PostAsJsonAsync($"/api/shelters/{own.Id}/movements", new { })).Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("kind", out _) && errors.TryGetProperty("count", out _), errors.ToString());
        }

        var kailu = await RegisterAsync(city, Kailu, "开鲁县体育馆方舱", 10);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/shelters/{kailu.Id}/status", new { status = "prepared" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/shelters/{kailu.Id}/movements", new { kind = "admission", count = 1 })).StatusCode);
        var listed = (await horqin.GetListAsync<ShelterDto>("/api/shelters"))!;
        Assert.Contains(listed, s => s.Id == own.Id);
        Assert.DoesNotContain(listed, s => s.Id == kailu.Id);
        Assert.Contains((await city.GetListAsync<ShelterDto>("/api/shelters?status=reserve"))!, s => s.Id == kailu.Id);
    }

    [Fact]
    public async Task AdmissionsRecordedAtOnceNeverTakeMoreThanTheBeds()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var site = await RegisterAsync(horqin, Horqin, "科尔沁区并发方舱", 5);
        await ResponseAtAsync("I");
        Assert.Equal("active", (await PostAsync(horqin, $"/api/shelters/{site.Id}/status", new { status = "active" })).Shelter!.Status);
        var clients = new[] { horqin, await factory.SignedInAsync("horqin-cdc"), await factory.SignedInAsync("city") };
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % clients.Length].PostAsJsonAsync($"/api/shelters/{site.Id}/movements", new { kind = "admission", count = 1 })));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        await using var db = factory.CreateDbContext();
        Assert.Equal(5, (await db.ShelterHospitals.SingleAsync(s => s.Id == site.Id)).Occupied);
        var movements = await db.ShelterMovements.Where(m => m.ShelterId == site.Id).OrderBy(m => m.OccupiedAfter).Select(m => m.OccupiedAfter).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5], movements);
    }
}

public sealed class SqliteSheltersApiTests() : SheltersApiTests<SqliteFactory>(new());

public sealed class PostgresSheltersApiTests() : SheltersApiTests<PostgresFactory>(new());
