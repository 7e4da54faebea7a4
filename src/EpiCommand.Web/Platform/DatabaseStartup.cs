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
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(plans.Get(planId), today);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EpiCommand");
        if (!seeded) return;
        await StartDemoClocksAsync(db, scope.ServiceProvider.GetRequiredService<Clocks.ClockService>(), scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
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

    public static void PrintWelcome(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SeedDemo) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine();
            Console.WriteLine($"EpiCommand is running at {urls}");
            Console.WriteLine("Demo logins (user / password):");
            foreach (var login in DemoSeeder.Logins) Console.WriteLine($"  {login.UserName,-8} / {login.Password}   {login.DisplayName} ({login.Role}, {login.RegionCode})");
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
