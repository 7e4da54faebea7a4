using System.Net;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Domain.Plans;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The whole platform over HTTP, one per test, on a database of its own: a copy of a template that was migrated and loaded
/// with the demo city once per test run, exactly as at a real start — a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c>
/// on the PostgreSQL server named by <c>EPICOMMAND_TEST_POSTGRES</c>. A test class creates one in its constructor, and
/// forwards <see cref="IAsyncLifetime"/> to it.
/// </summary>
public abstract partial class EpiCommandFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>
    /// When the demo city is seeded, and so where every test's clock starts, whatever the day the tests run: noon in China, far
    /// from either end of the day, and after the days the line-list fixtures are dated.
    /// </summary>
    public static readonly DateTimeOffset SeededAt = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);

    /// <summary>The plan files, read once for all the platforms of a run rather than at each start.</summary>
    private static readonly PlanCatalog Plans = PlanCatalog.LoadFolder(PlanCatalog.LocateFolder());

    /// <summary>Signing keys for the run's login cookies, out of the source tree.</summary>
    private static readonly string KeysFolder = Path.Combine(Path.GetTempPath(), $"epicommand-test-keys-{Environment.ProcessId}");

    private readonly bool _seedsTemplate;

    /// <summary>The audit key of the test platforms (not a secret: tests only).</summary>
    public const string TestAuditKeyId = "test-1";
    public const string TestAuditKey = "9AEda1CBvOxFF9yDEfIP/eWIx7RPnE/HzW6UOZKZr7M=";
    /// <summary>The key of the ID-number and phone lookups in tests, configured as Production requires.</summary>
    public const string TestLookupKey = "q8oVh0yQ1m2m8J4rJm7o5pX6b4W5tqkYc3eJgk2xB0s=";

    /// <summary>Where this platform writes its audit checkpoints.</summary>
    public string CheckpointFolder { get; } = Path.Combine(Path.GetTempPath(), $"epicommand-test-audit-{Guid.NewGuid():N}");

    protected EpiCommandFactory(bool seedsTemplate) => _seedsTemplate = seedsTemplate;

    /// <summary>
    /// The ASP.NET Core environment the platform runs in: "Testing" unless a test asks for "Development" (how the README starts
    /// the app) or "Production" (PostgreSQL only, as Production refuses anything else; the plan in force is the demo city's).
    /// </summary>
    public string HostEnvironment { get; init; } = "Testing";

    /// <summary>The platform's clock: starts at <see cref="SeededAt"/> and moves only when the test advances it.</summary>
    public FakeTimeProvider Clock { get; } = new(SeededAt);

    /// <summary>What the platform sent to group-robot webhooks.</summary>
    public WebhookRecorder Webhooks { get; } = new();

    protected abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    /// <summary>Gives this platform its copy of the template database (creating the template on first use).</summary>
    public abstract ValueTask InitializeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_seedsTemplate ? "Testing" : HostEnvironment);
        if (!_seedsTemplate && HostEnvironment == "Production")
        {
            builder.UseSetting("Plans:CityPlan", "tongliao-2020");
            // Production encrypts the sign-in keys at rest with a certificate: a test one, and a keys folder of the platform's own.
            builder.UseSetting(DataProtectionSetup.CertificatePath, TestCertificate.Value.Path);
            builder.UseSetting(DataProtectionSetup.CertificatePassword, TestCertificate.Password);
            // The test suites sign in with a password (issue 18): a test that wants two-factor turns it on itself.
            builder.UseSetting("Accounts:RequireTwoFactor", "false");
        }
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", _seedsTemplate.ToString());
        builder.UseSetting("Database:SeedDemo", _seedsTemplate.ToString());
        builder.UseSetting("DataProtection:KeysFolder", HostEnvironment == "Production" && !_seedsTemplate ? Path.Combine(CheckpointFolder, "keys") : KeysFolder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("SignIn:PerAddressPermits", "100000");
        // The audit chain is signed in tests as in production; each platform keeps its checkpoints in a folder of its own.
        builder.UseSetting("Audit:CurrentKeyId", TestAuditKeyId);
        builder.UseSetting($"Audit:Keys:{TestAuditKeyId}", TestAuditKey);
        builder.UseSetting("Audit:CheckpointFolder", CheckpointFolder);
        builder.UseSetting("Lookups:Key", TestLookupKey);
        builder.UseSetting("Notifications:Webhooks:150581", "https://robot.example/hook?key=huolinguole");
        builder.UseSetting("Notifications:Webhooks:150500", "https://robot.example/hook?key=tongliao");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Plans);
            services.AddHttpClient("webhooks").ConfigurePrimaryHttpMessageHandler(() => Webhooks);
            // A password is still hashed and checked; what the test would spend is the 100,000 rounds against guessing.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1);
            services.AddSingleton<ILoggerProvider>(ServerErrors);
            // The template holds what seeding wrote and nothing a watcher happened to write before the host stopped.
            if (!_seedsTemplate) return;
            foreach (var watcher in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.IsAssignableTo(typeof(MinuteWatcher)) == true).ToList())
            {
                services.Remove(watcher);
            }
        });
    }

    /// <summary>The errors the platform logged (an unhandled exception behind a 500, a watcher's failure), for a failing test to show.</summary>
    public ErrorLog ServerErrors { get; } = new();

    /// <summary>Starts a host on an empty database, which migrates it and loads the demo city at <see cref="SeededAt"/>, and stops it.</summary>
    protected static async Task SeedTemplateAsync(EpiCommandFactory template)
    {
        await using (template)
        {
            _ = template.Services;
        }
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

    /// <summary>A self-signed certificate with its private key, as a .pfx file for the run (tests only).</summary>
    public static class TestCertificate
    {
        public const string Password = "test-only";

        private static readonly Lazy<string> File = new(() =>
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=EpiCommand test data protection", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"epicommand-test-dp-{Environment.ProcessId}.pfx");
            System.IO.File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, Password));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.File.Delete(path);
            return path;
        });

        public static (string Path, string Password) Value => (File.Value, Password);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    protected void DeleteCheckpoints()
    {
        if (Directory.Exists(CheckpointFolder)) Directory.Delete(CheckpointFolder, recursive: true);
    }

    public AppDbContext CreateDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();
}

