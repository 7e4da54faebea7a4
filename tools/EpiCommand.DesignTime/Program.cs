// Scaffolds a migration for each provider:
//   dotnet run --project tools/EpiCommand.DesignTime -- <MigrationName>
// writes src/EpiCommand.Data/Migrations/Sqlite and src/EpiCommand.Data/Migrations/Postgres.
using EpiCommand.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: EpiCommand.DesignTime <MigrationName>");
    return 2;
}
var dataProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/EpiCommand.Data"));

Scaffold(new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options),
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
Scaffold(new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost").Options),
    new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
return 0;

void Scaffold(AppDbContext db, IDesignTimeServices providerServices, string provider)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(db);
    providerServices.ConfigureDesignTimeServices(services);
    using var provided = services.BuildServiceProvider();
    var scaffolder = provided.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[0], "EpiCommand.Data", $"Migrations.{provider}", "C#");
    var files = scaffolder.Save(dataProject, migration, Path.Combine(dataProject, "Migrations", provider));
    Console.WriteLine($"{provider}: {files.MigrationFile}");
    db.Dispose();
}
