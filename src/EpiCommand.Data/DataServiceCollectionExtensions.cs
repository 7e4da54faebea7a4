using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the database of <c>Database:Provider</c>: <see cref="AppDbContext"/> (scoped) and its factory.</summary>
    public static IServiceCollection AddEpiCommandData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        // Read once at start, so that a malformed key is a startup error rather than a failed write later.
        services.AddSingleton(AuditKeys.From(configuration));
        services.AddSingleton(AuditCheckpointFile.From(configuration));
        services.AddSingleton(PersonLookup.From(configuration));
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(options.ConnectionString);
                services.AddDbContextFactory<SqliteAppDbContext>(o => o.UseSqlite(sqlite));
                services.AddScoped<IDbContextFactory<AppDbContext>, Factory<SqliteAppDbContext>>();
                break;
            case DatabaseProvider.Postgres:
                var postgres = options.ConnectionString ?? throw new InvalidOperationException("Database:ConnectionString is required for PostgreSQL");
                // Npgsql's default strategy wraps a transient error (a deadlock, a serialization failure) in an InvalidOperationException;
                // EF's non-retrying one lets the DbUpdateException through, which the services recognise as a write conflict
                // (WriteConflict) and answer by reading again — instead of a 500 when parallel requests deadlock.
                services.AddDbContextFactory<PostgresAppDbContext>(o => o.UseNpgsql(postgres, npgsql => npgsql.ExecutionStrategy(d => new NonRetryingExecutionStrategy(d))));
                services.AddScoped<IDbContextFactory<AppDbContext>, Factory<PostgresAppDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not Sqlite or Postgres");
        }
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Makes sure the folder of a SQLite file exists; an empty setting means <c>data/epicommand.db</c>.</summary>
    public static string SqliteConnectionString(string? configured)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/epicommand.db" : configured);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null) Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }

    private sealed class Factory<T>(IDbContextFactory<T> inner, AuditKeys keys, PersonLookup lookup) : IDbContextFactory<AppDbContext> where T : AppDbContext
    {
        public AppDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            db.AuditKeys = keys;
            db.PersonLookup = lookup;
            return db;
        }
    }
}
