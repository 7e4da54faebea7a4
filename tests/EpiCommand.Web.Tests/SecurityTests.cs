using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 13, defects 3, 5, 6 and 9: body sizes, sign-in without lockout or user-name oracle, local redirects only,
/// cross-site state changes refused, and the headers every response carries (docs/security.md).
/// </summary>
public abstract partial class SecurityTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Evil = "https://evil.example";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.Clone();
    }

    private static HttpRequestMessage English(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd("en");
        return request;
    }

    // Body sizes (defect 3)

    [Fact]
    public async Task AJsonBodyOverItsLimitIs413NamingTheLimit()
    {
        var client = await factory.SignedInAsync("city");
        var body = $$"""{"id":"X-1","personName":"{{new string('张', 1 << 20)}}"}""";
        using var request = English(HttpMethod.Post, "/api/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A50MbAssessmentIs413WithOrWithoutAContentLength()
    {
        var client = await factory.SignedInAsync("city");
        var scenario = Encoding.UTF8.GetBytes($$"""{"plan":"tongliao-2020","asOf":"2020-11-20","padding":"{{new string('x', 50 << 20)}}"}""");
        using var sized = English(HttpMethod.Post, "/api/assessments", new ByteArrayContent(scenario) { Headers = { ContentType = new("application/json") } });
        var problem = await ProblemAsync(await client.SendAsync(sized), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{Limits.AssessmentBodyBytes >> 20} MB", problem.GetProperty("detail").GetString());

        using var chunked = English(HttpMethod.Post, "/api/assessments", new StreamContent(new Unsized(scenario)) { Headers = { ContentType = new("application/json") } });
        await ProblemAsync(await client.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);
    }

    // Sign-in (defect 6) and redirects (defect 3)

    [Fact]
    public async Task FailedSignInsAnswerTheSameForExistingAndUnknownUsers()
    {
        var existing = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            existing.Add((await SignInFromAsync("10.0.0.1", "expert", "wrong password")).Location);
            unknown.Add((await SignInFromAsync("10.0.0.1", "no-such-user", "wrong password")).Location);
        }
        Assert.Equal(existing, unknown);
        Assert.DoesNotContain(existing, l => l.Contains("locked"));
        Assert.StartsWith("/account/login?error=invalid", existing[0]);
    }

    [Fact]
    public async Task WrongPasswordsFromOneAddressDoNotShutTheHeadquartersOut()
    {
        for (var i = 0; i < 12; i++) await SignInFromAsync("10.0.0.2", "city", "wrong password");
        Assert.StartsWith("/account/login?error=throttled", (await SignInFromAsync("10.0.0.2", "city", Data.Demo.DemoSeeder.DemoPassword)).Location);
        var headquarters = await SignInFromAsync("10.0.0.3", "city", Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal((StatusCodes.Status302Found, "/"), headquarters);
    }

    [Fact]
    public async Task SignInIsRateLimitedPerAddress()
    {
        using var strict = factory.WithWebHostBuilder(b => b.UseSetting("SignIn:PerAddressPermits", "3"));
        var client = strict.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 3; i++) Assert.Contains("error=invalid", (await EpiCommandFactory.SignInAsync(client, "office", "wrong password")).Headers.Location?.OriginalString);
        var refused = await EpiCommandFactory.SignInAsync(client, "office", Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login?error=throttled", refused.Headers.Location?.OriginalString);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("/中", "/%E4%B8%AD")]
    [InlineData("/cases?q=a b", "/cases?q=a%20b")]
    [InlineData("/x\r\nSet-Cookie: a=b", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task SignInReturnsOnlyToALocalPathInAValidHeader(string returnUrl, string location)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["UserName"] = "cdc",
            ["Password"] = Data.Demo.DemoSeeder.DemoPassword,
            ["ReturnUrl"] = returnUrl,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("/%2F%2Fevil.example", "/")]
    [InlineData("/%E4%B8%AD", "/%E4%B8%AD")]
    [InlineData("/%0D%0ASet-Cookie:%20a=b", "/")]
    public async Task TheLanguageSwitchReturnsOnlyToALocalPath(string returnUrl, string location)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture/en?returnUrl={returnUrl}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    // Cross-site requests (defect 5)

    private static MultipartFormDataContent Csv()
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("病例编号,分类,姓名,现住地代码,报告时间\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", "cases.csv" } };
    }

    [Theory]
    [InlineData("Origin", Evil)]
    [InlineData("Origin", "null")]
    [InlineData("Referer", Evil + "/page")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task AnImportWithTheCookieFromAnotherSiteIsRefused(string header, string value)
    {
        var client = await factory.SignedInAsync("horqin");
        using var request = English(HttpMethod.Post, "/api/linelists/cases/import", Csv());
        request.Headers.TryAddWithoutValidation(header, value);
        var problem = await ProblemAsync(await client.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Equal("urn:epicommand:problem:cross-origin", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnImportFromThePlatformsOwnPageIsNotRefused()
    {
        var client = await factory.SignedInAsync("horqin");
        using var request = English(HttpMethod.Post, "/api/linelists/cases/import", Csv());
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AJsonChangeAndSignOutFromAnotherSiteAreRefused()
    {
        var client = await factory.SignedInAsync("horqin-cdc");
        using var change = English(HttpMethod.Post, "/api/cases", new StringContent("{}", Encoding.UTF8, "application/json"));
        change.Headers.Add("Origin", Evil);
        await ProblemAsync(await client.SendAsync(change), HttpStatusCode.Forbidden);

        using var logout = English(HttpMethod.Post, "/account/logout");
        logout.Headers.Add("Origin", Evil);
        await ProblemAsync(await client.SendAsync(logout), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/regions")).StatusCode);
    }

    [Fact]
    public async Task ARequestWithoutTheCookieIsNotJudgedByItsOrigin()
    {
        using var request = English(HttpMethod.Post, "/api/cases", new StringContent("{}", Encoding.UTF8, "application/json"));
        request.Headers.Add("Origin", Evil);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request)).StatusCode);
    }

    // Headers (defect 9)

    [Fact]
    public async Task ApiResponsesExportsAndPagesAreNotStoredAndNotSniffed()
    {
        var client = await factory.SignedInAsync("city");
        foreach (var url in new[] { "/api/cases", "/api/linelists/cases/export.xlsx", "/" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url}: Cache-Control {response.Headers.CacheControl}");
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
        var page = await client.GetAsync("/");
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}';", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"nonce=\"{nonce}\"", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api-docs/index.html")]
    public async Task TheApiDescriptionIsForSignedInUsersOnly(string url)
    {
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.SignedInAsync("expert")).GetAsync(url)).StatusCode);
    }

    /// <summary>A sign-in post as if from <paramref name="address"/>, with the form's antiforgery token and cookie.</summary>
    private async Task<(int Status, string Location)> SignInFromAsync(string address, string userName, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/login");
        var cookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var body = await new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = userName, ["Password"] = password, ["ReturnUrl"] = "/",
        }).ReadAsByteArrayAsync();
        var http = await factory.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = "/account/login";
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
            context.Request.Headers.Cookie = cookies;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return (http.Response.StatusCode, http.Response.Headers.Location.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>A body whose length is not known in advance, sent chunked.</summary>
    private sealed class Unsized(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}

public sealed class SqliteSecurityTests() : SecurityTests<SqliteFactory>(new());

public sealed class PostgresSecurityTests() : SecurityTests<PostgresFactory>(new());
