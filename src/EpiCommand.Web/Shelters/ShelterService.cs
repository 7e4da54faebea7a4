using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Places;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Shelters;

public sealed record NewShelter(string? Region, string? Name, string? Address, int? Beds, int? Staff);

/// <summary>A site's new state (<c>reserve</c>, <c>prepared</c>, <c>active</c>); <see cref="Version"/>, when given, must be the version the client saw.</summary>
public sealed record ShelterChange(int? Version, string? Status);

/// <summary>Patients admitted (<c>admission</c>) or discharged (<c>discharge</c>): how many, and a note.</summary>
public sealed record ShelterMove(string? Kind, int? Count, string? Note);

/// <summary>
/// Fangcang shelter hospitals (requirements E8; 001 §5.4.4; 004 §七(十), §九(四)3): headquarters register the sites in reserve
/// (name, county, address, planned beds and staff); a site is made ready and opened to patients only under the response levels
/// the plan's <c>shelterHospitals</c> names for its region (<see cref="ShelterRules"/>). Occupancy moves by admissions and
/// discharges — each a row never changed — and never goes above the beds, however many are recorded at once.
/// </summary>
public sealed class ShelterService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    private const int MaxBeds = 100_000;
    private const int MaxStaff = 100_000;

    private Plan Plan => facts.Plan;

    /// <summary>Admissions and discharges are recorded by headquarters and by the medical and CDC staff (investigators).</summary>
    public static bool MayMove(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    public async Task<Outcome<ShelterHospital>> RegisterAsync(NewShelter request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("shelters-not-allowed", Messages.SheltersHeadquartersOnly);
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        // A site is run by its county's headquarters (004 §七(十) 区 = county; 001 §5.1.3 旗县市区).
        if (region.Value is { Level: < RegionLevel.County } above) errors.Add("region", Messages.PlaceInCounty(above.Name));
        var name = errors.Text("name", request.Name, Limits.LineCharacters, Messages.Required(new("方舱名称", "the name")));
        var address = errors.Text("address", request.Address, Limits.LineCharacters, Messages.Required(new("地址", "the address")));
        if (request.Beds is null or < 1 or > MaxBeds) errors.Add("beds", Messages.CountRange(1, MaxBeds));
        if (request.Staff is null or < 0 or > MaxStaff) errors.Add("staff", Messages.CountRange(0, MaxStaff));
        if (errors.Problem is { } invalid) return invalid;
        if (await db.ShelterHospitals.AnyAsync(s => s.RegionCode == region.Value!.Code && s.Name == name, ct)) return Problem.Conflict("shelter-registered", Messages.ShelterRegistered(name!));
        var now = clock.GetUtcNow();
        var shelter = new ShelterHospital
        {
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, Name = name!, Address = address!, Beds = request.Beds!.Value, Staff = request.Staff!.Value,
            Status = ShelterStatus.Reserve, ChangedBy = user.UserName(), ChangedAt = now,
        };
        db.ShelterHospitals.Add(shelter);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("shelter.registered", shelter.Id, shelter.RegionPath, new { shelter.Name, shelter.Address, shelter.Beds, shelter.Staff })], ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("shelter-registered", Messages.ShelterRegistered(name!));
        }
        return shelter;
    }

    /// <summary>
    /// Prepares, activates or stands a site down. Preparing asks for the plan's prepare level (001 §5.4.4: II) and activating for
    /// its activate level (I) in force over the site's region — refused with the clause otherwise; standing down (back to
    /// reserve, or from active to prepared) asks for an empty shelter.
    /// </summary>
    public async Task<Outcome<ShelterHospital>> ChangeAsync(long id, ShelterChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var shelter = await jurisdiction.Scope(db.ShelterHospitals.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (shelter is null) return Problem.NotFound("no-such-shelter", Messages.NoSuchShelter(id));
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("shelters-not-allowed", Messages.SheltersHeadquartersOnly);
        ShelterStatus target = default;
        if (change.Status is null) return Problem.Invalid("status", Messages.Required(new("状态", "the status")));
        if (!EnumNames.TryParse(change.Status, out target)) return Problem.Invalid("status", Messages.OneOf(change.Status, EnumNames.List<ShelterStatus>()));
        if (change.Version is { } seen && seen != shelter.Version) return Problem.Conflict("shelter-changed", Messages.ShelterChanged(id));
        if (target == shelter.Status) return shelter;

        var level = (await PlaceService.LevelsAsync(db, Plan, [shelter.RegionPath], ct))(shelter.RegionPath);
        // 001 §5.4.4 (prepared at II), 004 §九(四)3 (activated at I): the plan's levels, against the response covering the site.
        if (target > shelter.Status && ShelterRules.Unmet(Plan, level, target) is { } unmet)
        {
            var (step, stepEn) = target == ShelterStatus.Prepared ? ("做好启用准备", "made ready") : ("启用", "activated");
            return Problem.Rule("shelter-level", Messages.ShelterLevelUnmet(step, stepEn, Grades.Numeral(unmet.Level), unmet.Clause, level is null ? null : Grades.Numeral(level)));
        }

        var now = clock.GetUtcNow();
        var from = shelter.Status;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the state read and, when leaving active, on an empty shelter: an admission recorded meanwhile wins.
        var query = db.ShelterHospitals.Where(s => s.Id == id && s.Status == from && s.Version == shelter.Version);
        if (from == ShelterStatus.Active) query = query.Where(s => s.Occupied == 0);
        var changed = await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, target).SetProperty(x => x.Version, x => x.Version + 1)
            .SetProperty(x => x.ChangedBy, user.UserName()).SetProperty(x => x.ChangedAt, now), ct);
        if (changed == 0)
        {
            var current = await db.ShelterHospitals.AsNoTracking().FirstAsync(s => s.Id == id, ct);
            return current.Status == from && current.Occupied > 0 ? Problem.Rule("shelter-occupied", Messages.ShelterStillOccupied(current.Occupied)) : Problem.Conflict("shelter-changed", Messages.ShelterChanged(id));
        }
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, Audit("shelter.status", id, shelter.RegionPath, new { from, to = target, level }), ct);
        await transaction.CommitAsync(ct);
        return await db.ShelterHospitals.AsNoTracking().FirstAsync(s => s.Id == id, ct);
    }

    /// <summary>
    /// Records patients admitted to or discharged from an active site. The beds in use move by one conditional update, so that
    /// of admissions recorded at once only those that fit are taken; a movement is a new row, never an edit.
    /// </summary>
    public async Task<Outcome<ShelterHospital>> MoveAsync(long id, ShelterMove move, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var shelter = await jurisdiction.Scope(db.ShelterHospitals.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (shelter is null) return Problem.NotFound("no-such-shelter", Messages.NoSuchShelter(id));
        if (!MayMove(user)) return Problem.Forbidden("shelter-moves-not-allowed", Messages.ShelterMovementsNotAllowed);
        var errors = new FieldErrors();
        ShelterMovementKind kind = default;
        if (move.Kind is null) errors.Add("kind", Messages.Required(new("类别（收治或出舱）", "the kind (admission or discharge)")));
        else if (!EnumNames.TryParse(move.Kind, out kind)) errors.Add("kind", Messages.OneOf(move.Kind, EnumNames.List<ShelterMovementKind>()));
        if (move.Count is null or < 1 or > MaxBeds) errors.Add("count", Messages.CountRange(1, MaxBeds));
        var note = errors.Text("note", move.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (kind == ShelterMovementKind.Admission && shelter.Status != ShelterStatus.Active) return Problem.Rule("shelter-not-active", Messages.ShelterNotActive(shelter.Name));

        var count = move.Count!.Value;
        var delta = kind == ShelterMovementKind.Admission ? count : -count;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = kind == ShelterMovementKind.Admission
            ? await db.ShelterHospitals.Where(s => s.Id == id && s.Status == ShelterStatus.Active && s.Occupied + count <= s.Beds)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Occupied, x => x.Occupied + count), ct)
            : await db.ShelterHospitals.Where(s => s.Id == id && s.Occupied >= count)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Occupied, x => x.Occupied - count), ct);
        var after = await db.ShelterHospitals.AsNoTracking().FirstAsync(s => s.Id == id, ct);
        if (moved == 0)
        {
            if (kind == ShelterMovementKind.Discharge) return Problem.Invalid("count", Messages.ShelterDischargeTooMany(after.Occupied));
            return after.Status != ShelterStatus.Active ? Problem.Rule("shelter-not-active", Messages.ShelterNotActive(after.Name)) : Problem.Rule("shelter-full", Messages.ShelterFull(after.Beds - after.Occupied));
        }
        var movement = new ShelterMovement { ShelterId = id, Kind = kind, Count = count, OccupiedAfter = after.Occupied, Note = note, RecordedBy = user.UserName(), RecordedAt = now };
        db.ShelterMovements.Add(movement);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now,
            () => [Audit(kind == ShelterMovementKind.Admission ? "shelter.admitted" : "shelter.discharged", id, shelter.RegionPath, new { movement.Id, count, occupied = after.Occupied, delta })], ct);
        await transaction.CommitAsync(ct);
        return after;
    }

    private static AuditRecord Audit(string action, long id, string path, object data) => new(action, "shelter", id.ToString(CultureInfo.InvariantCulture), data, path);
}
