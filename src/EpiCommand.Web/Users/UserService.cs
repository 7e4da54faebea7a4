using System.Security.Claims;
using System.Security.Cryptography;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Users;

/// <summary>
/// User administration (issue 18): an administrator manages the users of their jurisdiction and below — creates them with a
/// one-time password, changes their roles, region and unit, disables and enables them, resets their password. A user is one
/// record linked to a region and to a unit of the organisation (the people model of users, rosters and on-duty lists), never a
/// second list of people. Every change goes into the audit trail (requirements J2) in the same transaction.
/// </summary>
public sealed class UserService(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TwoFactorService twoFactor,
    Microsoft.Extensions.Options.IOptions<AccountPolicy> policy, TimeProvider clock)
{
    /// <summary>Identity's default user-name characters: a sign-in name, not a display name.</summary>
    private const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";

    /// <summary>Users by sign-in name (then id, which is unique): the keyset of the list.</summary>
    public static readonly Keyset<AppUser> ByName = Keyset<AppUser>.By(u => u.UserName!, u => u.Id);

    /// <summary>
    /// Users of the jurisdiction (or of <c>region</c> within it) by sign-in name, a page at a time as every list (issue 12 §1:
    /// <c>after</c>, <c>limit</c>, <c>total</c> on the first page); <c>q</c> matches the sign-in name, display name and unit.
    /// </summary>
    public async Task<Outcome<Page<UserDto>>> ListAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, ListQuery query, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var list = await query.CheckAsync(jurisdiction, db, ByName, new FieldErrors(), ct);
        if (list.Problem is { } problem) return problem;
        var (path, page) = list.Value;
        var rows = db.Users.AsNoTracking().Where(u => db.Regions.Any(r => r.Code == u.RegionCode && r.Path.StartsWith(path)));
        if (query.Search is { } s) rows = rows.Where(u => u.UserName!.Contains(s) || u.DisplayName.Contains(s) || (u.Unit != null && u.Unit.Contains(s)));
        return await ByName.PageAsync(rows, page, async (found, token) =>
        {
            var codes = found.Select(u => u.RegionCode).Distinct().ToList();
            var regionNames = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, token);
            var roleNames = await RolesOfAsync(found.Select(u => u.Id).ToList(), token);
            return (IReadOnlyList<UserDto>)found.Select(u => ToDto(u, regionNames.GetValueOrDefault(u.RegionCode), roleNames.GetValueOrDefault(u.Id, []))).ToList();
        }, ct);
    }

    public async Task<Outcome<UserDto>> GetAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, string userName, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var found = await FindAsync(jurisdiction, userName, ct);
        if (found.Problem is { } problem) return problem;
        return await DtoAsync(found.Value!.User, ct);
    }

    /// <summary>Creates a user with a one-time password, shown once, that must be changed at the first sign-in.</summary>
    public async Task<Outcome<IssuedPassword>> CreateAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, NewUser request, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var errors = new FieldErrors();
        var userName = request.UserName?.Trim();
        if (string.IsNullOrEmpty(userName)) errors.Add("userName", Messages.Required(new("用户名", "the user name")));
        else if (userName.Length is < 2 or > Limits.NameCharacters || userName.Any(c => !UserNameCharacters.Contains(c))) errors.Add("userName", Messages.UserNameForm(Limits.NameCharacters));
        var fields = await CheckFieldsAsync(errors, jurisdiction, request.DisplayName, request.Unit, request.Phone, request.Region, request.Roles, ct);
        if (fields.Problem is { } problem) return problem;
        if (await users.FindByNameAsync(userName!) is not null) return Problem.Conflict("user-name-taken", Messages.UserNameNotAvailable(userName!));

        var (region, display, unit, phone, wanted) = fields.Value!;
        var user = new AppUser { UserName = userName, DisplayName = display, RegionCode = region.Code, Unit = unit, PhoneNumber = phone, LockoutEnabled = true };
        var password = await AddAsync(user, wanted, region.Path, actor.UserName(), ct);
        return new IssuedPassword(await DtoAsync(user, ct), password);
    }

    /// <summary>
    /// <c>epicommand init</c>'s first administrator, of the whole installation: created when no administrator works for
    /// <paramref name="regionCode"/> or above it; null (nothing done) otherwise.
    /// </summary>
    public async Task<IssuedPassword?> CreateFirstAdministratorAsync(string userName, string displayName, string regionCode, string actor, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == regionCode, ct);
        if ((await ActiveAdministratorPathsAsync(null, ct)).Any(p => region.Path.StartsWith(p, StringComparison.Ordinal))) return null;
        if (await users.FindByNameAsync(userName) is not null) throw new InvalidOperationException($"the user name '{userName}' is taken by a user who is not an active administrator of {regionCode}");
        var user = new AppUser { UserName = userName, DisplayName = displayName, RegionCode = region.Code, LockoutEnabled = true };
        var password = await AddAsync(user, [Roles.Admin], region.Path, actor, ct);
        return new IssuedPassword(await DtoAsync(user, ct), password);
    }

    /// <summary>Changes a user's display name, unit, phone, region and roles (all given, as the form shows them).</summary>
    public async Task<Outcome<UserDto>> UpdateAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, string userName, UserChange request, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var found = await FindAsync(jurisdiction, userName, ct);
        if (found.Problem is { } notFound) return notFound;
        var (user, oldPath) = found.Value!;
        var fields = await CheckFieldsAsync(new FieldErrors(), jurisdiction, request.DisplayName, request.Unit, request.Phone, request.Region, request.Roles, ct);
        if (fields.Problem is { } problem) return problem;
        var (region, display, unit, phone, wanted) = fields.Value!;
        var current = await users.GetRolesAsync(user);
        var wasAdmin = !user.Disabled && current.Contains(Roles.Admin);
        var staysAdminThere = wanted.Contains(Roles.Admin) && oldPath.StartsWith(region.Path, StringComparison.Ordinal);
        if (wasAdmin && !staysAdminThere && !await AnotherAdministratorCoversAsync(user, oldPath, ct)) return Problem.Rule("last-administrator", Messages.LastAdministrator);

        var before = new { user.DisplayName, user.Unit, Phone = user.PhoneNumber, Region = user.RegionCode, Roles = current.Order(StringComparer.Ordinal).ToList() };
        var after = new { DisplayName = display, Unit = unit, Phone = phone, Region = region.Code, Roles = wanted.Order(StringComparer.Ordinal).ToList() };
        if (before.DisplayName == after.DisplayName && before.Unit == after.Unit && before.Phone == after.Phone && before.Region == after.Region && before.Roles.SequenceEqual(after.Roles))
        {
            return await DtoAsync(user, ct);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.DisplayName = display;
        user.Unit = unit;
        user.PhoneNumber = phone;
        user.RegionCode = region.Code;
        Check(await users.UpdateAsync(user));
        // The account's person changes with it (an account made before people existed gets its person now).
        var person = await db.People.FirstOrDefaultAsync(p => p.UserId == user.Id, ct);
        if (person is null) db.People.Add(person = new Data.People.Person { RegionCode = region.Code, RegionPath = region.Path, Name = display, UserId = user.Id, CreatedAt = clock.GetUtcNow() });
        (person.RegionCode, person.RegionPath, person.Name, person.Unit, person.Phone) = (region.Code, region.Path, display, unit, phone);
        person.Version++;
        var removed = current.Except(wanted).ToList();
        var added = wanted.Except(current).ToList();
        if (removed.Count > 0) Check(await users.RemoveFromRolesAsync(user, removed));
        if (added.Count > 0) Check(await users.AddToRolesAsync(user, added));
        // Sessions open with the old rights end at their next check; the user signs in again with the new ones.
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditLog.SaveChangesAsync(db, actor.UserName(), clock.GetUtcNow(), () => [Audit("user.changed", user, new { before, after }, region.Path)], ct);
        await transaction.CommitAsync(ct);
        return await DtoAsync(user, ct);
    }

    /// <summary>Disables or enables a user; the last active administrator over a region, and one's own account, cannot be disabled.</summary>
    public async Task<Outcome<UserDto>> SetDisabledAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, string userName, bool disabled, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var found = await FindAsync(jurisdiction, userName, ct);
        if (found.Problem is { } notFound) return notFound;
        var (user, path) = found.Value!;
        if (disabled && string.Equals(user.UserName, actor.UserName(), StringComparison.Ordinal)) return Problem.Rule("own-account", Messages.CannotDisableSelf);
        if (user.Disabled == disabled) return Problem.Conflict(disabled ? "user-disabled" : "user-enabled", disabled ? Messages.UserAlreadyDisabled(user.UserName!) : Messages.UserAlreadyEnabled(user.UserName!));
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && !await AnotherAdministratorCoversAsync(user, path, ct)) return Problem.Rule("last-administrator", Messages.LastAdministrator);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional, so that of two administrators pressing at once one changes it and the other is told.
        var changed = await db.Users.Where(u => u.Id == user.Id && u.Disabled != disabled).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, disabled), ct);
        if (changed == 0) return Problem.Conflict(disabled ? "user-disabled" : "user-enabled", disabled ? Messages.UserAlreadyDisabled(user.UserName!) : Messages.UserAlreadyEnabled(user.UserName!));
        await db.Entry(user).ReloadAsync(ct);
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditLog.SaveChangesAsync(db, actor.UserName(), clock.GetUtcNow(), () => [Audit(disabled ? "user.disabled" : "user.enabled", user, new { }, path)], ct);
        await transaction.CommitAsync(ct);
        return await DtoAsync(user, ct);
    }

    /// <summary>Gives a user a new one-time password, shown once; their open sessions end and they must change it at sign-in.</summary>
    public async Task<Outcome<IssuedPassword>> ResetPasswordAsync(ClaimsPrincipal actor, Jurisdiction jurisdiction, string userName, CancellationToken ct)
    {
        if (!IsAdmin(actor)) return Problem.Forbidden("users-admin-only", Messages.UsersAdminOnly);
        var found = await FindAsync(jurisdiction, userName, ct);
        if (found.Problem is { } notFound) return notFound;
        var (user, path) = found.Value!;
        var password = NewPassword();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.MustChangePassword = true;
        // A reset is what a user who lost their phone (and recovery codes) asks for: they enrol an authenticator again after the change.
        var hadTwoFactor = user.TwoFactorEnabled;
        if (hadTwoFactor) await twoFactor.ClearAsync(user);
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditLog.SaveChangesAsync(db, actor.UserName(), clock.GetUtcNow(), () => [Audit("user.password-reset", user, new { twoFactorRemoved = hadTwoFactor }, path)], ct);
        await transaction.CommitAsync(ct);
        return new IssuedPassword(await DtoAsync(user, ct), password);
    }

    /// <summary>The signed-in user changes their own password (and so clears a one-time password's forced change).</summary>
    public async Task<Outcome<AppUser>> ChangeOwnPasswordAsync(ClaimsPrincipal principal, string? currentPassword, string? newPassword, string? confirmation, CancellationToken ct)
    {
        if (await users.GetUserAsync(principal) is not { Disabled: false } user) return Problem.Forbidden("not-signed-in", Messages.NotSignedIn);
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(currentPassword)) errors.Add("currentPassword", Messages.Required(new("当前密码", "the current password")));
        if (string.IsNullOrEmpty(newPassword)) errors.Add("newPassword", Messages.Required(new("新密码", "the new password")));
        else
        {
            if (newPassword == currentPassword) errors.Add("newPassword", Messages.PasswordUnchanged);
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, newPassword);
                if (!result.Succeeded)
                {
                    // No reuse of the last passwords (issue 18) is its own message; every other failure is the policy's length and kinds.
                    errors.Add("newPassword", result.Errors.Any(e => e.Code == PasswordHistoryValidator.Code)
                        ? Messages.PasswordReused(policy.Value.PasswordHistory)
                        : Messages.PasswordPolicy(users.Options.Password.RequiredLength));
                    break;
                }
            }
            if (confirmation is not null && confirmation != newPassword) errors.Add("confirmation", Messages.PasswordConfirmationDiffers);
        }
        if (errors.Problem is { } invalid) return invalid;
        if (!await users.CheckPasswordAsync(user, currentPassword!)) return Problem.Invalid("currentPassword", Messages.CurrentPasswordWrong);

        var path = await db.Regions.Where(r => r.Code == user.RegionCode).Select(r => r.Path).FirstAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.MustChangePassword = false;
        Check(await users.ChangePasswordAsync(user, currentPassword!, newPassword!));
        await AuditLog.SaveChangesAsync(db, user.UserName!, clock.GetUtcNow(), () => [Audit("user.password-changed", user, new { }, path)], ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>The units a user of a region may work in: the member units and working groups of that region and of the regions above it.</summary>
    public Task<List<string>> UnitsForAsync(string regionPath, CancellationToken ct) => People.PeopleService.UnitsForAsync(db, regionPath, ct);

    /// <summary>A one-time password of 16 characters with every class Identity's policy asks for, from the system's random source.</summary>
    public static string NewPassword()
    {
        // No look-alikes (0/O, 1/l/I): the password is read off a screen and typed.
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "#%+=@!?";
        var all = upper + lower + digits + symbols;
        char[] chars = [.. RandomNumberGenerator.GetItems<char>(upper, 1), .. RandomNumberGenerator.GetItems<char>(lower, 1),
            .. RandomNumberGenerator.GetItems<char>(digits, 1), .. RandomNumberGenerator.GetItems<char>(symbols, 1), .. RandomNumberGenerator.GetItems<char>(all, 12)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    private async Task<string> AddAsync(AppUser user, IReadOnlyCollection<string> roleNames, string regionPath, string actor, CancellationToken ct)
    {
        var password = NewPassword();
        user.MustChangePassword = true;
        // Within the import's transaction when there is one, so that a later refused row takes this user back too.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var role in roleNames)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roleNames));
        // The account's person: the directory, rosters and duty lists find the user there (one person model, requirements A3).
        db.People.Add(new Data.People.Person
        {
            RegionCode = user.RegionCode, RegionPath = regionPath, Name = user.DisplayName, Unit = user.Unit, Phone = user.PhoneNumber, UserId = user.Id, CreatedAt = clock.GetUtcNow(),
        });
        await AuditLog.SaveChangesAsync(db, actor, clock.GetUtcNow(), () =>
            [Audit("user.created", user, new { user.DisplayName, Region = user.RegionCode, user.Unit, Phone = user.PhoneNumber, Roles = roleNames.Order(StringComparer.Ordinal) }, regionPath)], ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return password;
    }

    private async Task<Outcome<(Data.Regions.Region Region, string Display, string? Unit, string? Phone, IReadOnlyCollection<string> Roles)>> CheckFieldsAsync(
        FieldErrors errors, Jurisdiction jurisdiction, string? displayName, string? unit, string? phone, string? regionCode, IReadOnlyList<string?>? roleNames, CancellationToken ct)
    {
        var display = errors.Text("displayName", displayName, Limits.NameCharacters, Messages.Required(new("姓名", "the display name")));
        var unitName = errors.Text("unit", unit, Limits.LineCharacters);
        var phoneNumber = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (phoneNumber is not null && !PersonFields.Phone().IsMatch(phoneNumber)) errors.Add("phone", Messages.NotAPhone(phoneNumber));
        var wanted = new List<string>();
        if (roleNames is not { Count: > 0 }) errors.Add("roles", Messages.RolesRequired);
        else
        {
            for (var i = 0; i < roleNames.Count; i++)
            {
                if (Roles.All.FirstOrDefault(r => string.Equals(r, roleNames[i]?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } role) wanted.Add(role);
                else errors.Add($"roles[{i}]", Messages.OneOf(roleNames[i] ?? "", string.Join(", ", Roles.All)));
            }
        }
        var region = await jurisdiction.RegionAsync(db, regionCode, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (region.Value is { } r && unitName is not null && !(await UnitsForAsync(r.Path, ct)).Contains(unitName))
        {
            errors.Add("unit", Messages.NoSuchUnit(unitName, r.Name));
        }
        if (errors.Problem is { } invalid) return invalid;
        return (region.Value!, display!, unitName, phoneNumber, wanted.Distinct().ToList());
    }

    /// <summary>A user of the jurisdiction; one outside it is not found, as if it did not exist.</summary>
    private async Task<Outcome<(AppUser User, string Path)>> FindAsync(Jurisdiction jurisdiction, string userName, CancellationToken ct)
    {
        var found = await (from u in db.Users
                           join r in db.Regions on u.RegionCode equals r.Code
                           where u.UserName == userName && r.Path.StartsWith(jurisdiction.Path)
                           select new { User = u, r.Path }).FirstOrDefaultAsync(ct);
        return found is null ? Problem.NotFound("user-not-found", Messages.NoSuchUser(userName)) : (found.User, found.Path);
    }

    /// <summary>Whether an active administrator other than <paramref name="user"/> works for <paramref name="path"/> or above it, so someone can still manage it.</summary>
    private async Task<bool> AnotherAdministratorCoversAsync(AppUser user, string path, CancellationToken ct) =>
        (await ActiveAdministratorPathsAsync(user.Id, ct)).Any(p => path.StartsWith(p, StringComparison.Ordinal));

    private Task<List<string>> ActiveAdministratorPathsAsync(string? except, CancellationToken ct) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join role in db.Roles on ur.RoleId equals role.Id
         join r in db.Regions on u.RegionCode equals r.Code
         where role.Name == Roles.Admin && !u.Disabled && u.Id != except
         select r.Path).ToListAsync(ct);

    private async Task<Dictionary<string, List<string>>> RolesOfAsync(List<string> ids, CancellationToken ct) =>
        (await (from ur in db.UserRoles
                join role in db.Roles on ur.RoleId equals role.Id
                where ids.Contains(ur.UserId)
                select new { ur.UserId, role.Name }).ToListAsync(ct))
            .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order(StringComparer.Ordinal).ToList());

    private async Task<UserDto> DtoAsync(AppUser user, CancellationToken ct)
    {
        var regionName = await db.Regions.Where(r => r.Code == user.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var roleNames = await RolesOfAsync([user.Id], ct);
        return ToDto(user, regionName, roleNames.GetValueOrDefault(user.Id, []));
    }

    private static UserDto ToDto(AppUser u, string? regionName, IReadOnlyList<string> roleNames) =>
        new(u.UserName!, u.DisplayName, u.RegionCode, regionName, u.Unit, u.PhoneNumber, roleNames, u.Disabled, u.MustChangePassword, u.TwoFactorEnabled);

    private static AuditRecord Audit(string action, AppUser user, object data, string regionPath) => new(action, "user", user.UserName!, data, regionPath);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
