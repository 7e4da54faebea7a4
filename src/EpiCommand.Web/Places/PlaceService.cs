using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Places;

public sealed record NewPlace(string? Region, string? Name, string? Kind, string? Status, string? Note);

/// <summary>A place's new state; <see cref="Version"/>, when given, must be the version the client saw.</summary>
public sealed record PlaceChange(int? Version, string? Status, string? Note);

public sealed record NewCheckpoint(string? Region, string? Name, string? Location, int? Staff);

/// <summary>A checkpoint's counts of a China day (today when not given); a second report of the day replaces the first.</summary>
public sealed record CheckpointCounts(DateOnly? Day, int? Vehicles, int? People, int? TurnedBack, int? Staff);

/// <summary>
/// Public places and gatherings by response level, and checkpoints (requirements E3; 001 §5.2.11, §5.3.3, §5.4.3; 004 §九(二)–(四),
/// §九(二)7). Headquarters keep the register of places with the state each is in; beside it the state the response in force
/// asks for, read from the plan (<c>publicPlaces</c>, <see cref="PlaceRules.Required"/>). Checkpoints report their daily counts.
/// </summary>
public sealed class PlaceService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    private const int MaxCount = 1_000_000;
    private const int MaxStaff = 10_000;

    /// <summary>A checkpoint's counts may be corrected this many days back.</summary>
    public const int CorrectableDays = 7;

    private Plan Plan => facts.Plan;

    public async Task<Outcome<PublicPlace>> RegisterAsync(NewPlace request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("places-not-allowed", Messages.PlacesHeadquartersOnly);
        var errors = new FieldErrors();
        var region = await CountyOrBelowAsync(jurisdiction, request.Region, errors, ct);
        if (region.Problem is { } forbidden) return forbidden;
        var name = errors.Text("name", request.Name, Limits.LineCharacters, Messages.Required(new("场所名称", "the name")));
        if (request.Kind is null || !PlaceRules.Kinds.ContainsKey(request.Kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", string.Join(", ", PlaceRules.Kinds.Keys)));
        var status = Status(errors, request.Status ?? "open");
        var note = errors.Text("note", request.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (await db.PublicPlaces.AnyAsync(p => p.RegionCode == region.Value!.Code && p.Name == name, ct)) return Problem.Conflict("place-registered", Messages.PlaceRegistered(name!));
        var now = clock.GetUtcNow();
        var place = new PublicPlace
        {
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, Name = name!, Kind = request.Kind!, Status = status!.Value, Note = note,
            ChangedBy = user.UserName(), ChangedAt = now,
        };
        db.PublicPlaces.Add(place);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("place.registered", "place", place.Id, place.RegionPath, new { place.Name, place.Kind, place.Status })], ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("place-registered", Messages.PlaceRegistered(name!));
        }
        return place;
    }

    /// <summary>Opens, limits or closes a place, with a note (e.g. the notice that closed it).</summary>
    public async Task<Outcome<PublicPlace>> ChangeAsync(long id, PlaceChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var place = await jurisdiction.Scope(db.PublicPlaces).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (place is null) return Problem.NotFound("no-such-place", Messages.NoSuchPlace(id));
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("places-not-allowed", Messages.PlacesHeadquartersOnly);
        var errors = new FieldErrors();
        if (change.Status is null) errors.Add("status", Messages.Required(new("状态", "the status")));
        var status = change.Status is null ? null : Status(errors, change.Status);
        var note = errors.Text("note", change.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (change.Version is { } seen && seen != place.Version) return Problem.Conflict("place-changed", Messages.PlaceChanged(id));
        var previous = place.Status;
        var now = clock.GetUtcNow();
        (place.Status, place.Note, place.ChangedBy, place.ChangedAt) = (status!.Value, note, user.UserName(), now);
        place.Version++;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, Audit("place.status", "place", place.Id, place.RegionPath, new { from = previous, to = place.Status, note }), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("place-changed", Messages.PlaceChanged(id));
        }
        return place;
    }

    public async Task<Outcome<Checkpoint>> RegisterCheckpointAsync(NewCheckpoint request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("places-not-allowed", Messages.PlacesHeadquartersOnly);
        var errors = new FieldErrors();
        var region = await CountyOrBelowAsync(jurisdiction, request.Region, errors, ct);
        if (region.Problem is { } forbidden) return forbidden;
        var name = errors.Text("name", request.Name, Limits.LineCharacters, Messages.Required(new("卡口名称", "the name")));
        var location = errors.Text("location", request.Location, Limits.LineCharacters);
        if (request.Staff is null or < 0 or > MaxStaff) errors.Add("staff", Messages.CountRange(0, MaxStaff));
        if (errors.Problem is { } invalid) return invalid;
        if (await db.Checkpoints.AnyAsync(c => c.RegionCode == region.Value!.Code && c.Name == name, ct)) return Problem.Conflict("checkpoint-registered", Messages.PlaceRegistered(name!));
        var now = clock.GetUtcNow();
        var checkpoint = new Checkpoint
        {
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, Name = name!, Location = location, Staff = request.Staff!.Value,
            CreatedBy = user.UserName(), CreatedAt = now,
        };
        db.Checkpoints.Add(checkpoint);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("checkpoint.registered", "checkpoint", checkpoint.Id, checkpoint.RegionPath, new { checkpoint.Name, checkpoint.Location, checkpoint.Staff })], ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("checkpoint-registered", Messages.PlaceRegistered(name!));
        }
        return checkpoint;
    }

    /// <summary>
    /// A day's counts (004 §九(二)7): vehicles and people checked, people turned back, staff on duty (the checkpoint's staffing
    /// follows it). Today or up to <see cref="CorrectableDays"/> days back; a second report of a day replaces the first.
    /// </summary>
    public async Task<Outcome<Checkpoint>> RecordDayAsync(long id, CheckpointCounts counts, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var checkpoint = await jurisdiction.Scope(db.Checkpoints).Include(c => c.Days).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (checkpoint is null) return Problem.NotFound("no-such-checkpoint", Messages.NoSuchCheckpoint(id));
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("places-not-allowed", Messages.PlacesHeadquartersOnly);
        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var day = counts.Day ?? today;
        if (day > today) errors.Add("day", Messages.InFuture);
        else if (day < today.AddDays(-CorrectableDays)) errors.Add("day", Messages.CheckpointDayTooOld(CorrectableDays));
        foreach (var (path, value) in new[] { ("vehicles", counts.Vehicles), ("people", counts.People), ("turnedBack", counts.TurnedBack) })
        {
            if (value is null or < 0 or > MaxCount) errors.Add(path, Messages.CountRange(0, MaxCount));
        }
        if (counts.Staff is < 0 or > MaxStaff) errors.Add("staff", Messages.CountRange(0, MaxStaff));
        if (!errors.Has("turnedBack") && !errors.Has("people") && counts.TurnedBack > counts.People) errors.Add("turnedBack", Messages.TurnedBackExceedsPeople);
        if (errors.Problem is { } invalid) return invalid;

        var record = checkpoint.Days.FirstOrDefault(d => d.Day == day);
        var replaced = record is not null;
        if (record is null)
        {
            record = new CheckpointDay { CheckpointId = id, Day = day, RecordedBy = user.UserName() };
            checkpoint.Days.Add(record);
        }
        (record.Vehicles, record.People, record.TurnedBack, record.Staff, record.RecordedBy, record.RecordedAt) =
            (counts.Vehicles!.Value, counts.People!.Value, counts.TurnedBack!.Value, counts.Staff ?? checkpoint.Staff, user.UserName(), now);
        if (counts.Staff is { } staff && day == today) checkpoint.Staff = staff;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now,
                Audit("checkpoint.counted", "checkpoint", id, checkpoint.RegionPath, new { day, record.Vehicles, record.People, record.TurnedBack, record.Staff, replaced }), ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("checkpoint-counted", Messages.CheckpointCountedMeanwhile(day));
        }
        return checkpoint;
    }

    /// <summary>
    /// The response level in force for each region path: the most severe of the responses of the region and the regions above
    /// it (a county under the city's III is under III, 001 §5.3.1).
    /// </summary>
    public static async Task<Func<string, string?>> LevelsAsync(AppDbContext db, Plan plan, IEnumerable<string> paths, CancellationToken ct)
    {
        var codes = paths.SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var inForce = await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && codes.Contains(a.RegionCode)).Select(a => new { a.RegionCode, a.Level }).ToListAsync(ct);
        return path =>
        {
            var above = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return inForce.Where(a => above.Contains(a.RegionCode)).Select(a => a.Level)
                .OrderByDescending(l => l, Comparer<string>.Create((a, b) => ResponseRules.Compare(plan, a, b))).FirstOrDefault();
        };
    }

    /// <summary>A county, township or community of the jurisdiction (places are registered where their county's headquarters runs them); 403 outside it, else errors collected.</summary>
    private async Task<Outcome<Region?>> CountyOrBelowAsync(Jurisdiction jurisdiction, string? code, FieldErrors errors, CancellationToken ct)
    {
        var region = await jurisdiction.RegionAsync(db, code, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (region.Value is { Level: < RegionLevel.County } above) errors.Add("region", Messages.PlaceInCounty(above.Name));
        return region.Value;
    }

    private static PlaceStatus? Status(FieldErrors errors, string text)
    {
        if (EnumNames.TryParse<PlaceStatus>(text, out var status)) return status;
        errors.Add("status", Messages.OneOf(text, EnumNames.List<PlaceStatus>()));
        return null;
    }

    private static AuditRecord Audit(string action, string subject, long id, string path, object data) => new(action, subject, id.ToString(CultureInfo.InvariantCulture), data, path);
}
