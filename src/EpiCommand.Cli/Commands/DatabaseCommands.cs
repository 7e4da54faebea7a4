using System.CommandLine;
using EpiCommand.Data;
using EpiCommand.Data.Demo;
using EpiCommand.Data.Response;
using EpiCommand.Web;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>migrate</c> and <c>seed-demo</c>: the database commands production uses instead of migrating at start.
/// The provider and connection string come from <c>--provider</c>/<c>--connection</c> or the
/// <c>Database__Provider</c>/<c>Database__ConnectionString</c> environment variables.
/// </summary>
public static class DatabaseCommands
{
    public static readonly Option<string?> ProviderOption = new("--provider") { Description = "Sqlite or Postgres (default: Database__Provider, else Sqlite)" };
    public static readonly Option<string?> ConnectionOption = new("--connection") { Description = "connection string (default: Database__ConnectionString, else data/epicommand.db)" };

    public static Command Migrate()
    {
        var command = new Command("migrate", "Apply the database migrations") { ProviderOption, ConnectionOption };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var services = Build(result);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            Console.WriteLine(pending.Count == 0 ? "The database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });
        return command;
    }

    public static Command SeedDemo()
    {
        var command = new Command("seed-demo", "Load the demo city (Tongliao) into an empty, migrated database") { ProviderOption, ConnectionOption };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!await SeedDemoAsync(Settings(result), TimeProvider.System, cancellationToken))
            {
                Console.Error.WriteLine("The database already holds regions; the demo city was not loaded.");
                return 1;
            }
            Console.WriteLine("Loaded the demo city 通辽市. Logins (user / password):");
            foreach (var login in DemoSeeder.Logins) Console.WriteLine($"  {login.UserName,-8} / {login.Password}   {login.DisplayName}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Loads the demo city as the web start does (<see cref="DemoCity"/>), on the platform's own services. Times are relative to
    /// <paramref name="clock"/>.
    /// </summary>
    public static async Task<bool> SeedDemoAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var platform = BuildPlatform(settings, clock);
        await using var scope = platform.CreateAsyncScope();
        var outbreak = platform.GetRequiredService<IConfiguration>().GetValue("Database:DemoOutbreak", true);
        return await scope.ServiceProvider.GetRequiredService<DemoCity>().SeedAsync(outbreak, cancellationToken);
    }

    /// <summary>The platform's services, registered by the same <c>Add…</c> extensions as in the web's Program.cs; no server is started.</summary>
    public static ServiceProvider BuildPlatform(IReadOnlyDictionary<string, string?> settings, TimeProvider clock)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(clock);
        builder.Services.AddEpiCommandData(builder.Configuration);
        builder.AddEpiCommandAuth();
        builder.AddPlans();
        builder.AddFeatures();
        builder.AddDemoCity();
        return builder.Services.BuildServiceProvider();
    }

    public static readonly Option<string?> CheckpointsOption = new("--checkpoints")
    {
        Description = "folder of audit-checkpoints.jsonl (default: Audit__CheckpointFolder, else data/audit)",
    };

    /// <summary>
    /// <c>audit verify</c>: walks the audit trail's chain (requirements J2) with the audit keys of the configuration
    /// (<c>Audit__Keys__&lt;id&gt;</c>) and compares it with the checkpoints kept outside the database (issue 13 §audit); names the
    /// first broken entry or the checkpoint the chain falls short of; exit 1 when broken. <c>audit checkpoint</c> writes one now.
    /// </summary>
    public static Command Audit()
    {
        var verify = new Command("verify", "Verify the audit trail's chain against its checkpoints and point at the first broken entry") { ProviderOption, ConnectionOption, CheckpointsOption };
        verify.SetAction(async (result, cancellationToken) =>
        {
            await using var services = Build(result);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                Console.Error.WriteLine("The database is not migrated; run `epicommand migrate` first.");
                return 2;
            }
            var file = services.GetRequiredService<AuditCheckpointFile>();
            IReadOnlyList<Domain.Response.AuditCheckpoint> checkpoints;
            try
            {
                checkpoints = file.ReadAll();
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"{file.Path}: {e.Message}");
                return 1;
            }
            var (broken, entries) = AuditLog.Verify(db, checkpoints);
            if (broken is null)
            {
                var keyed = await db.AuditEntries.CountAsync(e => e.KeyId != null, cancellationToken);
                Console.WriteLine($"The audit trail holds: {entries} entries ({keyed} signed with an audit key), every hash and link verified, "
                    + (checkpoints.Count == 0 ? $"no checkpoints in {file.Path}." : $"{checkpoints.Count} checkpoint(s) met, the last of {checkpoints[^1].At:u} at {checkpoints[^1].Entries} entries."));
                return 0;
            }
            Console.Error.WriteLine($"The audit trail is broken at entry {broken.Sequence}: {broken.Reason}.");
            return 1;
        });
        var checkpoint = new Command("checkpoint", "Append the audit chain's head to the checkpoint file now (the web does so once a minute)") { ProviderOption, ConnectionOption, CheckpointsOption };
        checkpoint.SetAction(async (result, cancellationToken) =>
        {
            await using var services = Build(result);
            await using var scope = services.CreateAsyncScope();
            var file = services.GetRequiredService<AuditCheckpointFile>();
            var written = await AuditLog.CheckpointAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), file, DateTimeOffset.UtcNow, cancellationToken);
            Console.WriteLine(written is null ? $"Nothing new to checkpoint in {file.Path}." : $"Checkpoint written to {file.Path}: {written.Entries} entries, head {written.Head}.");
            return 0;
        });
        return new Command("audit", "The append-only audit trail") { verify, checkpoint };
    }

    /// <summary>The database's services alone, for the commands that only read or migrate it.</summary>
    public static ServiceProvider Build(ParseResult result, string? defaultConnection = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(Settings(result, defaultConnection)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEpiCommandData(configuration);
        return services.BuildServiceProvider();
    }

    public static Dictionary<string, string?> Settings(ParseResult result, string? defaultConnection = null)
    {
        var settings = new Dictionary<string, string?>();
        if (result.GetValue(ProviderOption) is { } provider) settings["Database:Provider"] = provider;
        if ((result.GetValue(ConnectionOption) ?? defaultConnection) is { } connection) settings["Database:ConnectionString"] = connection;
        if (result.GetValue(CheckpointsOption) is { } checkpoints) settings["Audit:CheckpointFolder"] = checkpoints;
        return settings;
    }
}
