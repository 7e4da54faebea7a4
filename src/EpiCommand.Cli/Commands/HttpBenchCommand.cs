using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-http</c> (issue 12 §4): what users hit, over HTTP. Builds the outbreak-volume SQLite database once (the demo city
/// and <c>bench-lists</c>' generated line list: 300,000 cases and 1,000,000 contacts by default; reused when the file exists),
/// starts the web app on it as a child process (the server measured alone: its own RSS and peak), signs users in and times
/// the list APIs, the Contacts page's HTML and the live picture with 1, 20 and 200 users at once, each user a plain
/// <see cref="HttpClient"/> with its own cookie, sending its next request as soon as the last one answered (no think time:
/// the worst case). Each figure is also given as a ratio to <c>/api/me</c> (signed in, no query) measured in the same run,
/// so that runs on different machines compare.
/// </summary>
public static partial class HttpBenchCommand
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { DefaultValueFactory = _ => 300_000, Description = "cases to generate when the database is built" };
        var contacts = new Option<int>("--contacts") { DefaultValueFactory = _ => 1_000_000, Description = "close contacts to generate when the database is built" };
        var database = new Option<string>("--database") { DefaultValueFactory = _ => Path.Combine("data", "bench-http.db"), Description = "SQLite file: reused when it exists, else built" };
        var users = new Option<string>("--users") { DefaultValueFactory = _ => "1,20,200", Description = "users at once, comma-separated" };
        var requests = new Option<int>("--requests") { DefaultValueFactory = _ => 400, Description = "requests of each kind at each level (at least 2 per user)" };
        var web = new Option<string?>("--web") { Description = "the web app to start (default: EpiCommand.Web beside this tool); another build's, to compare" };
        var command = new Command("bench-http", "Time the endpoints and pages users hit, over HTTP, at outbreak volume with many users at once")
        {
            cases, contacts, database, users, requests, web,
        };
        command.SetAction(async (result, ct) =>
        {
            var file = Path.GetFullPath(result.GetValue(database)!);
            var levels = result.GetValue(users)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToArray();
            if (!File.Exists(file)) await BuildAsync(file, result.GetValue(cases), result.GetValue(contacts), ct);
            else Console.WriteLine($"reusing {file}");
            var report = await RunAsync(file, levels, result.GetValue(requests), ct, result.GetValue(web));
            Console.WriteLine(report);
            return 0;
        });
        return command;
    }

    /// <summary>The request kinds, in the order reported; the first is the baseline. <c>{region}</c> is the user's own (county or city).</summary>
    public static readonly (string Name, string Url)[] Kinds =
    [
        ("baseline /api/me", "/api/me"),
        ("/api/contacts", "/api/contacts"),
        ("/api/contacts?region=150502", "/api/contacts?region=150502"),
        ("/api/cases?region=150502", "/api/cases?region=150502"),
        ("/contacts page (HTML)", "/contacts"),
        ("/api/regions/{own}/picture", "/api/regions/{region}/picture"),
        ("home page (HTML)", "/"),
    ];

    private static Task BuildAsync(string file, int caseCount, int contactCount, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return BuildAsync("Sqlite", $"Data Source={file}", caseCount, contactCount, ct);
    }

    /// <summary>Migrates the database, seeds the demo city with its outbreak and adds the generated line list.</summary>
    public static async Task BuildAsync(string provider, string connectionString, int caseCount, int contactCount, CancellationToken ct)
    {
        Console.WriteLine($"building the {provider} database: the demo city, {caseCount:N0} cases, {contactCount:N0} contacts");
        var stopwatch = Stopwatch.StartNew();
        await using var platform = DatabaseCommands.BuildPlatform(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["Database:ConnectionString"] = connectionString,
        }, TimeProvider.System);
        await using (var scope = platform.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(ct);
            await scope.ServiceProvider.GetRequiredService<DemoCity>().SeedAsync(outbreak: true, ct);
        }
        await ListBenchCommand.GenerateAsync(platform, caseCount, contactCount, ct);
        Console.WriteLine($"built in {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Starts the web app on <paramref name="file"/>, measures, stops it; the report as text.</summary>
    public static Task<string> RunAsync(string file, int[] levels, int requests, CancellationToken ct, string? webApp = null) =>
        WithServerAsync("Sqlite", $"Data Source={file}", webApp, (origin, pid) => MeasureAsync(origin, pid, levels, requests, ct), ct);

    /// <summary>
    /// Starts the web app as a child process on the database, runs <paramref name="measure"/> against it (its origin and process id),
    /// stops it; the server measured alone, its memory its own.
    /// </summary>
    internal static async Task<T> WithServerAsync<T>(string provider, string connectionString, string? webApp, Func<Uri, int, Task<T>> measure, CancellationToken ct)
    {
        webApp = Path.GetFullPath(webApp ?? Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "EpiCommand.Web.exe" : "EpiCommand.Web"));
        var folder = Directory.CreateTempSubdirectory("epicommand-bench-http-");
        var port = FreePort();
        var web = new ProcessStartInfo(webApp)
        {
            WorkingDirectory = Path.GetDirectoryName(webApp)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__Provider"] = provider, ["Database__ConnectionString"] = connectionString, ["Database__SeedDemo"] = "false",
            ["Audit__CurrentKeyId"] = "bench", ["Audit__Keys__bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit__CheckpointFolder"] = Path.Combine(folder.FullName, "audit"), ["DataProtection__KeysFolder"] = Path.Combine(folder.FullName, "keys"),
            // Every simulated user signs in from 127.0.0.1: the per-address sign-in throttle would refuse most of them.
            ["SignIn__PerAddressPermits"] = "1000000", ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment) web.Environment[key] = value;
        using var server = Process.Start(web) ?? throw new InvalidOperationException("the web app did not start");
        var output = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var origin = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilUpAsync(origin, server, output, ct);
            return await measure(origin, server.Id);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilUpAsync(Uri origin, Process server, System.Text.StringBuilder output, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (server.HasExited) throw new InvalidOperationException($"the web app exited ({server.ExitCode}):\n{output}");
            try
            {
                if ((await client.GetAsync("/health", ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(500, ct);
        }
        throw new TimeoutException($"the web app did not answer /health within 5 minutes:\n{output}");
    }

    /// <summary>A signed-in user: a client with its own cookies (the demo users, county and city alternately).</summary>
    internal static async Task<HttpClient> SignInAsync(Uri origin, string userName, CancellationToken ct, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = origin, Timeout = TimeSpan.FromMinutes(10),
        };
        var form = await client.GetStringAsync("/account/login", ct);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = userName, ["Password"] = Data.Demo.DemoSeeder.DemoPassword, ["ReturnUrl"] = "/",
        }), ct);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"sign-in as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>The demo users signed in alternately, with their own region: a county's and the city's headquarters.</summary>
    private static readonly (string Name, string Region)[] Users = [("horqin", "150502"), ("city", "150500")];

    private sealed record Sample(double Milliseconds, long Bytes, bool Ok);

    private static async Task<string> MeasureAsync(Uri origin, int serverId, int[] levels, int requests, CancellationToken ct)
    {
        var report = new System.Text.StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"bench-http: {Environment.ProcessorCount} cores, server pid {serverId}; each user sends its next request when the last answered");
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < levels.Max(); i++) clients.Add(await SignInAsync(origin, Users[i % 2].Name, ct));
            report.AppendLine(CultureInfo.InvariantCulture, $"signed in {clients.Count} users (horqin county and the city, alternately); server RSS {Memory(serverId).Rss / 1024.0 / 1024:F0} MiB");
            foreach (var users in levels)
            {
                report.AppendLine();
                report.AppendLine(CultureInfo.InvariantCulture, $"{users} user(s) at once, {Math.Max(requests, 2 * users)} requests of each kind:");
                report.AppendLine("  kind                              p50 ms   p95 ms   max ms  p50/base     bytes  errors");
                double? baseline = null;
                foreach (var (name, url) in Kinds)
                {
                    var samples = await RunKindAsync(clients.Take(users).ToList(), url, Math.Max(requests, 2 * users), ct);
                    var times = samples.Select(s => s.Milliseconds).Order().ToList();
                    double P(double q) => Percentile(times, q);
                    baseline ??= P(0.5);
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"  {name,-32} {P(0.5),7:F1}  {P(0.95),7:F1}  {times[^1],7:F1}  {P(0.5) / baseline.Value,8:F1}  {samples.Max(s => s.Bytes),8}  {samples.Count(s => !s.Ok),6}");
                }
                var (rss, peak) = Memory(serverId);
                report.AppendLine(CultureInfo.InvariantCulture, $"  server RSS {rss / 1024.0 / 1024:F0} MiB, peak {peak / 1024.0 / 1024:F0} MiB");
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
        return report.ToString();
    }

    /// <summary><paramref name="total"/> requests for <paramref name="url"/> shared among the users, each sending one at a time.</summary>
    private static async Task<List<Sample>> RunKindAsync(List<HttpClient> users, string url, int total, CancellationToken ct)
    {
        // One request each first, untimed: the first use of a query or a page compiles it.
        string For(int user) => url.Replace("{region}", Users[user % 2].Region, StringComparison.Ordinal);
        await Task.WhenAll(users.Select(async (c, i) => (await c.GetAsync(For(i), ct)).Dispose()));
        var samples = new System.Collections.Concurrent.ConcurrentBag<Sample>();
        var left = total;
        await Task.WhenAll(users.Select(async (client, i) =>
        {
            var own = For(i);
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var stopwatch = Stopwatch.StartNew();
                using var response = await client.GetAsync(own, HttpCompletionOption.ResponseContentRead, ct);
                var bytes = (await response.Content.ReadAsByteArrayAsync(ct)).LongLength;
                samples.Add(new Sample(stopwatch.Elapsed.TotalMilliseconds, bytes, response.StatusCode == HttpStatusCode.OK));
            }
        }));
        return [.. samples];
    }

    /// <summary>The <paramref name="q"/> quantile of <paramref name="sorted"/> (nearest rank); 0 for none.</summary>
    internal static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The server's resident memory now and at its peak (VmRSS, VmHWM of /proc on Linux; the working sets elsewhere).</summary>
    internal static (long Rss, long Peak) Memory(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (File.Exists(status))
        {
            long Read(string field) => File.ReadLines(status).Where(l => l.StartsWith(field, StringComparison.Ordinal))
                .Select(l => long.Parse(l[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
            return (Read("VmRSS:"), Read("VmHWM:"));
        }
        using var process = Process.GetProcessById(pid);
        return (process.WorkingSet64, process.PeakWorkingSet64);
    }
}
