using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

/// <param name="PlaceCode">The township or community of the county the site lies in (null when not given); <c>PlaceName</c> its name.</param>
public sealed record SamplingSiteDto(int Id, string RegionCode, string RegionName, string Name, string? PlaceCode, string? PlaceName, string? Address, string Kind,
    string Status, int Booths, int Staff, int PerDay, int Version);

/// <param name="Place">The township or community (its code, or its name within the county); optional.</param>
public sealed record SamplingSiteInput(string? Region, string? Name, string? Place, string? Address, string? Kind, string? Status, int? Booths, int? Staff, int? PerDay,
    int? Version = null);

/// <summary>
/// The retrofit checklist of a designated or backup hospital (001 §5.1.3(2)): each item <c>compliant</c> / <c>inProgress</c> /
/// <c>notCompliant</c> (or 达标 / 改造中 / 未达标), null while not checked; the day it was last checked and a note.
/// </summary>
public sealed record RetrofitDto(string? ThreeZonesTwoPassages, string? Oxygen, string? Ventilation, string? Heating, string? SewageAndWaste, string? IcuEquipment,
    DateOnly? CheckedOn, string? Note);

/// <summary>The sampling-site register (001 §5.1.3(3); 003 二(四)2), kept like the other registers.</summary>
public sealed partial class RegistryService
{
    /// <summary>The largest population a headquarters sets (a county-level unit has far fewer).</summary>
    public const int MaxPopulation = 100_000_000;

    public static readonly Keyset<SamplingSite> SamplingSitesByName = Keyset<SamplingSite>.By(s => s.Name, s => s.Id);
    public static readonly ListShape<SamplingSite, NoStatus> SamplingShape = new(null, null, s => s.Name);
    private static readonly Text SamplingWord = new("核酸采样点", "sampling site");

    public async Task<Page<SamplingSiteDto>> SamplingSitesAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await SamplingSitesByName.PageAsync(SamplingShape.Apply(db.SamplingSites.AsNoTracking(), jurisdiction, filter), page, SamplingDtosAsync, ct);

    /// <summary>A page of sites with the names of their regions and places.</summary>
    private async Task<IReadOnlyList<SamplingSiteDto>> SamplingDtosAsync(IReadOnlyList<SamplingSite> rows, CancellationToken ct)
    {
        var names = await NamesAsync(rows.Select(r => r.RegionCode).Concat(rows.Select(r => r.PlaceCode).OfType<string>()), ct);
        return [.. rows.Select(r => ToDto(r, names))];
    }

    public async Task<Outcome<SamplingSiteDto>> SamplingSiteAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.SamplingSites.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
            ? ToDto(s, await NamesAsync(new[] { s.RegionCode, s.PlaceCode }.OfType<string>(), ct))
            : Problem.NotFound("no-such-sampling-site", Messages.NoSuchRegistryEntry(SamplingWord.ToString(), id));

    public async Task<Outcome<SamplingSiteDto>> CreateSamplingSiteAsync(SamplingSiteInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var regionCode = string.IsNullOrWhiteSpace(input.Region) ? jurisdiction.RegionCode : input.Region.Trim();
        var place = await SamplingPlaceAsync(regionCode, input.Place, ct);
        return await CreateAsync(db.SamplingSites, input.Region, user, jurisdiction, errors => CheckSamplingSite(errors, input, place), (region, now) => new SamplingSite
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "sampling-site", s => s.Name, (s, names) => ToDto(s, WithPlace(names, place)), ct);
    }

    public async Task<Outcome<SamplingSiteDto>> UpdateSamplingSiteAsync(int id, SamplingSiteInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var regionCode = await jurisdiction.Scope(db.SamplingSites.AsNoTracking()).Where(s => s.Id == id).Select(s => s.RegionCode).FirstOrDefaultAsync(ct);
        var place = await SamplingPlaceAsync(regionCode, input.Place, ct);
        return await UpdateAsync(db.SamplingSites, id, SamplingWord, input.Version, user, jurisdiction, errors => CheckSamplingSite(errors, input, place), "sampling-site",
            s => s.Name, (s, names) => ToDto(s, WithPlace(names, place)), ct);
    }

