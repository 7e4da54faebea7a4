using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Domain.Regions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-load</c> (issue 12 §4): a working day's mix of reads and writes over HTTP, by many users of mixed roles and
/// jurisdictions at once, each pausing 1–3 s between requests as a person does, for a fixed time. Each read is also timed
/// alone first (one user, nothing else running) in the same run, so that the load's p99 is given as a ratio to it.
/// The server runs as a child process on SQLite or PostgreSQL; its peak RSS is reported. Kept out of CI (minutes at
/// outbreak volume); <c>LoadBenchTests</c> runs a short version.
/// </summary>
public static class LoadBenchCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { DefaultValueFactory = _ => 200, Description = "simulated users at once" };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 120, Description = "how long the load runs" };
        var provider = new Option<string>("--provider") { DefaultValueFactory = _ => "Sqlite", Description = "Sqlite or Postgres" };
        var database = new Option<string>("--database") { DefaultValueFactory = _ => Path.Combine("data", "bench-http.db"), Description = "SQLite file (shared with bench-http): reused when it exists, else built" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string; the database is built when it holds no case" };
        var cases = new Option<int>("--cases") { DefaultValueFactory = _ => 300_000, Description = "cases to generate when the database is built" };
        var contacts = new Option<int>("--contacts") { DefaultValueFactory = _ => 1_000_000, Description = "close contacts to generate when the database is built" };
        var web = new Option<string?>("--web") { Description = "the web app to start (default: EpiCommand.Web beside this tool)" };
        var command = new Command("bench-load", "A mixed read/write load with think time by many users of mixed roles, over HTTP; p50/p95/p99 and errors per request kind, the server's peak RSS")
        {
            users, seconds, provider, database, connection, cases, contacts, web,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new LoadOptions(result.GetValue(users), TimeSpan.FromSeconds(result.GetValue(seconds)));
            string connectionString;
            if (string.Equals(result.GetValue(provider), "Postgres", StringComparison.OrdinalIgnoreCase))
            {
                connectionString = result.GetValue(connection) ?? throw new ArgumentException("--connection is required with --provider Postgres");
                if (!await HoldsCasesAsync("Postgres", connectionString, ct))
                {
                    await HttpBenchCommand.BuildAsync("Postgres", connectionString, result.GetValue(cases), result.GetValue(contacts), ct);
                }
                return Exit(await RunAsync("Postgres", connectionString, options, result.GetValue(web), ct));
            }
            var file = Path.GetFullPath(result.GetValue(database)!);
            connectionString = $"Data Source={file}";
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await HttpBenchCommand.BuildAsync("Sqlite", connectionString, result.GetValue(cases), result.GetValue(contacts), ct);
            }
            return Exit(await RunAsync("Sqlite", connectionString, options, result.GetValue(web), ct));
        });
        return command;
    }

    /// <summary>The report printed; the command fails (exit code 1) when a goal of issue 12 §4 is not met, the memory goal included.</summary>
    private static int Exit(LoadReport report)
    {
        Console.WriteLine(report.Text);
        return report.GoalsNotMet.Count == 0 ? 0 : 1;
    }

    public sealed record LoadOptions(int Users, TimeSpan Duration, int MinThinkMs = 1000, int MaxThinkMs = 3000, int AloneRepeats = 15);

    /// <summary>One request kind under load: how many were timed, p99, and how many failed (not 2xx, not 409), were 409 or had nothing to do.</summary>
    public sealed record KindSummary(string Name, bool Write, int Count, double P99, double AloneP50, int Errors, int Conflicts, int Skipped, string? FirstError);

    /// <summary>The printed report, each kind's figures, the server's peak RSS and the goals not met.</summary>
    public sealed record LoadReport(string Text, IReadOnlyList<KindSummary> Kinds, long PeakRss, IReadOnlyList<string> GoalsNotMet);

    /// <summary>Who the simulated users are, in turn: county and city headquarters, investigators and an expert.</summary>
    private static readonly (string User, string Region, Does Does)[] Personas =
    [
        ("horqin", "150502", Does.Headquarters), ("horqin-cdc", "150502", Does.Investigation), ("naiman", "150525", Does.Headquarters),
        ("city", "150500", Does.Headquarters), ("cdc", "150500", Does.Investigation), ("expert", "150500", Does.Reading),
    ];

    /// <summary>Which writes a persona makes: headquarters register cases and report their tasks' progress; investigators register cases and contacts and record checks.</summary>
    [Flags]
    private enum Does { Reading = 0, Headquarters = 1, Investigation = 2 }

    private sealed record Kind(string Name, int Weight, Does By, Func<Session, CancellationToken, Task<Result>> Send)
    {
        public bool Write => By != Does.Reading;
    }

    /// <summary>One answer: its time, and whether it was right (2xx), a conflict a person would retry (409), or skipped (nothing to do).</summary>
    private sealed record Result(double Milliseconds, HttpStatusCode? Status, bool Skipped = false, string? Error = null)
    {
        public bool Ok => Status is { } s && (int)s is >= 200 and < 300;
    }

    private sealed class Session(HttpClient client, CookieContainer cookies, string region, Does does, IReadOnlyList<string> communities, Random random)
    {
        public Does Does { get; } = does;

        /// <summary>The signed-in user's cookies, which the Blazor session's connection carries too.</summary>
        public CookieContainer Cookies { get; } = cookies;

        /// <summary>The page this user has open in the browser, with its circuit on the server; replaced on the next page opened.</summary>
        public BlazorSession? Page { get; set; }

        /// <summary>The last case this user registered: the source of the contacts the user registers next.</summary>
        public string? LastCase { get; set; }

        public HttpClient Client { get; } = client;
        public string Region { get; } = region;
        public IReadOnlyList<string> Communities { get; } = communities;
        public Random Random { get; } = random;
    }

    private static int _serial;

    /// <summary>The mix of a working day, by weight: mostly reading the picture and the lists, now and then a write.</summary>
    private static readonly Kind[] Kinds =
    [
        new("home page (HTML)", 10, Does.Reading, (s, ct) => GetAsync(s, "/", ct)),
        new("picture", 10, Does.Reading, (s, ct) => GetAsync(s, $"/api/regions/{s.Region}/picture", ct)),
        new("cases list", 15, Does.Reading, (s, ct) => GetAsync(s, $"/api/cases?region={s.Region}", ct)),
        new("case search (id prefix)", 8, Does.Reading, (s, ct) => GetAsync(s, $"/api/cases?region={s.Region}&q=P00{s.Random.Next(100):D2}", ct)),
        new("contacts list", 15, Does.Reading, (s, ct) => GetAsync(s, $"/api/contacts?region={s.Region}&status=underObservation", ct)),
        new("contacts page (HTML)", 3, Does.Reading, (s, ct) => GetAsync(s, "/contacts", ct)),
        new("home page (Blazor)", 4, Does.Reading, (s, ct) => OpenPageAsync(s, "/", ct)),
        new("cases page (Blazor)", 3, Does.Reading, (s, ct) => OpenPageAsync(s, "/cases", ct)),
        new("contacts page (Blazor)", 3, Does.Reading, (s, ct) => OpenPageAsync(s, "/contacts", ct)),
        new("task board", 8, Does.Reading, (s, ct) => GetAsync(s, "/api/tasks/board", ct)),
        new("to-do", 8, Does.Reading, (s, ct) => GetAsync(s, "/api/todo", ct)),
        new("register a case", 4, Does.Headquarters | Does.Investigation, RegisterCaseAsync),
        new("register a contact", 3, Does.Investigation, RegisterContactAsync),
        new("record a contact check", 3, Does.Investigation, RecordCheckAsync),
        new("report task progress", 3, Does.Headquarters, ReportProgressAsync),
    ];

    private static async Task<Result> GetAsync(Session session, string url, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await session.Client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return await ResultAsync(response, stopwatch, $"GET {url}", ct);
    }

    /// <summary>
    /// The user opens a page in the browser: the HTML, then its Blazor circuit until it has rendered (<see cref="BlazorSession"/>).
    /// The page opened before is left (its circuit closed, as the browser does); this one stays open, holding its circuit.
    /// </summary>
    private static async Task<Result> OpenPageAsync(Session session, string path, CancellationToken ct)
    {
        if (session.Page is { } left)
        {
            session.Page = null;
            await left.DisposeAsync();
        }
        var (page, milliseconds) = await BlazorSession.OpenAsync(session.Client, session.Cookies, path, ct);
        session.Page = page;
        return new Result(milliseconds, HttpStatusCode.OK);
    }

    private static async Task<Result> RegisterCaseAsync(Session session, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _serial);
        var id = $"L{Environment.ProcessId}-{n}";
        var body = new
        {
            id, classification = "suspected", personName = $"负载{n}",
            region = session.Communities[session.Random.Next(session.Communities.Count)], reportedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
        };
        var result = await PostAsync(session, "/api/cases", body, ct);
        if (result.Ok) session.LastCase = id;
        return result;
    }

    /// <summary>A close contact of the case this investigator registered last (nothing to do before the first).</summary>
    private static Task<Result> RegisterContactAsync(Session session, CancellationToken ct)
    {
        if (session.LastCase is not { } source) return Task.FromResult(new Result(0, null, Skipped: true));
        var n = Interlocked.Increment(ref _serial);
        var body = new
        {
            id = $"M{Environment.ProcessId}-{n}", personName = $"密接负载{n}", region = session.Communities[session.Random.Next(session.Communities.Count)],
            sourceCaseId = source, lastContactAt = DateTimeOffset.UtcNow.AddHours(-6), site = "集中隔离点",
        };
        return PostAsync(session, "/api/contacts", body, ct);
    }

    /// <summary>
    /// The investigator opens the contacts under observation, then one of them, and records a check that is due (or was missed);
    /// only the recording is timed.
    /// </summary>
    private static async Task<Result> RecordCheckAsync(Session session, CancellationToken ct)
    {
        using var list = await session.Client.GetAsync($"/api/contacts?region={session.Region}&status=underObservation&limit=100", ct);
        if (!list.IsSuccessStatusCode) return new Result(0, list.StatusCode, Error: $"contacts list → {(int)list.StatusCode}");
        var ids = (await list.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        if (ids.Count == 0) return new Result(0, null, Skipped: true);
        var id = ids[session.Random.Next(ids.Count)];
        using var detail = await session.Client.GetAsync($"/api/contacts/{Uri.EscapeDataString(id)}", ct);
        if (!detail.IsSuccessStatusCode) return new Result(0, detail.StatusCode, Error: $"contact {id} → {(int)detail.StatusCode}");
        var due = DateTimeOffset.UtcNow.AddMinutes(50);
        var checks = (await detail.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("doneAt").ValueKind == JsonValueKind.Null && c.GetProperty("dueAt").GetDateTimeOffset() <= due)
            .Select(c => c.GetProperty("slot").GetInt32()).ToList();
        if (checks.Count == 0) return new Result(0, null, Skipped: true);
        var check = checks[session.Random.Next(checks.Count)];
        return await PostAsync(session, $"/api/contacts/{Uri.EscapeDataString(id)}/checks/{check}", new { temperature = 36.5, symptoms = false }, ct);
    }

    /// <summary>A unit opens its tasks, picks an open one and reports progress with the version it read; only the report is timed.</summary>
    private static async Task<Result> ReportProgressAsync(Session session, CancellationToken ct)
    {
        using var list = await session.Client.GetAsync($"/api/tasks?region={session.Region}&limit=100", ct);
        if (!list.IsSuccessStatusCode) return new Result(0, list.StatusCode, Error: $"tasks list → {(int)list.StatusCode}");
        var open = (await list.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").EnumerateArray()
            .Where(t => t.GetProperty("region").GetString() == session.Region && t.GetProperty("doneAt").ValueKind == JsonValueKind.Null && t.GetProperty("closedAt").ValueKind == JsonValueKind.Null)
            .Select(t => (Id: t.GetProperty("id").GetInt64(), Version: t.GetProperty("version").GetInt32())).ToList();
        if (open.Count == 0) return new Result(0, null, Skipped: true);
        var (id, version) = open[session.Random.Next(open.Count)];
        return await PostAsync(session, $"/api/tasks/{id}/progress", new { note = "按计划推进", progress = session.Random.Next(10, 90), version }, ct);
    }

    private static async Task<Result> PostAsync(Session session, string url, object body, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await session.Client.PostAsJsonAsync(url, body, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return await ResultAsync(response, stopwatch, $"POST {url}", ct);
    }

    /// <summary>The answer's time; for a failure also what was asked and the start of what came back, for the report.</summary>
    private static async Task<Result> ResultAsync(HttpResponseMessage response, Stopwatch stopwatch, string request, CancellationToken ct)
    {
        var milliseconds = stopwatch.Elapsed.TotalMilliseconds;
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict) return new Result(milliseconds, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        return new Result(milliseconds, response.StatusCode, Error: $"{request} → {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    private static async Task<bool> HoldsCasesAsync(string provider, string connectionString, CancellationToken ct)
    {
        await using var platform = Platform(provider, connectionString);
        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            return await db.Database.CanConnectAsync(ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any() && await db.Cases.AnyAsync(ct);
        }
        catch (Exception e) when (e is Npgsql.PostgresException or InvalidOperationException)
        {
            return false;
        }
    }

    private static ServiceProvider Platform(string provider, string connectionString) => DatabaseCommands.BuildPlatform(new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider, ["Database:ConnectionString"] = connectionString,
    }, TimeProvider.System);

    /// <summary>Starts the server on the database, measures each read alone, then the load; the report as text.</summary>
    public static async Task<LoadReport> RunAsync(string provider, string connectionString, LoadOptions options, string? webApp, CancellationToken ct)
    {
        Dictionary<string, IReadOnlyList<string>> communities;
        await using (var platform = Platform(provider, connectionString))
        await using (var scope = platform.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var all = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Community && r.Path.StartsWith("/150000/150500/"))
                .Select(r => new { r.Code, r.Path }).ToListAsync(ct);
            communities = Personas.Select(p => p.Region).Distinct().ToDictionary(region => region,
                region => (IReadOnlyList<string>)all.Where(r => r.Path.Contains($"/{region}/", StringComparison.Ordinal)).Select(r => r.Code).ToList());
        }
        return await HttpBenchCommand.WithServerAsync(provider, connectionString, webApp,
            (origin, pid) => MeasureAsync(origin, pid, provider, options, communities, ct), ct);
    }

    private static async Task<LoadReport> MeasureAsync(Uri origin, int pid, string provider, LoadOptions options,
        Dictionary<string, IReadOnlyList<string>> communities, CancellationToken ct)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"bench-load: {provider}, {Environment.ProcessorCount} cores (load generator beside the server), {options.Users} users for {options.Duration.TotalSeconds:F0} s, " +
            $"each pausing {options.MinThinkMs / 1000.0:0.0#}–{options.MaxThinkMs / 1000.0:0.0#} s between requests");
        var sessions = new List<Session>();
        try
        {
            using var gate = new SemaphoreSlim(8);
            var signIns = Enumerable.Range(0, options.Users).Select(async i =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    var (user, region, does) = Personas[i % Personas.Length];
                    var cookies = new CookieContainer();
                    return new Session(await HttpBenchCommand.SignInAsync(origin, user, ct, cookies), cookies, region, does, communities[region], new Random(i));
                }
                finally
                {
                    gate.Release();
                }
            });
            sessions.AddRange(await Task.WhenAll(signIns));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"signed in {sessions.Count} users ({string.Join(", ", Personas.Select(p => p.User))} in turn); server RSS {Mib(HttpBenchCommand.Memory(pid).Rss)} MiB");

            // Alone: each read by one user of each region kind, one request at a time, nothing else running; the first use of each
            // query compiles it and is not counted.
            var alone = new Dictionary<string, double>();
            foreach (var kind in Kinds.Where(k => !k.Write))
            {
                var times = new List<double>();
                foreach (var session in sessions.Take(Personas.Length))
                {
                    await kind.Send(session, ct);
                    for (var i = 0; i < Math.Max(1, options.AloneRepeats / Personas.Length); i++) times.Add((await kind.Send(session, ct)).Milliseconds);
                }
                alone[kind.Name] = HttpBenchCommand.Percentile(times.Order().ToList(), 0.5);
            }

            var samples = new ConcurrentDictionary<string, ConcurrentBag<Result>>();
            long peak = 0;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watch = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, HttpBenchCommand.Memory(pid).Rss);
                    try { await Task.Delay(500, stop.Token); } catch (OperationCanceledException) { }
                }
            }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(async session =>
            {
                await Task.Delay(session.Random.Next(options.MaxThinkMs), ct);
                while (clock.Elapsed < options.Duration)
                {
                    var mine = Kinds.Where(k => k.By == Does.Reading || (k.By & session.Does) != 0).ToList();
                    var pick = session.Random.Next(mine.Sum(k => k.Weight));
                    var kind = mine.First(k => (pick -= k.Weight) < 0);
                    Result result;
                    try
                    {
                        result = await kind.Send(session, ct);
                    }
                    catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                                   or TimeoutException or HubException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                    {
                        // No answer, a timeout, or an answer not of the shape asked for: an error of this kind, not the end of the run.
                        result = new Result(0, null, Error: $"{e.GetType().Name}: {e.Message}");
                    }
                    samples.GetOrAdd(kind.Name, _ => []).Add(result);
                    await Task.Delay(session.Random.Next(options.MinThinkMs, options.MaxThinkMs), ct);
                }
            }));
            // The rate counts the load's duration, not the last pauses after it.
            var elapsed = clock.Elapsed < options.Duration ? clock.Elapsed : options.Duration;
            await stop.CancelAsync();
            await watch;
            var (rss, hwm) = HttpBenchCommand.Memory(pid);
            peak = Math.Max(peak, Math.Max(rss, hwm));

            report.AppendLine();
            report.AppendLine("  kind                       n   p50 ms   p95 ms   p99 ms   max ms  alone p50  p99/alone  errors  409s  skipped");
            var requests = 0;
            var summaries = new List<KindSummary>();
            var verdicts = new List<string>();
            foreach (var kind in Kinds)
            {
                var all = samples.TryGetValue(kind.Name, out var bag) ? bag.ToList() : [];
                var timed = all.Where(r => !r.Skipped && r.Status is not null && r.Milliseconds > 0).Select(r => r.Milliseconds).Order().ToList();
                var errors = all.Count(r => !r.Skipped && !r.Ok && r.Status != HttpStatusCode.Conflict);
                var conflicts = all.Count(r => r.Status == HttpStatusCode.Conflict);
                requests += timed.Count;
                var p99 = HttpBenchCommand.Percentile(timed, 0.99);
                var baseline = alone.GetValueOrDefault(kind.Name);
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"  {kind.Name,-24} {timed.Count,4} {HttpBenchCommand.Percentile(timed, 0.5),8:F1} {HttpBenchCommand.Percentile(timed, 0.95),8:F1} {p99,8:F1} {(timed.Count > 0 ? timed[^1] : 0),8:F1} " +
                    $"{(kind.Write ? "" : baseline.ToString("F1", CultureInfo.InvariantCulture)),10} {(kind.Write || baseline == 0 ? "" : (p99 / baseline).ToString("F1", CultureInfo.InvariantCulture)),10} " +
                    $"{errors,7} {conflicts,5} {all.Count(r => r.Skipped),8}");
                var firstError = all.FirstOrDefault(r => r.Error is not null)?.Error;
                summaries.Add(new KindSummary(kind.Name, kind.Write, timed.Count, p99, baseline, errors, conflicts, all.Count(r => r.Skipped), firstError));
                if (errors > 0) verdicts.Add($"{kind.Name}: {errors} error(s), the first: {firstError ?? "no answer"}");
                if (kind.Write ? p99 > 250 : p99 > 100 || (baseline > 0 && p99 > 5 * baseline))
                {
                    verdicts.Add(kind.Write ? $"{kind.Name}: p99 {p99:F0} ms > 250 ms" : $"{kind.Name}: p99 {p99:F0} ms (goal ≤ 100 ms and ≤ 5× alone {baseline:F1} ms)");
                }
            }
            if (peak > 1536L * 1024 * 1024) verdicts.Add($"server peak RSS {Mib(peak)} MiB > 1536 MiB");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"  {requests} requests in {elapsed.TotalSeconds:F0} s: {requests / elapsed.TotalSeconds:F1} requests/s; {sessions.Count(s => s.Page is not null)} Blazor pages open at the end; " +
                $"server RSS {Mib(rss)} MiB, peak {Mib(peak)} MiB");
            report.AppendLine(verdicts.Count == 0
                ? "  goals met: reads p99 ≤ 100 ms and ≤ 5× alone, writes p99 ≤ 250 ms, no errors, RSS ≤ 1.5 GiB"
                : "  goals not met:\n    " + string.Join("\n    ", verdicts));
            return new LoadReport(report.ToString(), summaries, peak, verdicts);
        }
        finally
        {
            foreach (var session in sessions)
            {
                if (session.Page is { } page) await page.DisposeAsync();
                session.Client.Dispose();
            }
        }
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024).ToString("F0", CultureInfo.InvariantCulture);
}
