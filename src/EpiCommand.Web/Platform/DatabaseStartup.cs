using EpiCommand.Data;
using EpiCommand.Data.Demo;
using EpiCommand.Domain.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

public static class DatabaseStartup
{
    /// <summary>
    /// The embedded demo migrates itself and loads the demo city (<c>Database:MigrateOnStart</c>, <c>Database:SeedDemo</c>);
    /// production leaves both off and runs <c>epicommand migrate</c>.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.MigrateOnStart) await db.Database.MigrateAsync();
        if (!options.SeedDemo) return;
        var plans = scope.ServiceProvider.GetRequiredService<PlanCatalog>();
        var planId = scope.ServiceProvider.GetRequiredService<IOptions<PlansOptions>>().Value.CityPlan;
        var today = Domain.Time.ChinaTime.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(plans.Get(planId), today, outbreak: options.DemoOutbreak);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EpiCommand");
        if (!seeded) return;
        if (!options.DemoOutbreak)
        {
            logger.LogInformation("Loaded the demo city 通辽市 (Tongliao) with plan {Plan}, without an outbreak", planId);
            return;
        }
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await StartDemoClocksAsync(db, scope.ServiceProvider.GetRequiredService<Clocks.ClockService>(), now);
        await AddDemoContactsAsync(db, scope.ServiceProvider.GetRequiredService<Contacts.ContactService>(), now);
        await AddDemoSentinelReportsAsync(db, scope.ServiceProvider.GetRequiredService<Sentinels.SentinelService>(), now);
        logger.LogInformation("Loaded the demo city 通辽市 (Tongliao) with plan {Plan}", planId);
    }

    /// <summary>
    /// The demo outbreak's reporting clocks, as the county CDCs would have left them: every report made on time
    /// except those of the latest cases, so that the clock view shows work due and work overdue.
    /// </summary>
    private static async Task StartDemoClocksAsync(AppDbContext db, Clocks.ClockService clocks, DateTimeOffset now)
    {
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.ReportedAt).ToListAsync();
        foreach (var item in cases)
        {
            clocks.Start("caseFound", item.Id, item.RegionCode, item.RegionPath, item.FoundAt ?? item.ReportedAt);
            clocks.Start("caseReported", item.Id, item.RegionCode, item.RegionPath, item.ReportedAt);
        }
        await db.SaveChangesAsync();
        var latest = cases.TakeLast(2).Select(c => c.Id).ToHashSet();
        // Two passes: completing an investigation starts the questionnaire clock, which is then completed too.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var clock in await db.Clocks.Where(c => c.CompletedAt == null).ToListAsync())
            {
                if (!latest.Contains(clock.Subject) || clock.ClockId != "epi-investigation" && clock.DueAt < now.AddHours(-6))
                {
                    clocks.Complete(clock, "cdc", clock.StartedAt.AddMinutes((clock.DueAt - clock.StartedAt).TotalMinutes / 2));
                }
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Close contacts of the demo outbreak's latest cases, under centralised observation (001 §5.2.7).</summary>
    private static async Task AddDemoContactsAsync(AppDbContext db, Contacts.ContactService contacts, DateTimeOffset now)
    {
        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == DemoSeeder.CityCode);
        var jurisdiction = new Jurisdiction(city.Code, city.Path);
        var sources = await db.Cases.AsNoTracking().OrderByDescending(c => c.ReportedAt).Take(3).ToListAsync();
        var number = 0;
        foreach (var source in sources)
        {
            foreach (var name in new[] { "王", "李", "张" })
            {
                number++;
                var request = new Contacts.NewContact($"MJ{number:D3}", $"{name}某{number}", null, null, source.RegionCode, source.Id, null,
                    source.ReportedAt.AddHours(-number * 5), "科尔沁区集中隔离点（某宾馆）");
                (await contacts.RegisterAsync(request, jurisdiction, "cdc", CancellationToken.None)).Expect();
            }
        }
    }

    /// <summary>Two pharmacy reports of the demo city (003 §二(二)), one already checked by the market regulator.</summary>
    private static async Task AddDemoSentinelReportsAsync(AppDbContext db, Sentinels.SentinelService sentinels, DateTimeOffset now)
    {
        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == DemoSeeder.CityCode);
        var jurisdiction = new Jurisdiction(city.Code, city.Path);
        var first = (await sentinels.ReportAsync(new Sentinels.NewSentinelReport("pharmacy", "科尔沁区某大药房", "赵某", null, "实名购买退热药（布洛芬）", "150502004001", now.AddHours(-5)),
            jurisdiction, "city", CancellationToken.None)).Expect();
        (await sentinels.ReportAsync(new Sentinels.NewSentinelReport("clinic", "开鲁镇某诊所", "钱某", null, "发热37.8℃，咳嗽", "150523100001", now.AddHours(-2)),
            jurisdiction, "city", CancellationToken.None)).Expect();
        (await sentinels.AdvanceAsync(first.Id, "已核实购药记录", jurisdiction, "city", CancellationToken.None)).Expect();
    }

    public static void PrintWelcome(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SeedDemo) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine();
            Console.WriteLine($"EpiCommand is running at {urls}");
            Console.WriteLine("Demo logins (user / password):");
            foreach (var login in DemoSeeder.Logins) Console.WriteLine($"  {login.UserName,-10} / {login.Password}   {login.DisplayName} ({login.Role}, {login.RegionCode}{(login.Unit is { } unit ? ", " + unit : "")})");
            Console.WriteLine();
        });
    }
}

/// <summary><c>/health</c>: the platform answers and its database can be reached.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
}
