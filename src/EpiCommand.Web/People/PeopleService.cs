using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.People;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.People;

/// <summary>
/// The people of the organisation (requirements A3; 001 §2.2.2): one record per person — accounts (<see cref="Users.UserService"/>
/// writes a user's person with the account), team rosters, the directory and the on-duty lists point to it. The headquarters and
/// administrators of a jurisdiction keep its people and its duty roster; everyone signed in may look a colleague up.
/// </summary>
public sealed class PeopleService(AppDbContext db, TimeProvider clock)
{
    /// <summary>People by name, then id: the directory's order.</summary>
    public static readonly Keyset<Person> ByName = Keyset<Person>.By(p => p.Name, p => p.Id);

    /// <summary>A day's roster by unit, then id.</summary>
    public static readonly Keyset<DutyAssignment> ByUnit = Keyset<DutyAssignment>.By(d => d.Unit, d => d.Id);

    public static readonly ListShape<Person, NoStatus> Shape = new(null, null, p => p.Name, p => p.Unit!, p => p.Phone!);
    public static readonly ListShape<DutyAssignment, NoStatus> DutyShape = new(null, null, d => d.Unit);

    public static bool MayManage(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    public async Task<Page<PersonDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, string? unit, PageRequest page, CancellationToken ct)
    {
        var query = Shape.Apply(db.People.AsNoTracking(), jurisdiction, filter);
        if (!string.IsNullOrWhiteSpace(unit)) query = query.Where(p => p.Unit == unit.Trim());
        return await ByName.PageAsync(query, page, (rows, token) => DtosAsync(rows, token), ct);
    }