public sealed class SqliteFactory : EpiCommandFactory
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private readonly string _file;
    private bool _copied;

    public SqliteFactory() : this(Path.Combine(Path.GetTempPath(), $"epicommand-test-{Guid.NewGuid():N}.db"), seedsTemplate: false)
    {
    }

    private SqliteFactory(string file, bool seedsTemplate) : base(seedsTemplate) => _file = file;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString => $"Data Source={_file};Pooling=false";

    public override async ValueTask InitializeAsync()
    {
        File.Copy(await Template.Value, _file);
        _copied = true;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"epicommand-template-{Guid.NewGuid():N}.db");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        await SeedTemplateAsync(new SqliteFactory(file, seedsTemplate: true));
        return file;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_copied) File.Delete(_file);
        DeleteCheckpoints();
        GC.SuppressFinalize(this);
    }
}

public sealed class PostgresFactory : EpiCommandFactory
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>PostgreSQL copies a template only while nobody else is connected to it, so one copy at a time.</summary>
    private static readonly SemaphoreSlim Copying = new(1, 1);

    private readonly string _database;
    private bool _created;

    public PostgresFactory() : this($"epicommand_test_{Guid.NewGuid():N}", seedsTemplate: false)
    {
    }

    private PostgresFactory(string database, bool seedsTemplate) : base(seedsTemplate) => _database = database;

    public static string? PostgresServer => Environment.GetEnvironmentVariable("EPICOMMAND_TEST_POSTGRES");

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public override string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ToString();

    public override async ValueTask InitializeAsync()
    {
        if (PostgresServer is null) Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on (./test.sh starts one)");
        var template = await Template.Value;
        await Copying.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{_database}\" TEMPLATE \"{template}\"");
            _created = true;
        }
        finally
        {
            Copying.Release();
        }
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var database = $"epicommand_template_{Guid.NewGuid():N}";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        var template = new PostgresFactory(database, seedsTemplate: true);
        var connection = template.ConnectionString;
        await SeedTemplateAsync(template);
        // Pooled connections to the template would keep it from being copied.
        using (var pooled = new NpgsqlConnection(connection)) NpgsqlConnection.ClearPool(pooled);
        return database;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteCheckpoints();
        if (_created)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
        GC.SuppressFinalize(this);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
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
