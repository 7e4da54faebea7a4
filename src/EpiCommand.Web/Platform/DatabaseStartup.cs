using EpiCommand.Data;
using EpiCommand.Data.Demo;
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
        var city = scope.ServiceProvider.GetRequiredService<DemoCity>();
        if (!await city.SeedAsync(options.DemoOutbreak, CancellationToken.None)) return;
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EpiCommand")
            .LogInformation("Loaded the demo city 通辽市 (Tongliao) with plan {Plan}{Outbreak}", city.PlanId, options.DemoOutbreak ? "" : ", without an outbreak");
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
