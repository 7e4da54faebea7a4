namespace EpiCommand.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, empty means <c>Data Source=data/epicommand.db</c> under the working folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Migrate on start (the embedded demo does; production runs <c>epicommand migrate</c>).</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Load the demo city when the database has no regions.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>With the demo city, also load its live outbreak (default); off gives a quiet city, as an exercise starts.</summary>
    public bool DemoOutbreak { get; set; } = true;
}
