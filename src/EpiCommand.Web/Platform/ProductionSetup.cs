using System.Net;
using EpiCommand.Data;
using EpiCommand.Domain.Plans;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Running behind a reverse proxy, and refusing to start in Production without the settings a real installation needs
/// (docs/deployment.md), so that a missing key is one clear line at start rather than a failure at the first request.
/// </summary>
public static class ProductionSetup
{
    /// <summary>
    /// nginx terminates TLS and passes the client's address and scheme in X-Forwarded-For/-Proto: trusted only from loopback
    /// and from the addresses in <c>ForwardedHeaders:KnownProxies</c> / networks in <c>ForwardedHeaders:KnownNetworks</c>, so that a
    /// client cannot claim another address (the sign-in throttle counts per address) or scheme.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        var problems = new List<string>();
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var text in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            if (IPAddress.TryParse(text, out var address)) proxies.Add(address);
            else problems.Add($"ForwardedHeaders:KnownProxies: '{text}' is not an IP address");
        }
        foreach (var text in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            if (System.Net.IPNetwork.TryParse(text, out var network)) networks.Add(network);
            else problems.Add($"ForwardedHeaders:KnownNetworks: '{text}' is not a network in CIDR notation (e.g. 10.0.0.0/24)");
        }
        if (problems.Count > 0) throw new InvalidOperationException("EpiCommand cannot start: " + string.Join("; ", problems));
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback (the defaults) stays trusted: nginx on the same server.
            foreach (var address in proxies) options.KnownProxies.Add(address);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>The settings Production cannot do without; every one missing is named, with its environment variable.</summary>
    public static WebApplicationBuilder RequireProductionSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction()) return builder;
        var configuration = builder.Configuration;
        var missing = new List<string>();
        if (!string.Equals(configuration["Database:Provider"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase))
        {
            missing.Add("Database:Provider must be Postgres (Database__Provider)");
        }
        if (string.IsNullOrWhiteSpace(configuration["Database:ConnectionString"]))
        {
            missing.Add("Database:ConnectionString (Database__ConnectionString), e.g. Host=localhost;Database=epicommand;Username=epicommand;Password=…");
        }
        if (string.IsNullOrWhiteSpace(configuration["DataProtection:KeysFolder"]))
        {
            missing.Add("DataProtection:KeysFolder (DataProtection__KeysFolder), a folder only the service can read, e.g. /var/lib/epicommand/keys");
        }
        if (string.IsNullOrWhiteSpace(configuration[DataProtectionSetup.CertificatePath]) && !configuration.GetValue(DataProtectionSetup.Unprotected, false))
        {
            // Issue 13, defect 9: the keys signing sign-in cookies were stored unencrypted.
            missing.Add($"{DataProtectionSetup.CertificatePath} (DataProtection__Certificate__Path), a .pfx certificate with its private key, and "
                + $"{DataProtectionSetup.CertificatePassword} (DataProtection__Certificate__Password), to encrypt the sign-in keys at rest — "
                + $"or {DataProtectionSetup.Unprotected}=true to keep them unencrypted");
        }
        if (string.IsNullOrWhiteSpace(configuration["Plans:CityPlan"]))
        {
            missing.Add("Plans:CityPlan (Plans__CityPlan), the plan in force that `epicommand init` loaded");
        }
        if (configuration.GetValue("Database:SeedDemo", false)) missing.Add("Database:SeedDemo must be false: Production holds a real city, not the demo");
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("EpiCommand cannot start in Production; set: " + string.Join("; ", missing) + ". See docs/deployment.md.");
        }
        return builder;
    }

    /// <summary>
    /// In Production the database must have been prepared by <c>epicommand init</c> with the plan the configuration names as in force.
    /// </summary>
    public static async Task CheckInstallationAsync(this WebApplication app)
    {
        if (!app.Environment.IsProduction()) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            throw new InvalidOperationException("EpiCommand cannot start: the database is not migrated; run `epicommand init` (a new installation) or `epicommand migrate` (an upgrade).");
        }
        var planId = app.Services.GetRequiredService<IOptions<PlansOptions>>().Value.CityPlan;
        if (app.Services.GetRequiredService<PlanCatalog>().Find(planId) is null)
        {
            throw new InvalidOperationException($"EpiCommand cannot start: Plans:CityPlan names the plan '{planId}', which is not among the plan files.");
        }
        var loaded = await db.Headquarters.AsNoTracking().Join(db.Regions, h => h.RegionCode, r => r.Code, (h, r) => new { h.PlanId, r.Path, r.Code })
            .ToListAsync();
        if (loaded.MinBy(h => h.Path.Length) is not { } top)
        {
            throw new InvalidOperationException("EpiCommand cannot start: the database holds no jurisdiction; run `epicommand init` first.");
        }
        if (top.PlanId is { } installed && installed != planId)
        {
            throw new InvalidOperationException($"EpiCommand cannot start: Plans:CityPlan is '{planId}' but `epicommand init` loaded {top.Code} with the plan '{installed}'.");
        }
    }
}
