using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EpiCommand.Testing;
using EpiCommand.Web.Users;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The production path end to end (issue 18 "Done means"), as docs/deployment.md describes it, on a throwaway PostgreSQL
/// database: the built <c>epicommand</c> runs <c>init</c> as a child process; the built web app starts as a child process with
/// <c>ASPNETCORE_ENVIRONMENT=Production</c> (so appsettings.Production.json: two-factor required, no migration, no demo) on a free
/// port; over real HTTP the new administrator signs in with the one-time password, changes it, enrols an authenticator with a
/// computed code, creates a county user; the county user signs in and sees only their county.
/// </summary>
public sealed partial class PostgresProductionPathTests : IAsyncLifetime
{
    private readonly string _database = $"epicommand_prod_{Guid.NewGuid():N}";
    private readonly string _folder = Directory.CreateTempSubdirectory("epicommand-prod-").FullName;
    private bool _created;
    private Process? _web;
    private readonly StringBuilder _webOutput = new();

    public async ValueTask InitializeAsync()
    {
        if (PostgresFactory.PostgresServer is null) Assert.Skip("EPICOMMAND_TEST_POSTGRES is not set: no PostgreSQL server to run on (./test.sh starts one)");
        await ExecuteAsync($"CREATE DATABASE \"{_database}\"");
        _created = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is { HasExited: false })
        {
            _web.Kill(entireProcessTree: true);
            await _web.WaitForExitAsync();
        }
        _web?.Dispose();
        if (_created) await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        Directory.Delete(_folder, recursive: true);
    }

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresFactory.PostgresServer) { Database = _database }.ToString();

    [Fact]
    public async Task InitStartSignInChangeEnrolCreateACountyUserWhoSeesOnlyTheirCounty()
    {
        var ct = TestContext.Current.CancellationToken;
        // 1. init, as the operator runs it (the same binary family as the service: the built CLI).
        var (code, output) = await RunAsync(Built("EpiCommand.Cli", "epicommand.dll"),
            ["init", "--city", "1505", "--plan", "tongliao-2020", "--provider", "Postgres", "--connection", ConnectionString], ct);
        Assert.True(code == 0, output);
        var oneTime = OneTimePassword().Match(output).Groups[1].Value;
        Assert.NotEmpty(oneTime);

        // 2. The service in Production on a free port.
        var port = FreePort();
        var web = Built("EpiCommand.Web", "EpiCommand.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(web)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(web);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__ConnectionString"] = ConnectionString;
        start.Environment["DataProtection__KeysFolder"] = Path.Combine(_folder, "keys");
        // Production encrypts the sign-in keys at rest (docs/deployment.md): a test certificate stands in for the server's.
        start.Environment["DataProtection__Certificate__Path"] = EpiCommandFactory.TestCertificate.Value.Path;
        start.Environment["DataProtection__Certificate__Password"] = EpiCommandFactory.TestCertificate.Password;
        start.Environment["Plans__CityPlan"] = "tongliao-2020";
        start.Environment["Audit__CurrentKeyId"] = "k1";
        start.Environment["Audit__Keys__k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        start.Environment["Audit__CheckpointFolder"] = Path.Combine(_folder, "audit");
        start.Environment["Lookups__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _web = Process.Start(start)!;
        _web.OutputDataReceived += (_, e) => { lock (_webOutput) _webOutput.AppendLine(e.Data); };
        _web.ErrorDataReceived += (_, e) => { lock (_webOutput) _webOutput.AppendLine(e.Data); };
        _web.BeginOutputReadLine();
        _web.BeginErrorReadLine();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await WaitUntilUpAsync(baseAddress, ct);

        // 3. The administrator: one-time password, then their own, then an authenticator (required in Production).
        var admin = Client(baseAddress);
        Assert.StartsWith("/account/change-password", (await EpiCommandFactory.SignInAsync(admin, "admin", oneTime)).Headers.Location?.OriginalString);
        Assert.Contains("password-change-required", await (await admin.GetAsync("/api/users", ct)).Content.ReadAsStringAsync(ct));
        const string adminPassword = "Tongliao#Prod2026";
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/account/password", new { currentPassword = oneTime, newPassword = adminPassword }, ct)).StatusCode);
        Assert.Contains("two-factor-setup-required", await (await admin.GetAsync("/api/users", ct)).Content.ReadAsStringAsync(ct));
        var (key, _) = await TwoFactorSteps.EnrolAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users", ct)).StatusCode);

        // The next sign-in takes the password and a computed code.
        admin = Client(baseAddress);
        Assert.StartsWith("/account/two-factor?", (await EpiCommandFactory.SignInAsync(admin, "admin", adminPassword)).Headers.Location?.OriginalString);
        Assert.Equal("/", (await TwoFactorSteps.SecondStepAsync(admin, Totp.Code(key))).Headers.Location?.OriginalString);

        // 4. A county user (科尔沁区 headquarters: no second factor required for the role).
        var created = await admin.PostAsJsonAsync("/api/users",
            new { userName = "horqin-duty", displayName = "科尔沁区指挥部值班员", region = "150502", roles = new[] { "Headquarters" } }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = (await created.Content.ReadFromJsonAsync<IssuedPassword>(ct))!;

        var county = Client(baseAddress);
        Assert.StartsWith("/account/change-password", (await EpiCommandFactory.SignInAsync(county, "horqin-duty", issued.OneTimePassword)).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NoContent,
            (await county.PostAsJsonAsync("/api/account/password", new { currentPassword = issued.OneTimePassword, newPassword = "Horqin#Prod2026" }, ct)).StatusCode);
        var regions = RegionCode().Matches(await county.GetStringAsync("/api/regions?pageSize=200", ct)).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("150502", regions);
        Assert.All(regions, c => Assert.StartsWith("150502", c));
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync("/api/regions/150502/children", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/regions/150500/children", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/regions/150581", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/users", ct)).StatusCode);
        // The administrator of the city still sees the whole city.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/regions/150581", ct)).StatusCode);
    }

    private static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private async Task WaitUntilUpAsync(Uri baseAddress, CancellationToken ct)
    {
        // The first answer compiles and warms up a good deal: generous on a busy machine.
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var until = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < until)
        {
            if (_web!.HasExited) Assert.Fail($"the web app stopped ({_web.ExitCode}):\n{Output()}");
            try
            {
                if ((await probe.GetAsync("/account/login", ct)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not listening yet, or not answering yet.
            }
            await Task.Delay(250, ct);
        }
        Assert.Fail($"the web app did not answer within 120 s:\n{Output()}");
    }

    private string Output()
    {
        lock (_webOutput) return _webOutput.ToString();
    }

    private static async Task<(int Code, string Output)> RunAsync(string dll, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The project's build output of the configuration these tests were built in (./test.sh builds the solution first).</summary>
    private static string Built(string project, string file)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (!File.Exists(Path.Combine(root.FullName, "EpiCommand.slnx"))) root = root.Parent ?? throw new InvalidOperationException("EpiCommand.slnx not found");
        var path = Path.Combine(root.FullName, "src", project, "bin", configuration, framework, file);
        Assert.True(File.Exists(path), $"{path} is not built: dotnet build EpiCommand.slnx -c {configuration}");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactory.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("\"code\":\"(\\d+)\"")]
    private static partial Regex RegionCode();

    [GeneratedRegex(@"One-time password \(shown only now; to be changed at the first sign-in\): (\S+)")]
    private static partial Regex OneTimePassword();
}
