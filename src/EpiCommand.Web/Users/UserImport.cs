using System.Security.Claims;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Users;

/// <summary>
/// Users from a sheet (CSV or .xlsx, read by <see cref="SheetReader"/>): a header row naming the columns <c>userName</c>,
/// <c>displayName</c>, <c>region</c>, <c>roles</c> (separated by <c>|</c>) and optionally <c>unit</c>, <c>phone</c>; each row
/// created as <see cref="UserService.CreateAsync"/> creates one, with its one-time password. All rows or none: the first
/// refused row stops the import, names its row and column, and nothing is stored.
/// </summary>
public sealed class UserImport(UserService users, EpiCommand.Data.AppDbContext db)
{
    public static readonly string[] Required = ["userName", "displayName", "region", "roles"];
    public static readonly string[] Optional = ["unit", "phone"];

    public async Task<Outcome<List<IssuedPassword>>> ImportAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, Stream sheet, LineListFormat format, CancellationToken ct)
    {
        if (!UserService.IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        List<SheetRow> rows;
        try
        {
            rows = [.. SheetReader.Read(sheet, format, ct)];
        }
        catch (UnreadableSheetException e)
        {
            return Problem.Invalid("file", e.Reason);
        }
        if (rows.Count == 0) return Problem.Invalid("file", Messages.UserSheetEmpty);
        var header = rows[0].Cells.Select(c => c?.Trim() ?? "").ToList();
        var missing = Required.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return Problem.Invalid("file", Messages.UserSheetColumns(string.Join(", ", missing)));
        string? Cell(SheetRow row, string column)
        {
            var index = header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
            return index < 0 || index >= row.Cells.Count || string.IsNullOrWhiteSpace(row.Cells[index]) ? null : row.Cells[index]!.Trim();
        }

        var issued = new List<IssuedPassword>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in rows.Skip(1).Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))))
        {
            var roles = Cell(row, "roles")?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var request = new NewUser(Cell(row, "userName"), Cell(row, "displayName"), Cell(row, "unit"), Cell(row, "phone"), Cell(row, "region"), roles);
            var created = await users.CreateAsync(actor, jurisdiction, request, ct);
            if (created.Problem is { } problem)
            {
                // The row and the column of the first refusal: roles[1] is the second role of the roles column.
                var errors = (problem.Errors ?? new Dictionary<string, Text[]> { [""] = [problem.Detail] })
                    .ToDictionary(e => $"row {row.Number}, {e.Key.Split('[')[0]}".TrimEnd(',', ' '), e => e.Value);
                return problem with { Errors = errors };
            }
            issued.Add(created.Value!);
        }
        await transaction.CommitAsync(ct);
        return issued;
    }
}
