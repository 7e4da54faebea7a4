using System.Net;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The whole platform over HTTP on a database of its own: a fresh SQLite file, or a fresh database on the
/// PostgreSQL server named by <c>EPICOMMAND_TEST_POSTGRES</c> (the README's test command starts one).
/// Migrated and loaded with the demo city exactly as at a real start.
/// </summary>
public abstract partial class EpiCommandFactory : WebApplicationFactory<Program>
{
    /// <summary>The platform's clock: starts at the real now and moves only when a test advances it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>What the platform sent to group-robot webhooks.</summary>
    public WebhookRecorder Webhooks { get; } = new();

    protected abstract DatabaseProvider Provider { get; }
    protected abstract string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Database:SeedDemo", "true");
        builder.UseSetting("SignIn:PerAddressPermits", "100000");
        builder.UseSetting("Notifications:Webhooks:150581", "https://robot.example/hook?key=huolinguole");
        builder.UseSetting("Notifications:Webhooks:150500", "https://robot.example/hook?key=tongliao");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddHttpClient("webhooks").ConfigurePrimaryHttpMessageHandler(() => Webhooks);
        });
    }

    /// <summary>A client signed in as a demo user, through the real login form (antiforgery token, password, cookie).</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password = Data.Demo.DemoSeeder.DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await SignInAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"sign-in as {userName} failed: {response.StatusCode} {response.Headers.Location}");
        }
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public AppDbContext CreateDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();
}

public sealed class SqliteFactory : EpiCommandFactory
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"epicommand-test-{Guid.NewGuid():N}.db");

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string ConnectionString => $"Data Source={_file};Pooling=false";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(_file);
    }
}

public sealed class PostgresFactory : EpiCommandFactory
{
    private readonly string _database = $"epicommand_test_{Guid.NewGuid():N}";

    public static string PostgresServer => Environment.GetEnvironmentVariable("EPICOMMAND_TEST_POSTGRES")
        ?? throw new InvalidOperationException("EPICOMMAND_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a PostgreSQL server");

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ToString();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>Answers every webhook call with 200 and keeps the request bodies.</summary>
public sealed class WebhookRecorder : HttpMessageHandler
{
    private readonly List<(string Url, string Body)> _calls = [];

    public IReadOnlyList<(string Url, string Body)> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_calls) _calls.Add((request.RequestUri!.ToString(), body));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"errcode\":0}") };
    }
}
