using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Identity;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 13, defects 7 and 8: an id taken in another county answers as one taken in one's own (409, one wording); a decision of
/// another county is not found whether read or approved; every free text has a limit from <see cref="Limits"/> and refuses
/// control characters and text-direction overrides; phones are checked; times of things that happened cannot lie ahead.
/// </summary>
public abstract class InputTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Community = "150502001002";
    private const string OtherCounty = "150581001001";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..18];

    private object Case(string id, string region, string personName = "张某", object? confirmedAt = null, string[]? linkedTo = null) => new
    {
        id, classification = "confirmed", personName, region, reportedAt = factory.Clock.GetUtcNow().AddHours(-1), confirmedAt, linkedTo,
    };

    private object Arrival(string id, string personName = "到达人员", string? phone = null) => new
    {
        id, personName, phone, region = Community, protocol = "returnees-medium-high-risk", arrivedFrom = "某中风险地区", arrivedAt = factory.Clock.GetUtcNow().AddHours(-2),
    };

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    private static async Task<(string Type, string Detail)> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (problem.RootElement.GetProperty("type").GetString()!, problem.RootElement.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task AnIdTakenInAnotherCountyAnswersAsOneTakenInOnesOwn()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var elsewhere = NewId("X");
        var own = NewId("O");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/cases", Case(elsewhere, OtherCounty))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/cases", Case(own, Community))).StatusCode);

        var outside = await ProblemAsync(await horqin.PostAsJsonAsync("/api/cases", Case(elsewhere, Community)), HttpStatusCode.Conflict);
        var inside = await ProblemAsync(await horqin.PostAsJsonAsync("/api/cases", Case(own, Community)), HttpStatusCode.Conflict);
        Assert.Equal("urn:epicommand:problem:id-not-available", outside.Type);
        Assert.Equal(inside.Type, outside.Type);
        Assert.Equal(inside.Detail.Replace(own, "ID", StringComparison.Ordinal), outside.Detail.Replace(elsewhere, "ID", StringComparison.Ordinal));
        Assert.DoesNotContain("150581", outside.Detail, StringComparison.Ordinal);

        // The same for key people and settings.
        var person = NewId("K");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/key-people", new
        {
            id = person, personName = "到达人员", region = OtherCounty, protocol = "returnees-medium-high-risk", arrivedFrom = "某中风险地区", arrivedAt = factory.Clock.GetUtcNow().AddHours(-2),
        })).StatusCode);
        Assert.Equal(outside.Type, (await ProblemAsync(await horqin.PostAsJsonAsync("/api/key-people", Arrival(person)), HttpStatusCode.Conflict)).Type);
        var setting = NewId("S");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/settings", new { id = setting, name = "某学校", type = "school", region = OtherCounty })).StatusCode);
        Assert.Equal(outside.Type, (await ProblemAsync(await horqin.PostAsJsonAsync("/api/settings", new { id = setting, name = "某学校", type = "school", region = Community }), HttpStatusCode.Conflict)).Type);
    }

    [Fact]
    public async Task ACaseMayBeLinkedToACaseOfAnotherCountyAsInTheLineListImport()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var source = NewId("X");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/cases", Case(source, OtherCounty))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/cases", Case(NewId("L"), Community, linkedTo: [source]))).StatusCode);
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/cases", Case(NewId("L"), Community, linkedTo: ["bad id\u202E"])))).TryGetProperty("linkedTo", out _));
    }

    [Fact]
    public async Task ADecisionOfAnotherCountyIsNotFoundWhetherReadConfirmedOrApproved()
    {
        await TaskSteps.AddUserAsync(factory, "input-naiman-hq", Roles.Headquarters, "150525");
        await TaskSteps.AddUserAsync(factory, "input-naiman-expert", Roles.Expert, "150525");
        var horqin = await factory.SignedInAsync("horqin");
        await ResponseSteps.RefreshRecommendationsAsync(factory);
        var decision = Assert.Single((await horqin.GetListAsync<DecisionDto>("/api/decisions?open=true"))!, d => d.Region == "150502");

        var naiman = await factory.SignedInAsync("input-naiman-hq");
        Assert.Equal(HttpStatusCode.NotFound, (await naiman.GetAsync($"/api/decisions/{decision.Id}")).StatusCode);
        var approve = await naiman.PostAsJsonAsync($"/api/decisions/{decision.Id}/approve", new { note = "同意" });
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.DoesNotContain("科尔沁", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var expert = await factory.SignedInAsync("input-naiman-expert");
        Assert.Equal(HttpStatusCode.NotFound, (await expert.PostAsJsonAsync($"/api/decisions/{decision.Id}/confirm", new { note = "确认" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await expert.PostAsJsonAsync($"/api/decisions/{decision.Id}/reject", new { note = "再议" })).StatusCode);
    }

    [Theory]
    [InlineData("张\0某")]
    [InlineData("张\u001B[31m某")]
    [InlineData("张\u202E某")]
    [InlineData("张\u2066某")]
    [InlineData("张\n某")]
    [InlineData("张\u0085某")]
    public async Task ANameWithAControlCharacterOrADirectionOverrideIsRefused(string name)
    {
        var client = await factory.SignedInAsync("horqin");
        Assert.True((await ErrorsAsync(await client.PostAsJsonAsync("/api/key-people", Arrival(NewId("K"), name)))).TryGetProperty("personName", out _));
        Assert.True((await ErrorsAsync(await client.PostAsJsonAsync("/api/cases", Case(NewId("C"), Community, name)))).TryGetProperty("personName", out _));
        Assert.True((await ErrorsAsync(await client.PostAsJsonAsync("/api/settings", new { id = NewId("S"), name, type = "school", region = Community }))).TryGetProperty("name", out _));
    }

    [Fact]
    public async Task LongTextsAreRefusedWithTheLimitOnEveryWrite()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var city = await factory.SignedInAsync("city");
        var huge = new string('长', 10_000);
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/key-people", Arrival(NewId("K"), huge)))).TryGetProperty("personName", out _));
        var sentinel = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/sentinels", new { kind = "pharmacy", reporter = huge, personName = huge, detail = huge, region = Community }));
        Assert.All(new[] { "reporter", "personName", "detail" }, field => Assert.True(sentinel.TryGetProperty(field, out _), field));
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/settings", new { id = NewId("S"), name = huge, type = "school", region = Community }))).TryGetProperty("name", out _));
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync("/api/zones", new { region = "150502004001", kind = "controlZone", unitKind = "building", name = huge, reason = huge }))).TryGetProperty("name", out _));
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/decisions", new { region = "150502", kind = "activate", toLevel = "IV", reason = huge }))).TryGetProperty("reason", out _));

        var id = NewId("C");
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/cases", Case(id, Community))).StatusCode);
        var cdc = await factory.SignedInAsync("cdc");
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason = new string('因', Limits.NoteCharacters + 1) }))).TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, (await cdc.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason = new string('因', Limits.NoteCharacters) })).StatusCode);
    }

    [Fact]
    public async Task PhonesOfKeyPeopleAndSentinelReportsAreChecked()
    {
        var client = await factory.SignedInAsync("horqin");
        Assert.True((await ErrorsAsync(await client.PostAsJsonAsync("/api/key-people", Arrival(NewId("K"), phone: "call me")))).TryGetProperty("phone", out _));
        var sentinel = await ErrorsAsync(await client.PostAsJsonAsync("/api/sentinels", new { kind = "pharmacy", reporter = "某大药房", personName = "购药人", phone = new string('1', 5000), detail = "实名购买退热药", region = Community }));
        Assert.True(sentinel.TryGetProperty("phone", out var message));
        Assert.DoesNotContain("11111111111111111111111", message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesOfWhatHappenedCannotLieAhead()
    {
        var client = await factory.SignedInAsync("horqin");
        var far = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
        Assert.True((await ErrorsAsync(await client.PostAsJsonAsync("/api/cases", Case(NewId("C"), Community, confirmedAt: far)))).TryGetProperty("confirmedAt", out _));
        var city = await factory.SignedInAsync("city");
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync("/api/zones", new { region = "150502004001", kind = "controlZone", unitKind = "building", name = "某楼", reason = "密接", endsAt = far }))).TryGetProperty("endsAt", out _));
    }

    [Fact]
    public void TheTextCheckKeepsTabsAndLineBreaksOnlyInMultiLineTexts()
    {
        Assert.False(TextFields.HasForbidden("第一行\r\n\t第二行", multiline: true));
        Assert.True(TextFields.HasForbidden("第一行\n第二行", multiline: false));
        Assert.True(TextFields.HasForbidden("说明\u202E", multiline: true));
        Assert.True(TextFields.HasForbidden("说明\u0000", multiline: true));
        Assert.False(TextFields.HasForbidden("张某·阿卜杜拉", multiline: false));
    }
}

public sealed class SqliteInputTests() : InputTests<SqliteFactory>(new());

public sealed class PostgresInputTests() : InputTests<PostgresFactory>(new());
