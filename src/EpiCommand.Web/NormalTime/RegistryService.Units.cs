using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

public sealed record UnitDto(int Id, string RegionCode, string RegionName, string Name, string Kind, string KindName, string? Responsible,
    bool HasGuide, bool HasSystem, bool HasMaterials, bool HasMedicalSupport, bool HasIsolationTransfer,
    bool StrictFeverClinic, bool StrictInvestigation, bool StrictInfectionControl, bool FiveHaves, bool? ThreeStricts, DateOnly? CheckedOn, int Version);

public sealed record UnitInput(string? Region, string? Name, string? Kind, string? Responsible,
    bool HasGuide, bool HasSystem, bool HasMaterials, bool HasMedicalSupport, bool HasIsolationTransfer,
    bool StrictFeverClinic = false, bool StrictInvestigation = false, bool StrictInfectionControl = false, DateOnly? CheckedOn = null, int? Version = null);

/// <summary>
/// The units' "五有" register (001 §5.1.7) and, for medical institutions, the "三严" (§5.1.9): kept like the other capacity registers
/// (headquarters and administrators, a version per change, audited), read by the norms <c>unitsWithoutFiveHaves</c> and
/// <c>medicalUnitsWithoutFiveHavesThreeStricts</c>.
/// </summary>
public sealed partial class RegistryService
{
    public static readonly Keyset<UnitPreparedness> UnitsByName = Keyset<UnitPreparedness>.By(u => u.Name, u => u.Id);
    public static readonly ListShape<UnitPreparedness, NoStatus> UnitShape = new(null, null, u => u.Name);
    private static readonly Text UnitWord = new("单位", "unit");

    public static readonly IReadOnlyDictionary<UnitKind, Text> UnitKinds = new Dictionary<UnitKind, Text>
    {
        [UnitKind.Government] = new("机关", "Government office"), [UnitKind.Enterprise] = new("企业", "Enterprise"),
        [UnitKind.PublicInstitution] = new("事业单位", "Public institution"), [UnitKind.School] = new("学校和托幼机构", "School or nursery"),
        [UnitKind.MedicalInstitution] = new("医疗机构", "Medical institution"), [UnitKind.ElderlyCare] = new("养老福利机构", "Elderly care"),
        [UnitKind.Other] = new("其他", "Other"),
    };

    public async Task<Page<UnitDto>> UnitsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await UnitsByName.PageAsync(UnitShape.Apply(db.UnitPreparedness.AsNoTracking(), jurisdiction, filter), page, Mapped<UnitPreparedness, UnitDto>(ToDto), ct);

    public async Task<Outcome<UnitDto>> UnitAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.UnitPreparedness.AsNoTracking()).FirstOrDefaultAsync(u => u.Id == id, ct) is { } u
            ? ToDto(u, await NamesAsync([u.RegionCode], ct)) : Problem.NotFound("no-such-unit", Messages.NoSuchRegistryEntry(UnitWord.ToString(), id));

    public Task<Outcome<UnitDto>> CreateUnitAsync(UnitInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        CreateAsync(db.UnitPreparedness, input.Region, user, jurisdiction, errors => CheckUnit(errors, input, Today), (region, now) => new UnitPreparedness
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "unit", u => u.Name, ToDto, ct);

    public Task<Outcome<UnitDto>> UpdateUnitAsync(int id, UnitInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        UpdateAsync(db.UnitPreparedness, id, UnitWord, input.Version, user, jurisdiction, errors => CheckUnit(errors, input, Today), "unit", u => u.Name, ToDto, ct);

    public Task<Outcome<bool>> DeleteUnitAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.UnitPreparedness, id, UnitWord, version, user, jurisdiction, "unit", u => u.Name, ct);

    private DateOnly Today => Domain.Time.ChinaTime.DayOf(clock.GetUtcNow());

    /// <summary>The checks of a unit's entry, shared by the API and the sheet import (<see cref="RegistrySheets"/>).</summary>
    public static Action<UnitPreparedness>? CheckUnit(FieldErrors errors, UnitInput input, DateOnly today)
    {
        var name = errors.Text("name", input.Name, Limits.NameCharacters * 2, Messages.Required(new("单位名称", "the name")));
        var kind = Choice(errors, "kind", input.Kind, UnitKinds, new("单位类别", "the kind"));
        var responsible = errors.Text("responsible", input.Responsible, 50);
        // 001 §5.1.7 有防控管理制度和责任人: the system counts with a person named as responsible.
        if (input.HasSystem && responsible is null && !errors.Has("responsible")) errors.Add("responsible", Messages.UnitResponsibleRequired);
        var strict = input.StrictFeverClinic || input.StrictInvestigation || input.StrictInfectionControl;
        // §5.1.9: the three stricts are a medical institution's (fever clinic, investigation, infection control).
        if (strict && kind is not null and not UnitKind.MedicalInstitution) errors.Add("kind", Messages.UnitStrictsMedicalOnly);
        if (input.CheckedOn is { } day && day > today) errors.Add("checkedOn", Messages.UnitCheckedAhead);
        if (errors.Any) return null;
        return u =>
        {
            u.Name = name!;
            u.Kind = kind!.Value;
            u.Responsible = responsible;
            (u.HasGuide, u.HasSystem, u.HasMaterials, u.HasMedicalSupport, u.HasIsolationTransfer) =
                (input.HasGuide, input.HasSystem, input.HasMaterials, input.HasMedicalSupport, input.HasIsolationTransfer);
            (u.StrictFeverClinic, u.StrictInvestigation, u.StrictInfectionControl) = (input.StrictFeverClinic, input.StrictInvestigation, input.StrictInfectionControl);
            u.CheckedOn = input.CheckedOn;
        };
    }

    /// <summary>Sets the register entry a checklist item names (<see cref="Domain.Plans.ChecklistItem.RegisterItems"/>); true when it changed.</summary>
    public static bool SetRegisterItem(UnitPreparedness u, string item, bool value)
    {
        var before = (u.HasGuide, u.HasSystem, u.HasMaterials, u.HasMedicalSupport, u.HasIsolationTransfer, u.StrictFeverClinic, u.StrictInvestigation, u.StrictInfectionControl);
        switch (item)
        {
            case "guide": u.HasGuide = value; break;
            case "system": u.HasSystem = value; break;
            case "materials": u.HasMaterials = value; break;
            case "medicalSupport": u.HasMedicalSupport = value; break;
            case "isolationTransfer": u.HasIsolationTransfer = value; break;
            case "feverClinic": u.StrictFeverClinic = value; break;
            case "investigation": u.StrictInvestigation = value; break;
            case "infectionControl": u.StrictInfectionControl = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(item), item, "not an entry of the units' register");
        }
        return before != (u.HasGuide, u.HasSystem, u.HasMaterials, u.HasMedicalSupport, u.HasIsolationTransfer, u.StrictFeverClinic, u.StrictInvestigation, u.StrictInfectionControl);
    }

    public static UnitDto ToDto(UnitPreparedness u, IReadOnlyDictionary<string, string> names) =>
        new(u.Id, u.RegionCode, names.GetValueOrDefault(u.RegionCode, u.RegionCode), u.Name, EnumNames.Of(u.Kind), UnitKinds[u.Kind].ToString(), u.Responsible,
            u.HasGuide, u.HasSystem, u.HasMaterials, u.HasMedicalSupport, u.HasIsolationTransfer, u.StrictFeverClinic, u.StrictInvestigation, u.StrictInfectionControl,
            u.FiveHaves, u.Kind == UnitKind.MedicalInstitution ? u.ThreeStricts : null, u.CheckedOn, u.Version);
}