    public async Task<Outcome<PersonDto>> GetAsync(int id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var person = await jurisdiction.Scope(db.People.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return Problem.NotFound("no-such-person", Messages.NoSuchPerson(id));
        return (await DtosAsync([person], ct))[0];
    }

    public async Task<Outcome<PersonDto>> CreateAsync(NewPerson request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("people-not-allowed", Messages.PeopleManagersOnly);
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        var fields = await CheckAsync(errors, request.Name, request.Unit, request.Position, request.Phone, region.Value?.Path, region.Value?.Name, ct);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var person = new Person
        {
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, Name = fields.Name!, Unit = fields.Unit, Position = fields.Position, Phone = fields.Phone,
            Liaison = request.Liaison, CreatedAt = now,
        };
        db.People.Add(person);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("person.created", person, new { person.Name, person.Unit, person.Position, person.Liaison })], ct);
        return (await DtosAsync([person], ct))[0];
    }

    public async Task<Outcome<PersonDto>> UpdateAsync(int id, PersonChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("people-not-allowed", Messages.PeopleManagersOnly);
        var person = await jurisdiction.Scope(db.People).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return Problem.NotFound("no-such-person", Messages.NoSuchPerson(id));
        var regionName = await db.Regions.Where(r => r.Code == person.RegionCode).Select(r => r.Name).FirstAsync(ct);
        var errors = new FieldErrors();
        var fields = await CheckAsync(errors, change.Name, change.Unit, change.Position, change.Phone, person.RegionPath, regionName, ct);
        if (errors.Problem is { } invalid) return invalid;
        if (change.Version != person.Version) return Problem.Conflict("person-changed", Messages.PersonChangedMeanwhile(person.Name));

        var before = new { person.Name, person.Unit, person.Position, person.Phone, person.Liaison };
        person.Name = fields.Name!;
        person.Unit = fields.Unit;
        person.Position = fields.Position;
        person.Phone = fields.Phone;
        person.Liaison = change.Liaison;
        person.Version++;
        // A person with an account: the account shows the same name, unit and phone (its sign-in copy of them).
        if (person.UserId is { } userId && await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) is { } account)
        {
            account.DisplayName = person.Name;
            account.Unit = person.Unit;
            account.PhoneNumber = person.Phone;
        }
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), () =>
                [Audit("person.changed", person, new { before, after = new { person.Name, person.Unit, person.Position, person.Phone, person.Liaison } })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("person-changed", Messages.PersonChangedMeanwhile(before.Name));
        }
        return (await DtosAsync([person], ct))[0];
    }

    /// <summary>Who is on duty on <paramref name="day"/> (today in China when not given), by unit.</summary>
    public async Task<Page<DutyDto>> DutyAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, DateOnly? day, PageRequest page, CancellationToken ct)
    {
        var on = day ?? ChinaTime.DayOf(clock.GetUtcNow());
        var query = DutyShape.Apply(db.DutyAssignments.AsNoTracking(), jurisdiction, filter).Where(d => d.Day == on).Include(d => d.Person);
        return await ByUnit.PageAsync(query, page, (rows, token) => DutyDtosAsync(rows, token), ct);
    }

    public async Task<Outcome<DutyDto>> AssignDutyAsync(NewDuty request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("people-not-allowed", Messages.PeopleManagersOnly);
        var errors = new FieldErrors();
        var role = errors.Text("role", request.Role, Limits.NameCharacters);
        var person = request.PersonId is { } pid ? await jurisdiction.Scope(db.People).FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (request.PersonId is null) errors.Add("personId", Messages.Required(new("人员", "the person")));
        else if (person is null) errors.Add("personId", Messages.NoSuchPerson(request.PersonId.Value));
        if (request.Day is null) errors.Add("day", Messages.Required(new("日期", "the day")));
        var unit = string.IsNullOrWhiteSpace(request.Unit) ? person?.Unit : request.Unit.Trim();
        if (unit is null) errors.Add("unit", Messages.Required(new("单位", "the unit")));
        else if (person is not null)
        {
            var regionName = await db.Regions.Where(r => r.Code == person.RegionCode).Select(r => r.Name).FirstAsync(ct);
            if (!(await UnitsForAsync(db, person.RegionPath, ct)).Contains(unit)) errors.Add("unit", Messages.NoSuchUnit(unit, regionName));
        }
        if (errors.Problem is { } invalid) return invalid;
        if (await db.DutyAssignments.AnyAsync(d => d.RegionCode == person!.RegionCode && d.Unit == unit && d.Day == request.Day && d.PersonId == person.Id, ct))
        {
            return Problem.Conflict("already-on-duty", Messages.AlreadyOnDuty(person!.Name, request.Day!.Value));
        }

        var now = clock.GetUtcNow();
        var duty = new DutyAssignment
        {
            RegionCode = person!.RegionCode, RegionPath = person.RegionPath, Unit = unit!, Day = request.Day!.Value, PersonId = person.Id, Person = person, Role = role,
            AssignedBy = user.UserName(), AssignedAt = now,
        };
        db.DutyAssignments.Add(duty);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("duty.assigned", "duty", duty.Id.ToString(CultureInfo.InvariantCulture), new { duty.Unit, duty.Day, person = person.Name, duty.Role }, duty.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // The same assignment made at the same moment by someone else (the unique index): the roster has it once.
            db.ChangeTracker.Clear();
            return Problem.Conflict("already-on-duty", Messages.AlreadyOnDuty(person.Name, duty.Day));
        }
        return (await DutyDtosAsync([duty], ct))[0];
    }

    public async Task<Outcome<bool>> RemoveDutyAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("people-not-allowed", Messages.PeopleManagersOnly);
        var duty = await jurisdiction.Scope(db.DutyAssignments).Include(d => d.Person).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (duty is null) return Problem.NotFound("no-such-duty", Messages.NoSuchDuty(id));
        db.DutyAssignments.Remove(duty);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), () =>
                [new AuditRecord("duty.removed", "duty", id.ToString(CultureInfo.InvariantCulture), new { duty.Unit, duty.Day, person = duty.Person?.Name }, duty.RegionPath)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed by someone else meanwhile.
            db.ChangeTracker.Clear();
            return Problem.NotFound("no-such-duty", Messages.NoSuchDuty(id));
        }
        return true;
    }

    /// <summary>The units a person of a region may belong to: the member units, working groups and headquarters offices of that region and the regions above it.</summary>
    public static async Task<List<string>> UnitsForAsync(AppDbContext db, string regionPath, CancellationToken ct)
    {
        var codes = regionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var units = await db.MemberUnits.AsNoTracking().Where(u => codes.Contains(u.RegionCode)).OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync(ct);
        var groups = await db.WorkingGroups.AsNoTracking().Where(g => codes.Contains(g.RegionCode)).OrderBy(g => g.SortOrder).Select(g => g.Name).ToListAsync(ct);
        var offices = await db.Headquarters.AsNoTracking().Where(h => codes.Contains(h.RegionCode) && h.OfficeName != null).Select(h => h.OfficeName!).ToListAsync(ct);
        return [.. units.Concat(groups).Concat(offices).Distinct(StringComparer.Ordinal)];
    }

    private async Task<(string? Name, string? Unit, string? Position, string? Phone)> CheckAsync(FieldErrors errors, string? name, string? unit, string? position, string? phone,
        string? regionPath, string? regionName, CancellationToken ct)
    {
        var checkedName = errors.Text("name", name, Limits.NameCharacters, Messages.PersonNameRequired);
        var checkedUnit = errors.Text("unit", unit, Limits.LineCharacters);
        var checkedPosition = errors.Text("position", position, Limits.LineCharacters);
        var checkedPhone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (checkedPhone is not null && !PersonFields.Phone().IsMatch(checkedPhone)) errors.Add("phone", Messages.NotAPhone(checkedPhone));
        if (checkedUnit is not null && regionPath is not null && !(await UnitsForAsync(db, regionPath, ct)).Contains(checkedUnit))
        {
            errors.Add("unit", Messages.NoSuchUnit(checkedUnit, regionName ?? ""));
        }
        return (checkedName, checkedUnit, checkedPosition, checkedPhone);
    }

    private async Task<IReadOnlyList<PersonDto>> DtosAsync(IReadOnlyList<Person> people, CancellationToken ct)
    {
        var codes = people.Select(p => p.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var userIds = people.Where(p => p.UserId != null).Select(p => p.UserId!).ToList();
        var accounts = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        var ids = people.Select(p => p.Id).ToList();
        var today = ChinaTime.DayOf(clock.GetUtcNow());
        var onDuty = await db.DutyAssignments.AsNoTracking().Where(d => d.Day == today && ids.Contains(d.PersonId)).Select(d => d.PersonId).Distinct().ToListAsync(ct);
        return [.. people.Select(p => new PersonDto(p.Id, p.Name, p.Unit, p.Position, p.Phone, p.Liaison, p.RegionCode, names.GetValueOrDefault(p.RegionCode, p.RegionCode),
            p.UserId is null ? null : accounts.GetValueOrDefault(p.UserId), onDuty.Contains(p.Id), p.Version))];
    }

    private async Task<IReadOnlyList<DutyDto>> DutyDtosAsync(IReadOnlyList<DutyAssignment> rows, CancellationToken ct)
    {
        var codes = rows.Select(d => d.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(d => new DutyDto(d.Id, d.Day, d.Unit, d.Role, d.PersonId, d.Person?.Name ?? "", d.Person?.Phone, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode)))];
    }

    private static AuditRecord Audit(string action, Person person, object data) => new(action, "person", person.Id.ToString(CultureInfo.InvariantCulture), data, person.RegionPath);
}
