using System.CommandLine;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Cli.Commands;

/// <summary>
/// <c>users import</c> (issue 18): creates a city's users from a sheet, acting as one of its administrators (their jurisdiction,
/// their name in the audit trail), all rows or none; prints each user's one-time password once.
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file") { Description = "a CSV (UTF-8 or GB18030) or .xlsx with the columns userName, displayName, region, roles (a|b), unit, phone", Required = true };
        var actor = new Option<string>("--as") { Description = "the user name of the administrator the import acts as", Required = true };
        var import = new Command("import", "Create users from a sheet, each with a one-time password printed once; all rows or none")
        {
            file, actor, DatabaseCommands.ProviderOption, DatabaseCommands.ConnectionOption,
        };
        import.SetAction((result, cancellationToken) =>
            ImportAsync(result.GetValue(file)!.FullName, result.GetValue(actor)!, DatabaseCommands.Settings(result), TimeProvider.System, Console.Out, Console.Error, cancellationToken));
        return new Command("users", "The platform's users") { import };
    }

    public static async Task<int> ImportAsync(string path, string actorName, IReadOnlyDictionary<string, string?> settings, TimeProvider clock, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"No file {path}.");
            return 2;
        }
        await using var platform = DatabaseCommands.BuildPlatform(settings, clock);
        await using var scope = platform.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        if (await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(actorName) is not { Disabled: false } admin)
        {
            await error.WriteLineAsync($"No active user '{actorName}'; nothing was imported.");
            return 1;
        }
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(admin);
        var jurisdiction = await Jurisdiction.ForAsync(principal, db, cancellationToken);
        if (jurisdiction is null || !principal.IsInRole(Roles.Admin))
        {
            await error.WriteLineAsync($"'{actorName}' is not an administrator; nothing was imported.");
            return 1;
        }
        var format = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? LineListFormat.Xlsx : LineListFormat.Csv;
        await using var sheet = File.OpenRead(path);
        var imported = await services.GetRequiredService<UserImport>().ImportAsync(principal, jurisdiction, sheet, format, cancellationToken);
        if (imported.Problem is { } problem)
        {
            await error.WriteLineAsync($"Refused, nothing was imported: {problem.Detail.En}");
            foreach (var (where, messages) in problem.Errors ?? new Dictionary<string, Text[]>())
            {
                foreach (var message in messages) await error.WriteLineAsync($"  {where}: {message.En}");
            }
            return 1;
        }
        await output.WriteLineAsync($"Imported {imported.Value!.Count} user(s) as {actorName}. One-time passwords (shown only now; each to be changed at the first sign-in):");
        foreach (var issued in imported.Value) await output.WriteLineAsync($"  {issued.User.UserName,-20} {issued.OneTimePassword}   {issued.User.DisplayName} ({issued.User.RegionCode})");
        return 0;
    }
}
