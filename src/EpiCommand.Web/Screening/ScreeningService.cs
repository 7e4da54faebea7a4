using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Zones;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Screening;

public sealed record NewHousehold(long? Zone, string? Address, int? Residents);

/// <summary>A visit's result; <see cref="Version"/>, when given, must be the version the client saw.</summary>
public sealed record HouseholdScreening(int? Version, bool? Symptomatic, string? Symptoms);

public sealed record HouseholdsImported(int Added, int AlreadyListed);

/// <summary>The household list's rows that cannot be read, by row and column (as the registers' import).</summary>
public sealed record HouseholdSheetError(int Row, string Column, string Reason);

/// <summary>
/// Active case search and door-to-door screening in control zones (requirements E3; 004 §九(一)8, 001 §5.3.4): the households
/// of a zone are listed (one at a time or from the community's sheet), each visited and recorded as screened, with whether
/// anyone had fever, respiratory or digestive symptoms in the last 14 days. A symptomatic household is flagged for the CDC
/// (a notification to the zone's investigators); the zone's coverage shows the households not yet visited ("不漏一户").
/// </summary>
public sealed class ScreeningService(AppDbContext db, TimeProvider clock, Notifier notifier)
{
    /// <summary>The sheet's columns: the address, and optionally the number of residents.</summary>
    public const string AddressColumn = "地址", ResidentsColumn = "人数";

    private const int MaxResidents = 100;
    private const int MaxSheetErrors = 100;

