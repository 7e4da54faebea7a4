using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Support;

/// <summary>
/// Vehicles of the transport group (交通保障组, 000 §三(五)2 统筹协调运力; 001 §5.3.7 应急运输力) per depot: plate, litres a trip carries,
/// trips a day. A county's headquarters registers those of its depots, the city's those of any depot of its jurisdiction; each change
/// audited. When the depots of an allocation have vehicles, their capacity couples the items (<see cref="SupportAllocator.Coupled"/>).
/// </summary>
public sealed partial class SupportService
{
    public static readonly Keyset<SupportVehicle> NewestVehicles = Keyset<SupportVehicle>.By(v => v.CreatedAt, v => v.Id, descending: true);

    /// <summary>Most litres one trip may carry, and trips a day (a sanity bound, not a rule of the plan).</summary>
    public const int MaxVehicleCapacity = 1_000_000, MaxVehicleTrips = 24;

    public async Task<Page<VehicleDto>> ListVehiclesAsync(Jurisdiction jurisdiction, int? depotId, PageRequest page, CancellationToken ct)
    {
        var query = jurisdiction.Scope(db.SupportVehicles.AsNoTracking());
        if (depotId is { } id) query = query.Where(v => v.DepotId == id);
        return await NewestVehicles.PageAsync(query.Include(v => v.Depot), page, VehicleDtosAsync, ct);
    }

    public async Task<Outcome<VehicleDto>> AddVehicleAsync(NewVehicle input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayAsk(user)) return Problem.Forbidden("support-not-allowed", Messages.VehicleKeepersOnly);
        var errors = new FieldErrors();
        var depot = await stock.DepotAsync(errors, "depotId", input.DepotId, jurisdiction, ct);
        if (depot.Problem is { } outside) return outside;
        var plate = errors.Text("plate", input.Plate, 30, Messages.Required(new("车牌号", "the plate")));
        var driver = errors.Text("driver", input.Driver, 50);
        var phone = errors.Text("driverPhone", input.DriverPhone, 30);
        if (phone is not null && !PersonFields.Phone().IsMatch(phone)) errors.Add("driverPhone", Messages.NotAPhone(phone));
        if (input.Capacity is not { } capacity) errors.Add("capacity", Messages.Required(new("每趟运力", "the capacity per trip")));
        else if (capacity is <= 0 or > MaxVehicleCapacity) errors.Add("capacity", Messages.VehicleCapacity(MaxVehicleCapacity));
        if (input.Trips is not { } trips) errors.Add("trips", Messages.Required(new("每日趟数", "the trips a day")));
        else if (trips is <= 0 or > MaxVehicleTrips) errors.Add("trips", Messages.VehicleTrips(MaxVehicleTrips));
        if (errors.Problem is { } invalid) return invalid;
        var d = depot.Value!;
        if (await db.SupportVehicles.AnyAsync(v => v.DepotId == d.Id && v.Plate == plate, ct)) return Problem.Conflict("support-vehicle-exists", Messages.VehicleExists(plate!, d.Name));
        var now = clock.GetUtcNow();
        var by = user.UserName();
        var row = new SupportVehicle
        {
            DepotId = d.Id, RegionCode = d.RegionCode, RegionPath = d.RegionPath, Plate = plate!, Driver = driver, DriverPhone = phone, Capacity = input.Capacity!.Value,
            Trips = input.Trips!.Value, CreatedAt = now, CreatedBy = by,
        };
        db.SupportVehicles.Add(row);
        try
        {
            await AuditLog.SaveChangesAsync(db, by, now, () => [VehicleAudit("support.vehicle-added", row, new { depot = d.Id, row.Plate, row.Driver, row.Capacity, row.Trips })], ct);
        }
        catch (DbUpdateException)
        {
            // Two people registering the same plate at once: the unique index lets one in.
            db.ChangeTracker.Clear();
            return Problem.Conflict("support-vehicle-exists", Messages.VehicleExists(plate!, d.Name));
        }
        db.ChangeTracker.Clear();
        row.Depot = d;
        return (await VehicleDtosAsync([row], ct))[0];
    }

    /// <summary>Withdraws a vehicle from the register: once (a second removal finds none, 404); dispatches keep the plate they named.</summary>
    public async Task<Outcome<VehicleDto>> RemoveVehicleAsync(int id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayAsk(user)) return Problem.Forbidden("support-not-allowed", Messages.VehicleKeepersOnly);
        var row = await db.SupportVehicles.AsNoTracking().Include(v => v.Depot).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (row is null) return Problem.NotFound("support-vehicle-not-found", Messages.NoSuchVehicle(id));
        if (!jurisdiction.Covers(row)) return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(row.RegionCode));
        var dto = (await VehicleDtosAsync([row], ct))[0];
        var now = clock.GetUtcNow();
        var by = user.UserName();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.SupportVehicles.Where(v => v.Id == id).ExecuteDeleteAsync(ct) == 0) return Problem.NotFound("support-vehicle-not-found", Messages.NoSuchVehicle(id));
        await AuditLog.SaveChangesAsync(db, by, now, () => [VehicleAudit("support.vehicle-removed", row, new { depot = row.DepotId, row.Plate })], ct);
        await transaction.CommitAsync(ct);
        return dto;
    }

    private static AuditRecord VehicleAudit(string action, SupportVehicle v, object data) =>
        new(action, "support-vehicle", v.Id.ToString(CultureInfo.InvariantCulture), data, v.RegionPath);

    private async Task<IReadOnlyList<VehicleDto>> VehicleDtosAsync(IReadOnlyList<SupportVehicle> rows, CancellationToken ct)
    {
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(v => new VehicleDto(v.Id, v.DepotId, v.Depot?.Name ?? "", v.RegionCode, names.GetValueOrDefault(v.RegionCode, v.RegionCode), v.Plate, v.Driver,
            v.DriverPhone, v.Capacity, v.Trips, v.CreatedAt, v.CreatedBy))];
    }
}

/// <summary>A vehicle of a depot: <c>capacity</c> litres a trip, <c>trips</c> a day.</summary>
public sealed record VehicleDto(int Id, int DepotId, string DepotName, string RegionCode, string RegionName, string Plate, string? Driver, string? DriverPhone, int Capacity, int Trips,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>depotId: a depot of the jurisdiction; capacity: litres one trip carries (&gt; 0); trips: trips a day (1–24).</summary>
public sealed record NewVehicle(int? DepotId, string? Plate, int? Capacity, int? Trips, string? Driver = null, string? DriverPhone = null);