    public Task<Outcome<bool>> DeleteSamplingSiteAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.SamplingSites, id, SamplingWord, version, user, jurisdiction, "sampling-site", s => s.Name, ct);

    /// <summary>What a site's place names: not given, found (a township or community under the county), or not found there.</summary>
    public sealed record SamplingPlace(string? Text, string? Code, string? Name, bool County);

    /// <summary>The township or community a site names (by code, or by name within its county); the site's region must be a county.</summary>
    public async Task<SamplingPlace> SamplingPlaceAsync(string? regionCode, string? place, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(place)) return new(null, null, null, true);
        var text = place.Trim();
        var region = regionCode is null ? null : await db.Regions.AsNoTracking().Where(r => r.Code == regionCode).Select(r => new { r.Path, r.Level }).FirstOrDefaultAsync(ct);
        if (region is null || region.Level != RegionLevel.County) return new(text, null, null, false);
        var found = await db.Regions.AsNoTracking()
            .Where(r => (r.Code == text || r.Name == text) && r.Level > RegionLevel.County && r.Path.StartsWith(region.Path))
            .OrderBy(r => r.Level).ThenBy(r => r.Code).Select(r => new { r.Code, r.Name }).FirstOrDefaultAsync(ct);
        return new(text, found?.Code, found?.Name, true);
    }

    private static IReadOnlyDictionary<string, string> WithPlace(IReadOnlyDictionary<string, string> names, SamplingPlace place) =>
        place.Code is { } code ? new Dictionary<string, string>(names) { [code] = place.Name! } : names;

    public static Action<SamplingSite>? CheckSamplingSite(FieldErrors errors, SamplingSiteInput input, SamplingPlace place)
    {
        var name = errors.Text("name", input.Name, Limits.NameCharacters * 2, Messages.Required(new("采样点名称", "the name")));
        var address = errors.Text("address", input.Address, 200);
        var kind = Choice(errors, "kind", input.Kind, ReadinessLabels.SamplingKinds, new("类别", "the kind"));
        var status = input.Status is null ? SiteStatus.InUse : Choice(errors, "status", input.Status, ReadinessLabels.Statuses, new("状态", "the status"));
        var booths = Count(errors, "booths", input.Booths);
        var staff = Count(errors, "staff", input.Staff);
        var perDay = Count(errors, "perDay", input.PerDay);
        if (place.Text is { } text)
        {
            if (!place.County) errors.Add("place", Messages.SamplingPlaceCounty);
            else if (place.Code is null) errors.Add("place", Messages.SamplingPlaceOutside(text));
        }
        if (errors.Any) return null;
        return s =>
        {
            s.Name = name!;
            s.PlaceCode = place.Code;
            s.Address = address;
            s.Kind = kind!.Value;
            s.Status = status!.Value;
            s.Booths = booths;
            s.Staff = staff;
            s.PerDay = perDay;
        };
    }

    public static SamplingSiteDto ToDto(SamplingSite s, IReadOnlyDictionary<string, string> names) =>
        new(s.Id, s.RegionCode, names.GetValueOrDefault(s.RegionCode, s.RegionCode), s.Name, s.PlaceCode, s.PlaceCode is { } p ? names.GetValueOrDefault(p, p) : null,
            s.Address, EnumNames.Of(s.Kind), EnumNames.Of(s.Status), s.Booths, s.Staff, s.PerDay, s.Version);

    // ---- the retrofit checklist of a hospital (001 §5.1.3(2))

    /// <summary>The checks of a checklist: what to write, or null with the errors (keyed <c>retrofit.oxygen</c>, …).</summary>
    public static Action<Hospital>? CheckRetrofit(FieldErrors errors, RetrofitDto? input)
    {
        if (input is null) return _ => { };
        string?[] given = [input.ThreeZonesTwoPassages, input.Oxygen, input.Ventilation, input.Heating, input.SewageAndWaste, input.IcuEquipment];
        var items = Enum.GetValues<RetrofitItem>();
        var statuses = new RetrofitStatus?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(given[i]) || given[i]!.Trim() == ReadinessLabels.NotChecked.Zh) continue;
            if (ReadinessLabels.TryParse(ReadinessLabels.RetrofitStatuses, given[i], out var status)) statuses[i] = status;
            else errors.Add($"retrofit.{EnumNames.Of(items[i])}", Messages.RegistryImportChoice(given[i]!.Trim(), ReadinessLabels.Choices(ReadinessLabels.RetrofitStatuses)));
        }
        var note = errors.Text("retrofit.note", input.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Any) return null;
        return h =>
        {
            for (var i = 0; i < items.Length; i++) HospitalRetrofit.Set(h, items[i], statuses[i]);
            h.RetrofitCheckedOn = input.CheckedOn;
            h.RetrofitNote = note;
        };
    }

    public static RetrofitDto RetrofitOf(Hospital h)
    {
        string? Of(RetrofitItem item) => HospitalRetrofit.Get(h, item) is { } s ? EnumNames.Of(s) : null;
        return new(Of(RetrofitItem.ThreeZonesTwoPassages), Of(RetrofitItem.Oxygen), Of(RetrofitItem.Ventilation), Of(RetrofitItem.Heating),
            Of(RetrofitItem.SewageAndWaste), Of(RetrofitItem.IcuEquipment), h.RetrofitCheckedOn, h.RetrofitNote);
    }
}