    /// <summary>The headquarters and the screening teams (investigators, community doctors) list and visit households.</summary>
    public static bool MayScreen(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    public async Task<Outcome<ScreeningHousehold>> AddAsync(NewHousehold request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayScreen(user)) return Problem.Forbidden("screening-not-allowed", Messages.ScreeningNotAllowed);
        var errors = new FieldErrors();
        var address = errors.Text("address", request.Address, Limits.LineCharacters, Messages.Required(new("住户地址", "the address")));
        if (request.Residents is < 1 or > MaxResidents) errors.Add("residents", Messages.ResidentsRange(MaxResidents));
        if (request.Zone is null) errors.Add("zone", Messages.Required(new("管控区域", "the zone")));
        if (errors.Problem is { } invalid) return invalid;
        var zone = await OpenZoneAsync(request.Zone!.Value, jurisdiction, ct);
        if (zone.Problem is { } refused) return refused;
        if (await db.ScreeningHouseholds.AnyAsync(h => h.ZoneId == zone.Value!.Id && h.Address == address, ct))
        {
            return Problem.Conflict("household-listed", Messages.HouseholdListed(address!));
        }
        var household = New(zone.Value!, address!, request.Residents, user.UserName(), clock.GetUtcNow());
        db.ScreeningHouseholds.Add(household);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), household.AddedAt, () => [Audit("household.listed", household, new { household.ZoneId, household.Address, household.Residents })], ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("household-listed", Messages.HouseholdListed(address!));
        }
        return household;
    }

    /// <summary>
    /// The zone's household list from a sheet (columns 地址, 人数): all or nothing; an address already listed is skipped and
    /// counted, so that the community's updated sheet can be imported again.
    /// </summary>
    public async Task<Outcome<HouseholdsImported>> ImportAsync(long zoneId, Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction,
        List<HouseholdSheetError> errors, CancellationToken ct)
    {
        if (!MayScreen(user)) return Problem.Forbidden("screening-not-allowed", Messages.ScreeningNotAllowed);
        var zone = await OpenZoneAsync(zoneId, jurisdiction, ct);
        if (zone.Problem is { } refused) return refused;
        void Error(int row, string column, Text reason)
        {
            if (errors.Count < MaxSheetErrors) errors.Add(new(row, column, reason.ToString()));
        }

        var listed = (await db.ScreeningHouseholds.Where(h => h.ZoneId == zoneId).Select(h => h.Address).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = new List<ScreeningHousehold>();
        var already = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? addressAt = null, residentsAt = null;
        var header = true;
        try
        {
            foreach (var row in SheetReader.Read(stream, format, ct))
            {
                if (header)
                {
                    header = false;
                    var names = row.Cells.Select(c => c?.Trim()).ToList();
                    addressAt = names.IndexOf(AddressColumn) is >= 0 and var a ? a : null;
                    residentsAt = names.IndexOf(ResidentsColumn) is >= 0 and var r ? r : null;
                    if (addressAt is null)
                    {
                        Error(1, AddressColumn, Messages.RegistryImportHeader(AddressColumn));
                        break;
                    }
                    continue;
                }
                if (row.IsEmpty) continue;
                string? Cell(int? at) => at is { } i && i < row.Cells.Count && row.Cells[i]?.Trim() is { Length: > 0 } text ? text : null;
                var fields = new FieldErrors();
                var address = fields.Text("address", Cell(addressAt), Limits.LineCharacters, Messages.Required(new("住户地址", "the address")));
                int? residents = null;
                if (Cell(residentsAt) is { } count)
                {
                    if (int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxResidents) residents = n;
                    else fields.Add("residents", Messages.ResidentsRange(MaxResidents));
                }
                foreach (var (path, reasons) in fields.Problem?.Errors ?? new Dictionary<string, Text[]>())
                {
                    Error(row.Number, path == "address" ? AddressColumn : ResidentsColumn, reasons[0]);
                }
                if (fields.Any) continue;
                if (!seen.Add(address!)) Error(row.Number, AddressColumn, Messages.RegistryImportDuplicate(address!));
                else if (listed.Contains(address!)) already++;
                else added.Add(New(zone.Value!, address!, residents, user.UserName(), now));
            }
        }
        catch (UnreadableSheetException unreadable)
        {
            Error(0, "file", unreadable.Reason);
        }
        if (header && errors.Count == 0) Error(0, "file", Messages.HouseholdSheetEmpty);
        if (errors.Count > 0) return Problem.Invalid("file", Messages.ImportHasErrors);
        db.ScreeningHouseholds.AddRange(added);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            [new AuditRecord("household.imported", "zone", zoneId.ToString(CultureInfo.InvariantCulture), new { added = added.Count, alreadyListed = already }, zone.Value!.RegionPath)], ct);
        return new HouseholdsImported(added.Count, already);
    }

    /// <summary>
    /// Records a visit: screened, with or without symptoms in the last 14 days (004 §九(一)8). A household may be visited again
    /// (a later visit replaces the result); one newly found symptomatic is flagged for the CDC of the zone's region.
    /// </summary>
    public async Task<Outcome<ScreeningHousehold>> ScreenAsync(long id, HouseholdScreening request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var household = await jurisdiction.Scope(db.ScreeningHouseholds).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return Problem.NotFound("no-such-household", Messages.NoSuchHousehold(id));
        if (!MayScreen(user)) return Problem.Forbidden("screening-not-allowed", Messages.ScreeningNotAllowed);
        var errors = new FieldErrors();
        if (request.Symptomatic is null) errors.Add("symptomatic", Messages.SymptomaticRequired);
        var symptoms = errors.Text("symptoms", request.Symptoms, Limits.NoteCharacters,
            request.Symptomatic == true ? Messages.Required(new("症状（如 发热、咳嗽、腹泻）", "the symptoms (e.g. fever, cough, diarrhoea)")) : null, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (request.Version is { } seen && seen != household.Version) return Problem.Conflict("household-changed", Messages.HouseholdChanged(id));
        var zone = await db.ControlZones.AsNoTracking().FirstAsync(z => z.Id == household.ZoneId, ct);
        if (zone.State == ZoneState.Lifted) return Problem.Rule("zone-lifted", Messages.ScreeningZoneLifted(zone.Name));

        var now = clock.GetUtcNow();
        var newlySymptomatic = request.Symptomatic == true && !(household.State == ScreeningState.Screened && household.Symptomatic);
        household.State = ScreeningState.Screened;
        household.Symptomatic = request.Symptomatic!.Value;
        household.Symptoms = request.Symptomatic == true ? symptoms : null;
        household.ScreenedAt = now;
        household.ScreenedBy = user.UserName();
        household.Version++;
        // 004 §九(一)8 "送医排查": the CDC of the zone's region is told, to take the household's people to be checked.
        // Addressed to the county, whose CDC does it, and to the zone's own region when that lies below the county.
        IReadOnlyList<Message> messages = [];
        if (newlySymptomatic)
        {
            var codes = household.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var regions = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && (r.Level == RegionLevel.County || r.Code == household.RegionCode)).ToListAsync(ct);
            messages = Notifier.Add(db, now, regions.Select(r => new Message(r.Code, r.Path, $"入户排查发现有症状住户：{zone.Name} {household.Address}",
                $"近14天内有症状：{household.Symptoms}。请疾控机构安排送医排查（004 §九(一)8）。", $"/screening?zone={zone.Id}", Role: Roles.Investigator)));
        }
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now,
                Audit("household.screened", household, new { household.Symptomatic, household.Symptoms }), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("household-changed", Messages.HouseholdChanged(id));
        }
        await notifier.SendAsync(db, messages, ct);
        return household;
    }

    /// <summary>A zone of the jurisdiction that is not lifted: households are listed in drafts (prepared before publishing) and in force.</summary>
    private async Task<Outcome<ControlZone>> OpenZoneAsync(long id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var zone = await jurisdiction.Scope(db.ControlZones.AsNoTracking()).FirstOrDefaultAsync(z => z.Id == id, ct);
        if (zone is null) return Problem.NotFound("no-such-zone", Messages.NoSuchZone(id));
        if (zone.State == ZoneState.Lifted) return Problem.Rule("zone-lifted", Messages.ScreeningZoneLifted(zone.Name));
        return zone;
    }

    private static ScreeningHousehold New(ControlZone zone, string address, int? residents, string user, DateTimeOffset now) => new()
    {
        ZoneId = zone.Id, RegionCode = zone.RegionCode, RegionPath = zone.RegionPath, Address = address, Residents = residents,
        State = ScreeningState.NotScreened, AddedBy = user, AddedAt = now,
    };

    private static AuditRecord Audit(string action, ScreeningHousehold household, object data) =>
        new(action, "household", household.Id.ToString(CultureInfo.InvariantCulture), data, household.RegionPath);
}
