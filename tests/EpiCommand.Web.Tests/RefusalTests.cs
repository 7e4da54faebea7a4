using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using EpiCommand.Web.KeyPopulations;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Sentinels;

namespace EpiCommand.Web.Tests;

/// <summary>
/// One way to refuse (issue 9): invalid input answers a ValidationProblem whose <c>errors</c> are keyed by JSON path, in
/// Chinese by default and in English on request; a state change taken twice at once happens once.
/// </summary>
public abstract class RefusalTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Community = "150502001002";

    private object CaseWithoutId() => new { id = "", classification = "confirmed", personName = "张某", region = Community, reportedAt = factory.Clock.GetUtcNow().AddHours(-1) };

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("urn:epicommand:problem:invalid", problem.RootElement.GetProperty("type").GetString());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    [Fact]
    public async Task AnInvalidCaseIsRefusedByJsonPathInChineseByDefault()
    {
        var client = await factory.SignedInAsync("city");
        var errors = await ErrorsAsync(await client.PostAsJsonAsync("/api/cases", CaseWithoutId()));
        Assert.Equal("请填写病例编号。", errors.GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task AnInvalidCaseIsRefusedInEnglishWithTheLanguageCookie()
    {
        var client = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture/en?returnUrl=/")).StatusCode);
        var errors = await ErrorsAsync(await client.PostAsJsonAsync("/api/cases", CaseWithoutId()));
        Assert.Equal("The case id is required.", errors.GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task AnApiClientChoosesEnglishWithAcceptLanguage()
    {
        var client = await factory.SignedInAsync("city");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(CaseWithoutId()) };
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var errors = await ErrorsAsync(await client.SendAsync(request));
        Assert.Equal("The case id is required.", errors.GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task AValueOfTheWrongTypeIsA400NamingItsPathNotA500()
    {
        var client = await factory.SignedInAsync("city");
        var response = await client.PostAsync("/api/cases", new StringContent("""{"id":"X-1","reportedAt":"not a time"}""", System.Text.Encoding.UTF8, "application/json"));
        var errors = await ErrorsAsync(response);
        Assert.True(errors.TryGetProperty("reportedAt", out _), errors.ToString());

        var malformed = await client.PostAsync("/api/cases", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var query = await client.GetAsync("/api/cases?limit=many");
        Assert.True((await ErrorsAsync(query)).TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task AnIdWithATrailingNewlineIsStoredTrimmedNotA500()
    {
        var client = await factory.SignedInAsync("city");
        var id = $"N-{Guid.NewGuid():N}"[..16];
        var body = new { id = id + "\n", classification = "confirmed", personName = "张某", region = Community, reportedAt = factory.Clock.GetUtcNow().AddHours(-1) };
        var created = await client.PostAsJsonAsync("/api/cases", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/cases/{id}", created.Headers.Location?.OriginalString);
        var again = await client.PostAsJsonAsync("/api/cases", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("id-not-available", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADayOutsideWhatThePlatformHoldsIsA400NamingTheDay()
    {
        var client = await factory.SignedInAsync("city");
        foreach (var day in new[] { "0001-01-01", "9999-12-31" })
        {
            Assert.True((await ErrorsAsync(await client.GetAsync($"/api/daily-reports?day={day}"))).TryGetProperty("day", out _), day);
            Assert.True((await ErrorsAsync(await client.GetAsync($"/api/daily-reports/missing?day={day}"))).TryGetProperty("day", out _), day);
        }
    }

    [Fact]
    public async Task ADecisionKindIsOneOfItsNamesNotANumberOrACombination()
    {
        var client = await factory.SignedInAsync("horqin");
        foreach (var kind in new[] { "0", "activate,raise", "Activate" })
        {
            var response = await client.PostAsJsonAsync("/api/decisions", new { region = "150502", kind, toLevel = "IV", reason = "测试" });
            Assert.True((await ErrorsAsync(response)).TryGetProperty("kind", out _), kind);
        }
    }

    [Fact]
    public async Task AKeyPersonsTestRecordedFourTimesAtOnceIsRecordedOnce()
    {
        var client = await factory.SignedInAsync("horqin");
        var id = $"K-{Guid.NewGuid():N}"[..18];
        var now = factory.Clock.GetUtcNow();
        var created = await client.PostAsJsonAsync("/api/key-people",
            new { id, personName = "到达人员", region = Community, protocol = "returnees-medium-high-risk", arrivedFrom = "某中风险地区", arrivedAt = now.AddHours(-2) });
        var test = Assert.Single((await created.Content.ReadFromJsonAsync<KeyPersonDto>())!.Tests);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            client.PostAsJsonAsync($"/api/key-people/{id}/tests/{test.Id}", new { result = i % 2 == 0 ? "negative" : "positive" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));

        var person = (await client.GetListAsync<KeyPersonDto>("/api/key-people"))!.Single(p => p.Id == id);
        var result = Assert.Single(person.Tests).Result;
        Assert.Equal(result == "negative" ? "released" : "underObservation", person.Status);
    }

    [Fact]
    public async Task ASentinelStepTakenFourTimesAtOnceIsTakenOnce()
    {
        var client = await factory.SignedInAsync("horqin");
        var created = await client.PostAsJsonAsync("/api/sentinels", new { kind = "pharmacy", reporter = "某大药房", personName = "购药人", detail = "实名购买退热药", region = Community });
        var report = await created.Content.ReadFromJsonAsync<SentinelDto>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsJsonAsync($"/api/sentinels/{report!.Id}/advance", new { note = "核查", stage = "regulatorChecked" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var stored = (await client.GetListAsync<SentinelDto>("/api/sentinels"))!.Single(r => r.Id == report!.Id);
        Assert.Equal(["reported", "regulatorChecked"], stored.Steps.Select(s => s.Stage));

        // Without naming the step, parallel requests take consecutive steps, never one step twice.
        var more = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync($"/api/sentinels/{report!.Id}/advance", new { note = "" })));
        Assert.All(more, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        stored = (await client.GetListAsync<SentinelDto>("/api/sentinels"))!.Single(r => r.Id == report!.Id);
        Assert.Equal(stored.Steps.Count, stored.Steps.Select(s => s.Stage).Distinct().Count());
    }

    [Fact]
    public async Task ACaseRegisteredFourTimesAtOnceIsStoredOnceAndTheOthersAreTold()
    {
        var client = await factory.SignedInAsync("city");
        var id = $"D-{Guid.NewGuid():N}"[..16];
        var body = new { id, classification = "confirmed", personName = "张某", region = Community, reportedAt = factory.Clock.GetUtcNow().AddHours(-1) };
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/cases", body)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.True(a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, a.StatusCode.ToString()));
    }
}

public sealed class SqliteRefusalTests() : RefusalTests<SqliteFactory>(new());

public sealed class PostgresRefusalTests() : RefusalTests<PostgresFactory>(new());

/// <summary>The message catalogue: every message has its Chinese and its English text.</summary>
public sealed class MessageCatalogueTests
{
    public static TheoryData<string> Members() => [.. typeof(Messages).GetMembers(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m is PropertyInfo { PropertyType.Name: nameof(Text) } || m is MethodInfo { ReturnType.Name: nameof(Text), IsSpecialName: false })
        .Select(m => m.Name).Distinct()];

    [Theory]
    [MemberData(nameof(Members))]
    public void EveryMessageIsWrittenInChineseAndInEnglish(string name)
    {
        foreach (var member in typeof(Messages).GetMember(name, BindingFlags.Public | BindingFlags.Static))
        {
            var text = member switch
            {
                PropertyInfo property => (Text)property.GetValue(null)!,
                MethodInfo method => (Text)method.Invoke(null, method.GetParameters().Select(p => Sample(p.ParameterType, p.Name)).ToArray())!,
                _ => throw new InvalidOperationException(name),
            };
            Assert.Contains(text.Zh, c => c is >= '\u4e00' and <= '\u9fff');
            Assert.False(string.IsNullOrWhiteSpace(text.En), name);
            Assert.NotEqual(text.Zh, text.En);
            // English may quote a Chinese term, but it is not written in Chinese.
            Assert.True(text.En.Count(c => c is >= '\u4e00' and <= '\u9fff') <= text.En.Length / 3, $"{name}: {text.En}");
        }
    }

    private static object Sample(Type type, string? name = null) => type switch
    {
        // A text passed through in one language (e.g. a domain rule's Chinese wording) is Chinese in the sample.
        _ when type == typeof(string) && name is { } n && n.Equals("zh", StringComparison.OrdinalIgnoreCase) => "中文样例",
        _ when type == typeof(string) => "X1",
        _ when type == typeof(int) => 3,
        _ when type == typeof(long) => 3L,
        _ when type == typeof(decimal) => 39.5m,
        _ when type == typeof(double) => 122.2557,
        _ when type == typeof(bool) => true,
        _ when type == typeof(DateOnly) => new DateOnly(2020, 11, 20),
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?) => new DateTimeOffset(2020, 11, 20, 8, 0, 0, TimeSpan.Zero),
        _ when type == typeof(Text) => new Text("地区", "region"),
        _ when type.IsEnum => Enum.GetValues(type).GetValue(0)!,
        _ when type.IsAssignableFrom(typeof(string[])) => new[] { "A1", "B2" },
        _ when type == typeof(Domain.Plans.Plan) => Domain.Plans.PlanCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "plans")).Get("tongliao-2020"),
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) =>
            Array.CreateInstance(type.GetGenericArguments()[0], 1) is var array && Fill(array, type.GetGenericArguments()[0]) ? array : null!,
        _ when type.IsValueType && type.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal) =>
            Activator.CreateInstance(type, type.GetGenericArguments().Select(t => Sample(t)).ToArray())!,
        _ when type.GetConstructor(Type.EmptyTypes) is { } empty => Fill(empty.Invoke(null)),
        _ when type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault() is { } constructor =>
            constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType, p.Name)).ToArray()),
        _ => throw new NotSupportedException($"no sample for {type}"),
    };

    private static bool Fill(Array array, Type element)
    {
        array.SetValue(Sample(element), 0);
        return true;
    }

    /// <summary>An entity with its text properties set, as a message would find it.</summary>
    private static object Fill(object entity)
    {
        foreach (var property in entity.GetType().GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string))) property.SetValue(entity, "X1");
        return entity;
    }
}
