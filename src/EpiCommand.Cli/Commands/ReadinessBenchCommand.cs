using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Organisation;
using EpiCommand.Data.People;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Readiness;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>bench-readiness</c> (issue 15, "Norm evaluation for 100 counties with full registries in a bench, reported next to the time of
/// simply reading the registries in the same run (goal: within 3×)"). Builds a fresh database with one generated city of
/// <c>--counties</c> counties (100 by default), each with full registers — hospitals, laboratories, quarantine sites, a year of drills,
/// the seven team types with their rosters of people, depots with stock of the catalogue (its ledger: receipts and issues), and a sizing — and the history of every norm
/// recorded once, as a running platform holds it. Then, <c>--runs</c> times each on a fresh context:
/// (a) the baseline: every register the norms are read over, read and materialised, nothing else;
/// (b) the norms evaluated for the city and every county through <see cref="ReadinessService.EvaluateAsync"/>;
/// (c) what <c>GET /api/readiness</c> answers: <see cref="ReadinessService.ReportAsync"/> (the norms, their history and gap tasks)
/// serialised to JSON as the endpoint does.
/// It reports the medians and the ratios (b)/(a) and (c)/(a) against the goal of 3.
/// </summary>
public static class ReadinessBenchCommand
{
    /// <summary>The generated city; its counties are <c>9901001</c>, <c>9901002</c>, … (7 digits: a city of 6-digit codes holds only 99).</summary>
    public const string ProvinceCode = "990000";

    public const string CityCode = "990100";

    public const double Goal = 3.0;

    private static readonly string[] SqliteFiles = ["", "-wal", "-shm"];

    public static Command Create()
    {
        var counties = new Option<int>("--counties") { Description = "counties of the generated city", DefaultValueFactory = _ => 100 };
        var runs = new Option<int>("--runs") { Description = "timed runs of each (the median is reported)", DefaultValueFactory = _ => 15 };
        var http = new Option<bool>("--http") { Description = "also time GET /api/readiness over HTTP (the web app started as a child process)", DefaultValueFactory = _ => true };
        var command = new Command("bench-readiness", "Time the readiness norms over full registers of many counties against simply reading the registers")
        {
            counties, runs, http, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        command.SetAction(async (result, ct) =>
        {
            var countyCount = result.GetValue(counties);
            var runCount = result.GetValue(runs);
            var overHttp = result.GetValue(http);
            if (countyCount is < 1 or > 999 || runCount < 1)
            {
                Console.WriteLine("--counties is 1 to 999 and --runs at least 1");
                return 2;
            }
            var connection = result.GetValue(DatabaseCommands.ConnectionOption);
            if (result.GetValue(DatabaseCommands.ProviderOption) is "Postgres" or "postgres")
            {
                if (connection is null) throw new InvalidOperationException("--connection (a PostgreSQL server) is required with --provider Postgres");
                var server = new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ToString();
                var name = $"epicommand_bench_readiness_{Guid.NewGuid():N}"[..40];
                await ImportBenchCommand.PostgresAsync(server, $"CREATE DATABASE \"{name}\"", ct);
                try
                {
                    var settings = new Dictionary<string, string?>
                    {
                        ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(connection) { Database = name }.ToString(),
                    };
                    await RunAsync(settings, countyCount, runCount, Console.Out, ct, overHttp);
                    return 0;
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await ImportBenchCommand.PostgresAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
                }
            }
            var file = Path.Combine(Path.GetTempPath(), $"epicommand-bench-readiness-{Guid.NewGuid():N}.db");
            try
            {
                await RunAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={file};Pooling=false" },
                    countyCount, runCount, Console.Out, ct, overHttp);
                return 0;
            }
            finally
            {
                foreach (var suffix in SqliteFiles) File.Delete(file + suffix);
            }
        });
        return command;
    }

    /// <summary>What one run measured: the medians in milliseconds, and what was read (to tell a sane run).</summary>
    public sealed record Result(string Provider, int Counties, int Runs, int RegisterRows, int Norms, int NormsMet, int NormsNotMet, int NormsNotMeasurable,
        int ReportBytes, double ReadMs, double EvaluateMs, double ReportMs, double HistoryMs, double JsonMs, double? HttpMs = null)
    {
        public double EvaluateRatio => EvaluateMs / ReadMs;
        public double ReportRatio => ReportMs / ReadMs;
    }

    /// <summary>The user the bench signs in as over HTTP: the generated city's headquarters.</summary>
    public const string UserName = "bench-city";

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> settings, int counties, int runs, TextWriter output, CancellationToken ct, bool http = false)
    {
        await using var platform = DatabaseCommands.BuildPlatform(settings, TimeProvider.System);
        string provider;
        await using (var scope = platform.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            provider = db.Database.ProviderName?.Split('.').Last() ?? "?";
            output.WriteLine($"bench-readiness: {provider}; {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            await db.Database.MigrateAsync(ct);
        }
        var stopwatch = Stopwatch.StartNew();
        var rows = await GenerateAsync(platform, counties, ct);
        await using (var scope = platform.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NormHistoryService>().RecordAsync(ct);
        }
        output.WriteLine($"generated 1 city, {counties:N0} counties, {rows:N0} register rows, and each norm's first reading in {stopwatch.Elapsed.TotalSeconds:F1} s");

        var city = new Jurisdiction(CityCode, $"/{ProvinceCode}/{CityCode}/");
        var read = new List<double>();
        var evaluate = new List<double>();
        var report = new List<double>();
        var serialise = new List<double>();
        var history = new List<double>();
        int readRows = 0, norms = 0, met = 0, notMet = 0, notMeasurable = 0, bytes = 0;
        // One untimed round first: the first use of a query compiles it.
        for (var run = -1; run < runs; run++)
        {
            await using (var scope = platform.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                stopwatch.Restart();
                readRows = await ReadRegistersAsync(db, city, ct);
                if (run >= 0) read.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            await using (var scope = platform.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<ReadinessService>();
                stopwatch.Restart();
                var (_, regions) = await service.EvaluateAsync(city, ct);
                if (run >= 0) evaluate.Add(stopwatch.Elapsed.TotalMilliseconds);
                norms = regions.Sum(r => r.Results.Count);
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                stopwatch.Restart();
                await NormHistoryService.TimelinesAsync(db, city, ct);
                await GapTaskService.LatestAsync(db, city, ct);
                if (run >= 0) history.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            await using (var scope = platform.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<ReadinessService>();
                stopwatch.Restart();
                var answer = await service.ReportAsync(city, ct);
                var built = stopwatch.Elapsed.TotalMilliseconds;
                var json = JsonSerializer.SerializeToUtf8Bytes(answer, JsonSerializerOptions.Web);
                if (run >= 0)
                {
                    report.Add(stopwatch.Elapsed.TotalMilliseconds);
                    serialise.Add(stopwatch.Elapsed.TotalMilliseconds - built);
                }
                bytes = json.Length;
                var all = answer.Counties.Prepend(answer.City!).ToList();
                (met, notMet, notMeasurable) = (all.Sum(r => r.Met), all.Sum(r => r.NotMet), all.Sum(r => r.NotMeasurable));
            }
        }
        var result = new Result(provider, counties, runs, readRows, norms, met, notMet, notMeasurable, bytes, Median(read), Median(evaluate), Median(report),
            Median(history), Median(serialise));
        if (http)
        {
            var times = await HttpBenchCommand.WithServerAsync(settings["Database:Provider"]!, settings["Database:ConnectionString"]!, null, async (origin, _) =>
            {
                using var client = await HttpBenchCommand.SignInAsync(origin, UserName, ct);
                var samples = new List<double>();
                for (var run = -1; run < runs; run++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync("/api/readiness", HttpCompletionOption.ResponseContentRead, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET /api/readiness answered {(int)response.StatusCode}");
                    if (run >= 0) samples.Add(watch.Elapsed.TotalMilliseconds);
                }
                return samples;
            }, ct);
            result = result with { HttpMs = Median(times) };
        }
        foreach (var line in Report(result)) output.WriteLine(line);
        return result;
    }

    public static IEnumerable<string> Report(Result r)
    {
        static string Ms(double ms) => ms.ToString("N1", CultureInfo.InvariantCulture);
        static string Ratio(double x) => x.ToString("F2", CultureInfo.InvariantCulture);
        yield return "";
        yield return $"the city and {r.Counties:N0} counties: {r.RegisterRows:N0} register rows read, {r.Norms:N0} norm readings " +
            $"({r.NormsMet:N0} met, {r.NormsNotMet:N0} not met, {r.NormsNotMeasurable:N0} not measurable), GET /api/readiness answer {r.ReportBytes:N0} bytes";
        yield return $"median of {r.Runs} runs, each on a fresh context ({r.Provider}):";
        yield return $"  (a) baseline: reading the registers alone          {Ms(r.ReadMs),9} ms";
        yield return $"  (b) norm evaluation of the city and every county    {Ms(r.EvaluateMs),9} ms";
        yield return $"  (c) the readiness report as JSON (GET /api/readiness) {Ms(r.ReportMs),7} ms";
        yield return $"      of which the norms' history and gap tasks read  {Ms(r.HistoryMs),7} ms (alone), the JSON written {Ms(r.JsonMs),7} ms";
        if (r.HttpMs is { } httpMs) yield return $"  (d) GET /api/readiness over HTTP, signed in as the city {Ms(httpMs),6} ms";
        yield return $"ratio evaluation / baseline: {Ratio(r.EvaluateRatio)} (goal: within {Goal:F0}); report / baseline: {Ratio(r.ReportRatio)}" + (r.HttpMs is { } h ? $"; over HTTP / baseline: {Ratio(h / r.ReadMs)}" : "");
    }

    /// <summary>
    /// The baseline: each register the norms read, of the whole city, read and materialised with the plainest query — the least any
    /// evaluation must do. Returns the rows read.
    /// </summary>
    private static async Task<int> ReadRegistersAsync(AppDbContext db, Jurisdiction city, CancellationToken ct)
    {
        var regions = await city.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County).ToListAsync(ct);
        var hospitals = await city.Scope(db.Hospitals.AsNoTracking()).ToListAsync(ct);
        var labs = await city.Scope(db.Laboratories.AsNoTracking()).ToListAsync(ct);
        var sites = await city.Scope(db.QuarantineSites.AsNoTracking()).ToListAsync(ct);
        var sampling = await city.Scope(db.SamplingSites.AsNoTracking()).ToListAsync(ct);
        var drills = await city.Scope(db.Drills.AsNoTracking()).ToListAsync(ct);
        var teams = await city.Scope(db.Teams.AsNoTracking()).Select(t => new { t.Id, t.RegionPath, t.Type, t.Mobile, Members = t.Members.Count }).ToListAsync(ct);
        var trainings = await city.Scope(db.TeamTrainings.AsNoTracking()).ToListAsync(ct);
        var sizing = await city.Scope(db.ReadinessSizings.AsNoTracking()).ToListAsync(ct);
        // The stock on hand of every item in every depot (the ledger's cached totals), and the catalogue: the categories in stock and the
        // reserve days at full load are read over them.
        var stock = await city.Scope(db.Stock.AsNoTracking()).Where(s => s.OnHand > 0).Select(s => new { s.RegionPath, s.ItemId, s.OnHand }).ToListAsync(ct);
        var items = await db.SupplyItems.AsNoTracking().ToListAsync(ct);
        return regions.Count + hospitals.Count + labs.Count + sites.Count + sampling.Count + drills.Count + teams.Count + trainings.Count + sizing.Count + stock.Count + items.Count;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>
    /// The city and its counties with full registers (invented, deterministic): per county 6 hospitals, 5 laboratories, 4 quarantine
    /// sites, 12 drills over the last year, the 7 team types with 10 people each and 4 training records each, 2 depots stocked with the 20 items of the catalogue (a
    /// receipt and an issue each; the plan's reserve items with 20 to 45 days of their full-load need), and a sizing; some counties fall short on purpose (every seventh has too few rooms, every fifth no reserve site, every ninth no drill
    /// lately). Returns the register rows written.
    /// </summary>
    private const int TrainingsPerTeam = 4;

    public static async Task<int> GenerateAsync(IServiceProvider services, int counties, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.DayOf(now);
        const string by = "bench";
        var provincePath = $"/{ProvinceCode}/";
        var cityPath = $"{provincePath}{CityCode}/";
        var rows = 0;
        List<SupplyItem> items;
        var plans = services.GetRequiredService<EpiCommand.Domain.Plans.PlanCatalog>();
        var uses = plans.Get(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlansOptions>>().Value.CityPlan).ReserveUse;
        var useOf = uses.ToDictionary(u => u.Item, u => u.PerPatientDay, StringComparer.Ordinal);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Regions.Add(new Region { Code = ProvinceCode, Name = "基准自治区", Level = RegionLevel.Province, Path = provincePath });
            db.Regions.Add(new Region { Code = CityCode, Name = "基准市", Level = RegionLevel.City, ParentCode = ProvinceCode, Path = cityPath });
            db.Headquarters.Add(new CommandHeadquarters { RegionCode = CityCode, Name = "基准市疫情防控指挥部" });
            var categories = Enum.GetValues<SupplyCategory>();
            // The first items carry the codes the city plan gives a full-load use (reserveUse), so that reserve days are read over them.
            items = [.. Enumerable.Range(1, 20).Select(i => new SupplyItem
            {
                Code = i <= uses.Count ? uses[i - 1].Item : $"BENCH-{i:D2}", Name = $"基准物资{i}", Category = categories[i % categories.Length], Unit = "件", CreatedAt = now,
            })];
            db.SupplyItems.AddRange(items);
            await db.SaveChangesAsync(ct);
            await AddRegistersAsync(db, CityCode, cityPath, "基准市", city: true, 0);
        }
        for (var county = 1; county <= counties; county++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var code = $"9901{county:D3}";
            var path = $"{cityPath}{code}/";
            db.Regions.Add(new Region { Code = code, Name = $"第{county}县", Level = RegionLevel.County, ParentCode = CityCode, Path = path });
            await AddRegistersAsync(db, code, path, $"第{county}县", city: false, county);
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = UserName, DisplayName = "基准市指挥部值班员", RegionCode = CityCode, LockoutEnabled = true };
            var created = await users.CreateAsync(user, Data.Demo.DemoSeeder.DemoPassword);
            if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.Headquarters);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return rows;

        async Task AddRegistersAsync(AppDbContext db, string code, string path, string place, bool city, int n)
        {
            Hospital Hospital(string name, HospitalLevel level, HospitalKind kind, bool fever, Designation designation, int beds, int designated, int icu, int doctors, int nurses) =>
                new()
                {
                    RegionCode = code, RegionPath = path, Name = $"{place}{name}", Level = level, Kind = kind, FeverClinic = fever, Designation = designation, Beds = beds,
                    DesignatedBeds = designated, IcuBeds = icu, Doctors = doctors, Nurses = nurses, UpdatedBy = by, UpdatedAt = now,
                };
            var hospitals = new List<Hospital>
            {
                Hospital("人民医院", HospitalLevel.Level2, HospitalKind.General, n % 11 != 3, Designation.Designated, 400 + n, 45, n % 8 == 5 ? 3 : 5, 25, 50),
                Hospital("中医医院", HospitalLevel.Level2, HospitalKind.General, true, Designation.Backup, 260, 30, 3, 15, 30),
                Hospital("妇幼保健院", HospitalLevel.Level2, HospitalKind.Other, false, Designation.None, 120, 0, 0, 12, 24),
                Hospital("第一卫生院", HospitalLevel.Level1, HospitalKind.General, false, Designation.None, 40, 0, 0, 6, 8),
                Hospital("第二卫生院", HospitalLevel.Level1, HospitalKind.General, false, Designation.None, 30, 0, 0, 5, 6),
                Hospital(city ? "第一医院" : "第三卫生院", city ? HospitalLevel.Level3 : HospitalLevel.Level1, HospitalKind.General, city, city ? Designation.Designated : Designation.None,
                    city ? 1200 : 25, city ? 120 : 0, city ? 14 : 0, city ? 90 : 4, city ? 180 : 5),
            };
            if (city) hospitals.Add(Hospital("传染病医院", HospitalLevel.Level3, HospitalKind.InfectiousDisease, true, Designation.Designated, 300, 200, 20, 40, 80));
            // The retrofit checklists (001 §5.1.3(2)) of the designated and backup hospitals: all 达标, but one county in six has its backup
            // hospital's oxygen supply still being retrofitted.
            foreach (var h in hospitals.Where(h => h.Designation != Designation.None))
            {
                foreach (var item in Enum.GetValues<RetrofitItem>()) HospitalRetrofit.Set(h, item, RetrofitStatus.Compliant);
                if (n % 6 == 1 && h.Designation == Designation.Backup) h.RetrofitOxygen = RetrofitStatus.InProgress;
                h.RetrofitCheckedOn = today.AddDays(-30);
            }
            db.Hospitals.AddRange(hospitals);
            await db.SaveChangesAsync(ct); // the laboratories name their hospitals
            Laboratory Lab(string name, LabOwner owner, int? hospital, int pcr, bool mobile) => new()
            {
                RegionCode = code, RegionPath = path, Name = $"{place}{name}", Owner = owner, HospitalId = hospital, PcrPerDay = pcr, Mobile = mobile, UpdatedBy = by, UpdatedAt = now,
            };
            db.Laboratories.AddRange(
                Lab("疾控中心实验室", LabOwner.CountyCdc, null, n % 13 == 6 ? 0 : 2000, false),
                Lab("人民医院实验室", city ? LabOwner.TertiaryHospital : LabOwner.CountyHospital, hospitals[0].Id, 1500, false),
                Lab("中医医院实验室", LabOwner.CountyHospital, hospitals[1].Id, 800, false),
                Lab(city ? "第一医院实验室" : "卫生院检测点", city ? LabOwner.TertiaryHospital : LabOwner.Other, city ? hospitals[5].Id : null, 1000, false),
                Lab("移动实验室", LabOwner.Other, null, 3000, true));
            QuarantineSite Site(string name, int rooms, int contacts, int asymptomatic, SiteStatus status, bool hotel) => new()
            {
                RegionCode = code, RegionPath = path, Name = $"{place}{name}", Rooms = rooms, RoomsForContacts = contacts, RoomsForAsymptomatic = asymptomatic, Status = status,
                ContractedHotel = hotel, Staff = rooms / 10, UpdatedBy = by, UpdatedAt = now,
            };
            db.QuarantineSites.AddRange(
                Site("第一隔离宾馆", 150, n % 7 == 2 ? 80 : 120, 30, SiteStatus.InUse, true),
                Site("第二隔离宾馆", 120, 90, 30, SiteStatus.InUse, true),
                Site("备用隔离点", n % 5 == 4 ? 0 : 100, 60, 20, n % 5 == 4 ? SiteStatus.InUse : SiteStatus.Reserve, false),
                Site("培训中心", 60, 40, 10, SiteStatus.Reserve, false));
            // Sampling sites (001 §5.1.3(3)): 6 per county, one in reserve (one county in ten has none); every county of 300,000 people, one
            // county in four without the capacity to sample them in 3 days (100,000 a day).
            db.SamplingSites.AddRange(Enumerable.Range(1, 6).Select(i => new SamplingSite
            {
                RegionCode = code, RegionPath = path, Name = $"{place}核酸采样点{i}", Address = $"{place}第{i}社区", Kind = i == 6 ? SamplingSiteKind.Mobile : SamplingSiteKind.Fixed,
                Status = i == 5 && n % 10 != 3 ? SiteStatus.Reserve : SiteStatus.InUse, Booths = 15, Staff = 30, PerDay = n % 4 == 2 ? 15_000 : 18_000, UpdatedBy = by, UpdatedAt = now,
            }));
            db.Drills.AddRange(Enumerable.Range(1, 12).Select(m => new Drill
            {
                RegionCode = code, RegionPath = path, Title = $"{place}应急指挥演练{m}", ScheduledOn = today.AddMonths(-m),
                HeldOn = n % 9 == 8 && m <= 3 ? null : today.AddMonths(-m), Findings = "调度流程需细化", UpdatedBy = by, UpdatedAt = now,
            }));
            var types = Enum.GetValues<TeamType>();
            foreach (var type in types)
            {
                var people = Enumerable.Range(1, 10).Select(i => new Person
                {
                    RegionCode = code, RegionPath = path, Name = $"{place}{type}队员{i}", Unit = $"{place}卫生健康委员会", Phone = $"139{n:D4}{(int)type}{i:D3}", CreatedAt = now,
                }).ToList();
                db.People.AddRange(people);
                var team = new Team
                {
                    RegionCode = code, RegionPath = path, Name = $"{place}{type}队", Type = type, Mobile = city, UpdatedBy = by, UpdatedAt = now,
                    Members = [.. people.Select((p, i) => new TeamMember { Person = p, Role = i == 0 ? "队长" : "队员", OnDuty = i % 3 != 2 })],
                };
                db.Teams.Add(team);
                // Four trainings or drills over the last months (001 §5.1.3(1) 加强培训和演练); every sixth county's first team none in the last 90 days.
                var stale = n % 6 == 1 && type == types[0] ? 100 : 0;
                db.TeamTrainings.AddRange(Enumerable.Range(0, TrainingsPerTeam).Select(k => new TeamTraining
                {
                    Team = team, RegionCode = code, RegionPath = path, HeldOn = today.AddDays(-(stale + 30 * k + (n + (int)type) % 25)),
                    Kind = k % 2 == 0 ? TrainingKind.Training : TrainingKind.Drill, Topics = TrainingTopics.PersonalProtection | (k % 2 == 0 ? TrainingTopics.CaseFinding : TrainingTopics.Triage),
                    Participants = 8 + k, UpdatedBy = by, UpdatedAt = now,
                }));
                rows += 1 + people.Count + TrainingsPerTeam;
            }
            // Stock as the ledger holds it: per item and depot a receipt 40 days ago and an issue 3 days ago, and the cached total (every
            // third item of the second depot used up). A reserve item's two depots hold between 20 and 45 days of its full-load need
            // (use per patient-day × planned cases), so some counties meet the 30 days and some fall short.
            var planned = 50 + n % 200;
            var stock = new List<StockLevel>();
            var issued = new Dictionary<StockLevel, int>();
            for (var d = 1; d <= 2; d++)
            {
                var depot = new Depot { Name = $"{place}物资储备库{d}", RegionCode = code, RegionPath = path, KeepingUnit = $"{place}卫生健康委员会", CreatedAt = now };
                db.Depots.Add(depot);
                foreach (var item in items)
                {
                    var onHand = useOf.TryGetValue(item.Code, out var use) ? (int)Math.Ceiling(use * planned * (20 + (item.Id * 7 + n * 3 + d) % 26) / 2.0)
                        : d == 2 && item.Id % 3 == 0 ? 0 : 1 + (item.Id * 37 + n * 11 + d) % 500;
                    var level = new StockLevel { Depot = depot, ItemId = item.Id, RegionCode = code, RegionPath = path, OnHand = onHand, UpdatedAt = now, Version = 1 };
                    stock.Add(level);
                    issued[level] = onHand / 10;
                }
            }
            db.Stock.AddRange(stock);
            db.ReadinessSizings.Add(new ReadinessSizing { RegionCode = code, RegionPath = path, PlannedConfirmedCases = planned, Population = 300_000, UpdatedBy = by, UpdatedAt = now, Version = 1 });
            await db.SaveChangesAsync(ct);
            var movements = 0;
            foreach (var s in stock.Where(s => s.OnHand > 0))
            {
                var received = s.OnHand + issued[s];
                db.StockMovements.Add(new StockMovement
                {
                    StockId = s.Id, DepotId = s.DepotId, ItemId = s.ItemId, RegionCode = code, RegionPath = path, Kind = MovementKind.Receipt, Quantity = received,
                    BalanceAfter = received, By = by, At = now.AddDays(-40),
                });
                movements++;
                if (issued[s] == 0) continue;
                db.StockMovements.Add(new StockMovement
                {
                    StockId = s.Id, DepotId = s.DepotId, ItemId = s.ItemId, RegionCode = code, RegionPath = path, Kind = MovementKind.Issue, Quantity = -issued[s],
                    BalanceAfter = s.OnHand, By = by, At = now.AddDays(-3),
                });
                movements++;
            }
            await db.SaveChangesAsync(ct);
            rows += hospitals.Count + 5 + 4 + 6 + 12 + 1 + 2 + stock.Count + movements;
        }
    }
}
