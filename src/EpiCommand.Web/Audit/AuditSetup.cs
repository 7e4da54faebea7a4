using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Audit;

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<AuditCheckpointWatcher>();
        return builder;
    }

    /// <summary>
    /// A production platform signs its audit chain (issue 13 §audit): without a key, whoever can write to the database could
    /// rewrite the chain and recompute every hash. The web start refuses to run without one rather than write an unsigned chain.
    /// </summary>
    public static void RequireAuditKeyInProduction(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction()) return;
        if (AuditKeys.From(builder.Configuration).CurrentKeyId is null)
        {
            throw new InvalidOperationException(
                "The audit chain needs a key in Production: set Audit:CurrentKeyId to an id and Audit:Keys:<id> to its key, base64 of at least 32 bytes " +
                "(e.g. environment variables Audit__CurrentKeyId=k2026 and Audit__Keys__k2026=$(openssl rand -base64 32)); see docs/security.md, 'Audit chain'.");
        }
        // The same for the key of the ID-number and phone lookups (issue 12 §1): the development key is in the source.
        if (!EpiCommand.Data.Surveillance.PersonLookup.From(builder.Configuration).Configured)
        {
            throw new InvalidOperationException(
                "The ID-number and phone lookups need a key in Production: set Lookups:Key to base64 of at least 32 bytes " +
                "(e.g. environment variable Lookups__Key=$(openssl rand -base64 32)), and never change it afterwards without clearing the key columns; see docs/security.md, 'Lookups'.");
        }
    }
}

/// <summary>
/// Once a minute, appends the audit chain's head to the checkpoint file outside the database when it moved (issue 13 §audit), so
/// that deleting the newest entries or recomputing the chain is caught by <c>epicommand audit verify</c>. On PostgreSQL the
/// instance that takes the checkpoint lock writes; the others skip that minute.
/// </summary>
public sealed class AuditCheckpointWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditCheckpointWatcher> logger) : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Checkpointing the audit chain";

    protected override async Task ScanAsync(IServiceProvider services, CancellationToken ct) =>
        await AuditLog.CheckpointAsync(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<AuditCheckpointFile>(),
            services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
}
