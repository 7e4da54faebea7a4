using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Response;
using EpiCommand.Web.Tasks;
using Microsoft.Data.Sqlite;
using Xunit.Sdk;

namespace EpiCommand.Web.Tests;

/// <summary>
/// kill -9 (issue 13, faults): the built platform runs as a child process (EpiCommand.Web.dll, SQLite in a temporary
/// folder) and is killed with SIGKILL at a random moment during a line-list import and during an approval, then started
/// again. No half state may survive: an import is all of its rows or none; a decision is approved if and only if its
/// response and its tasks exist; the audit chain verifies against its checkpoints. The random moments are drawn from a
/// seed printed in a failure (EPICOMMAND_KILL_SEED repeats it).
/// </summary>
public sealed class KillTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 2000;
    private readonly string _folder = Directory.CreateTempSubdirectory("epicommand-kill-").FullName;
    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("EPICOMMAND_KILL_SEED"), out var s) ? s : Random.Shared.Next();
    private Process? _server;
    private string _url = "";

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task KilledDuringAnImportOrAnApprovalTheServerRestartsWithoutHalfAState()
    {
        var random = new Random(_seed);
        var log = new StringBuilder($"seed {_seed}\n");
        try
        {
            await StartAsync();
            var city = await SignedInAsync("city");

            // An import run to its end measures how long one takes on this machine, so that the kills fall within one.
            var timer = Stopwatch.StartNew();
            var first = await city.PostAsync("/api/linelists/cases/import", Upload("KA"));
            Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
            var duration = timer.Elapsed;
            Assert.Equal(Rows, Count("KA"));
            log.Append(System.Globalization.CultureInfo.InvariantCulture, $"a full import of {Rows} rows: {duration.TotalMilliseconds:F0} ms\n");

            foreach (var prefix in new[] { "KB", "KC" })
            {
                city = await SignedInAsync("city");
                var delay = TimeSpan.FromMilliseconds(duration.TotalMilliseconds * (0.1 + (0.8 * random.NextDouble())));
                var importing = city.PostAsync("/api/linelists/cases/import", Upload(prefix));
                await Task.Delay(delay);
                Kill();
                var answered = await Answered(importing);
                var stored = Count(prefix);
                log.Append(System.Globalization.CultureInfo.InvariantCulture, $"import {prefix} killed after {delay.TotalMilliseconds:F0} ms: {stored} of {Rows} rows stored, answered: {answered}\n");
                Assert.True(stored is 0 or Rows, log.ToString());
                await StartAsync();
            }

            foreach (var (region, headquarters, level) in new[] { ("150502", "horqin", "IV"), ("150500", "city", "III") })
            {
                var hq = await SignedInAsync(headquarters);
                var expert = await SignedInAsync("expert");
                var (decision, confirming) = await ConfirmedDecisionAsync(hq, expert, region, level);
                // An approval writes more than the confirmation (the response, the tasks, notifications): the kill falls between
                // a fifth of the confirmation's time and twice it, before, during or after the commit.
                var delay = TimeSpan.FromMilliseconds(confirming.TotalMilliseconds * (0.2 + (1.8 * random.NextDouble())));
                var approving = hq.PostAsJsonAsync($"/api/decisions/{decision}/approve", new { note = "批准" });
                await Task.Delay(delay);
                Kill();
                var answered = await Answered(approving);
                await StartAsync();
                hq = await SignedInAsync(headquarters);
                var status = (await hq.GetFromJsonAsync<DecisionDto>($"/api/decisions/{decision}"))!.Status;
                var tasks = (await hq.GetListAsync<TaskDto>($"/api/tasks?region={region}&limit=200"))!.Count(t => t.DecisionId == decision);
                var responses = (await hq.GetListAsync<ActivationDto>("/api/responses"))!.Count(a => a.Region == region);
                log.Append(System.Globalization.CultureInfo.InvariantCulture, $"approval of #{decision} ({region}) killed after {delay.TotalMilliseconds:F0} ms: {status}, {tasks} tasks, {responses} responses, answered: {answered}\n");
                Assert.True(status == "approved" ? tasks > 0 && responses == 1 : tasks == 0 && responses == 0, log.ToString());
            }

            var admin = await SignedInAsync("admin");
            using var verification = JsonDocument.Parse(await admin.GetStringAsync("/api/audit/verify"));
            log.Append(System.Globalization.CultureInfo.InvariantCulture, $"audit: {verification.RootElement}\n");
            Assert.True(verification.RootElement.GetProperty("intact").GetBoolean(), log.ToString());
        }
        finally
        {
            output.WriteLine(log.ToString());
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "epicommand-kill-log.txt"), log.ToString());
        }
    }

    /// <summary>What the killed request saw: its status, or that the connection dropped.</summary>
    private static async Task<string> Answered(Task<HttpResponseMessage> request)
    {
        try
        {
            return ((int)(await request).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e)
        {
            return $"no ({e.HttpRequestError})";
        }
    }

    private static async Task<(long Id, TimeSpan Confirming)> ConfirmedDecisionAsync(HttpClient hq, HttpClient expert, string region, string level)
    {
        var open = (await hq.GetListAsync<DecisionDto>("/api/decisions?open=true"))!.FirstOrDefault(d => d.Region == region);
        long id;
        if (open is not null && open.Kind == "activate")
        {
            id = open.Id;
        }
        else
        {
            var proposed = await hq.PostAsJsonAsync("/api/decisions", new { region, kind = "activate", toLevel = level, reason = "测试：指挥部提出" });
            Assert.True(proposed.StatusCode == HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync());
            id = (await proposed.Content.ReadFromJsonAsync<DecisionDto>())!.Id;
        }
        var timer = Stopwatch.StartNew();
        var confirmed = await expert.PostAsJsonAsync($"/api/decisions/{id}/confirm", new { note = "专家组会商确认" });
        var confirming = timer.Elapsed;
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        return (id, confirming);
    }

    private int Count(string prefix)
    {
        // Read with the server down (killed) or up: SQLite recovers the journal on open either way.
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "epicommand.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Cases WHERE Id LIKE $prefix";
        command.Parameters.AddWithValue("$prefix", prefix + "-%");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MultipartFormDataContent Upload(string prefix)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", CaseColumns.Layout.Imported.Select(c => c.Header)));
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        string[] communities = ["150502001001", "150502001002", "150523100002", "150524100200", "150581002001"];
        for (var i = 0; i < Rows; i++)
        {
            var region = communities[i % communities.Length];
            var first17 = $"{region[..6]}19{i % 90 + 10:D2}0{i % 9 + 1}1{i % 9}{i % 1000:D3}";
            csv.AppendLine(string.Join(",", $"{prefix}-{i:D5}", "确诊病例", "", $"测试{i}", first17 + ResidentId.CheckCharacter(first17), $"139{i:D8}", region,
                "", "", ChinaTime.Format(start.AddMinutes(i)), "", "", "来源不明", "", ""));
        }
        return new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", $"{prefix}.csv" } };
    }

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(_url),
            Timeout = TimeSpan.FromMinutes(5),
        };
        var response = await EpiCommandFactory.SignInAsync(client, user, Data.Demo.DemoSeeder.DemoPassword);
        Assert.True(response.Headers.Location?.OriginalString == "/", $"sign-in as {user}: {response.StatusCode}");
        return client;
    }

    /// <summary>Starts the built web project on a free port, on the SQLite file in the test's folder (the demo city, once).</summary>
    private async Task StartAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "EpiCommand.slnx"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("no EpiCommand.slnx above the tests");
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)); // …/bin/<configuration>/<framework>
        var web = Path.Combine(root, "src", "EpiCommand.Web");
        var dll = Path.Combine(web, "bin", output.Parent!.Name, output.Name, "EpiCommand.Web.dll");
        Assert.True(File.Exists(dll), $"build the web project first: {dll}");
        var port = FreePort();
        _url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(_url);
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(_folder, "epicommand.db")}",
            ["Database__MigrateOnStart"] = "true",
            ["Database__SeedDemo"] = "true",
            ["DataProtection__KeysFolder"] = Path.Combine(_folder, "keys"),
            ["Audit__CurrentKeyId"] = EpiCommandFactory.TestAuditKeyId,
            [$"Audit__Keys__{EpiCommandFactory.TestAuditKeyId}"] = EpiCommandFactory.TestAuditKey,
            ["Audit__CheckpointFolder"] = Path.Combine(_folder, "audit"),
            ["SignIn__PerAddressPermits"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        _server = Process.Start(start)!;
        var server = _server;
        var lines = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = new Uri(_url), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (server.HasExited) break;
            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        string said;
        lock (lines) said = lines.ToString();
        throw new XunitException($"the server did not start ({(server.HasExited ? $"exited {server.ExitCode}" : "no answer")}):\n{said}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally.</summary>
    private void Kill()
    {
        if (_server is not { } server) return;
        if (!server.HasExited) server.Kill(entireProcessTree: true);
        server.WaitForExit();
        server.Dispose();
        _server = null;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
