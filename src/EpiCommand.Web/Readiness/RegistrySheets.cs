using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

/// <summary>A problem with one cell of an imported register: the sheet's row, the column's header and why (row 0: the file).</summary>
public sealed record RegistrySheetError(int Row, string Column, string Reason);

public sealed record RegistryImportResult(int Added, int Changed, IReadOnlyList<RegistrySheetError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The capacity registers as sheets (hospitals, laboratories, quarantine and sampling sites, drills, teams and their training), in the columns the units keep them (requirements F1, F3): an export
/// is a valid import. An import is all or nothing: each row is checked by the same rules as the API (an error names its row
/// and column, in the request's language), a row whose place and name are registered changes that record, any other is added.
/// </summary>
public sealed class RegistrySheets(AppDbContext db, TimeProvider clock, ReadinessSignal signal)
{
    /// <summary>One row of an import: its cells by header, whether the sheet has a column, and the row's city or county (null when unknown).</summary>
    public sealed record Row(Func<string, string?> Cell, Func<string, bool> HasColumn, Data.Regions.Region? Region);

    public const string Region = "所在地区";

    /// <summary>流感样病例哨点医院 (001 §5.1.4; 004 §七(三)): 是/否.</summary>
    public const string Sentinel = "流感样病例哨点医院";
    private const int MaxErrors = 100;

    /// <summary>The retrofit checklist's columns (001 §5.1.3(2)): optional in an import — a sheet without them leaves each hospital's checklist as it is.</summary>
    public static readonly string[] RetrofitHeaders = [.. ReadinessLabels.RetrofitItems.Values.Select(t => t.Zh), "改造核查日期", "改造备注"];

    /// <summary>Columns a hospital sheet may leave out (an older sheet): the ILI sentinel flag and the retrofit checklist leave the hospital as it is.</summary>
    public static readonly string[] OptionalHospitalHeaders = [Sentinel, .. RetrofitHeaders];

    public static readonly string[] HospitalHeaders = [Region, "医院名称", "等级", "类别", "发热门诊", "定点类别", "床位数", "定点床位数", "重症监护床位数", "医师数", "护士数", Sentinel,
        .. RetrofitHeaders];

    public static readonly string[] SamplingHeaders = [Region, "采样点名称", "所在苏木乡镇或社区", "地址", "类别", "采样台数", "采样人员数", "日采样能力（人）", "状态"];
    public static readonly string[] SiteHeaders = [Region, "场所名称", "房间数", "密接房间数", "无症状房间数", "状态", "签约宾馆", "工作人员数"];

    /// <summary>
    /// The laboratory register (001 §5.1.3(3)): 所属机构类别 the owner; 所属医院 (optional) the name of a registered hospital of the
    /// laboratory's county or of the city above it.
    /// </summary>
    public static readonly string[] LabHeaders = [Region, "实验室名称", "所属机构类别", "所属医院", "核酸检测能力（份/日）", "移动实验室"];

    /// <summary>Drills (003 §二(一)): a row is one drill, known by its title and the day it is scheduled (a county drills under one title every 1–2 months).</summary>
    public static readonly string[] DrillHeaders = [Region, "演练名称", "计划日期", "举行日期", "发现的问题"];

    /// <summary>The team register (001 §5.1.3(1)): 队伍类别 one of the seven types; the roster is not in the sheet (it names people of the directory).</summary>
    public static readonly string[] TeamHeaders = [Region, "队伍名称", "队伍类别", "机动队伍"];

    /// <summary>Team training and drills (001 §5.1.3(1) 加强培训和演练): 内容 the topics, separated by 、 or commas. A row is one team's training of one day and kind.</summary>
    public static readonly string[] TrainingHeaders = [Region, "队伍名称", "日期", "类型", "内容", "参加人数", "备注"];

    private static readonly Dictionary<string, string> LabFields = new()
    {
        ["region"] = Region, ["name"] = "实验室名称", ["owner"] = "所属机构类别", ["hospitalId"] = "所属医院", ["pcrPerDay"] = "核酸检测能力（份/日）", ["mobile"] = "移动实验室",
    };

    private static readonly Dictionary<string, string> DrillFields = new()
    {
        ["region"] = Region, ["title"] = "演练名称", ["scheduledOn"] = "计划日期", ["heldOn"] = "举行日期", ["findings"] = "发现的问题",
    };

    private static readonly Dictionary<string, string> TeamFields = new()
    {
        ["region"] = Region, ["name"] = "队伍名称", ["type"] = "队伍类别", ["mobile"] = "机动队伍",
    };

    private static readonly Dictionary<string, string> TrainingFields = new()
    {
        ["region"] = Region, ["teamId"] = "队伍名称", ["heldOn"] = "日期", ["kind"] = "类型", ["topics"] = "内容", ["participants"] = "参加人数", ["note"] = "备注",
    };

    /// <summary>A unit list as kept (001 §5.1.7 五有, §5.1.9 三严): one row per unit; 类别 医疗机构 is what makes a unit medical.</summary>
    public static readonly string[] UnitHeaders = [Region, "单位名称", "类别", "责任人", "有防护指南", "有防控管理制度和责任人", "有防控物资设备", "有医护力量支持",
        "有隔离转运安排", "严格发热门诊设置管理", "严肃流行病学调查", "严防医院院内感染", "检查日期"];

    /// <summary>The API's field paths by column, so that a check's error lands on its column.</summary>
    private static readonly Dictionary<string, string> HospitalFields = new()
    {
        ["region"] = Region, ["name"] = "医院名称", ["level"] = "等级", ["kind"] = "类别", ["designation"] = "定点类别", ["beds"] = "床位数",
        ["designatedBeds"] = "定点床位数", ["feverClinic"] = "发热门诊", ["icuBeds"] = "重症监护床位数", ["doctors"] = "医师数", ["nurses"] = "护士数", ["iliSentinel"] = Sentinel,
        ["retrofit.threeZonesTwoPassages"] = "三区两通道", ["retrofit.oxygen"] = "供氧", ["retrofit.ventilation"] = "通风", ["retrofit.heating"] = "供暖",
        ["retrofit.sewageAndWaste"] = "污水污物处理", ["retrofit.icuEquipment"] = "重症设备配备", ["retrofit.checkedOn"] = "改造核查日期", ["retrofit.note"] = "改造备注",
    };

    private static readonly Dictionary<string, string> SamplingFields = new()
    {
        ["region"] = Region, ["name"] = "采样点名称", ["place"] = "所在苏木乡镇或社区", ["address"] = "地址", ["kind"] = "类别", ["booths"] = "采样台数",
        ["staff"] = "采样人员数", ["perDay"] = "日采样能力（人）", ["status"] = "状态",
    };

    private static readonly Dictionary<string, string> SiteFields = new()
    {
        ["region"] = Region, ["name"] = "场所名称", ["rooms"] = "房间数", ["roomsForContacts"] = "密接房间数", ["roomsForAsymptomatic"] = "无症状房间数",
        ["status"] = "状态", ["staff"] = "工作人员数", ["contractedHotel"] = "签约宾馆",
    };

    private static readonly Dictionary<string, string> UnitFields = new()
    {
        ["region"] = Region, ["name"] = "单位名称", ["kind"] = "类别", ["responsible"] = "责任人", ["hasGuide"] = "有防护指南", ["hasSystem"] = "有防控管理制度和责任人",
        ["hasMaterials"] = "有防控物资设备", ["hasMedicalSupport"] = "有医护力量支持", ["hasIsolationTransfer"] = "有隔离转运安排",
        ["strictFeverClinic"] = "严格发热门诊设置管理", ["strictInvestigation"] = "严肃流行病学调查", ["strictInfectionControl"] = "严防医院院内感染", ["checkedOn"] = "检查日期",
    };

    public async Task WriteHospitalsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "医院", HospitalHeaders);
        await foreach (var h in jurisdiction.Scope(db.Hospitals.AsNoTracking()).OrderBy(h => h.RegionCode).ThenBy(h => h.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(h.RegionCode, h.RegionCode), h.Name, ReadinessLabels.Levels[h.Level].Zh, ReadinessLabels.Kinds[h.Kind].Zh,
                ReadinessLabels.Yes(h.FeverClinic), ReadinessLabels.Designations[h.Designation].Zh, Int(h.Beds), Int(h.DesignatedBeds), Int(h.IcuBeds), Int(h.Doctors), Int(h.Nurses), ReadinessLabels.Yes(h.IliSentinel),
                .. Enum.GetValues<RetrofitItem>().Select(i => HospitalRetrofit.Get(h, i) is { } status ? ReadinessLabels.RetrofitStatuses[status].Zh : ""),
                h.RetrofitCheckedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", h.RetrofitNote ?? ""]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task WriteSitesAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "集中隔离场所", SiteHeaders);
        await foreach (var s in jurisdiction.Scope(db.QuarantineSites.AsNoTracking()).OrderBy(s => s.RegionCode).ThenBy(s => s.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(s.RegionCode, s.RegionCode), s.Name, Int(s.Rooms), Int(s.RoomsForContacts), Int(s.RoomsForAsymptomatic),
                ReadinessLabels.Statuses[s.Status].Zh, ReadinessLabels.Yes(s.ContractedHotel), Int(s.Staff)]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task WriteUnitsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "单位五有", UnitHeaders);
        await foreach (var u in jurisdiction.Scope(db.UnitPreparedness.AsNoTracking()).OrderBy(u => u.RegionCode).ThenBy(u => u.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(u.RegionCode, u.RegionCode), u.Name, RegistryService.UnitKinds[u.Kind].Zh, u.Responsible ?? "",
                ReadinessLabels.Yes(u.HasGuide), ReadinessLabels.Yes(u.HasSystem), ReadinessLabels.Yes(u.HasMaterials), ReadinessLabels.Yes(u.HasMedicalSupport),
                ReadinessLabels.Yes(u.HasIsolationTransfer), ReadinessLabels.Yes(u.StrictFeverClinic), ReadinessLabels.Yes(u.StrictInvestigation),
                ReadinessLabels.Yes(u.StrictInfectionControl), u.CheckedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task WriteLabsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        var hospitals = await jurisdiction.Scope(db.Hospitals.AsNoTracking()).ToDictionaryAsync(h => h.Id, h => h.Name, ct);
        await using var writer = Start(output, "实验室", LabHeaders);
        await foreach (var l in jurisdiction.Scope(db.Laboratories.AsNoTracking()).OrderBy(l => l.RegionCode).ThenBy(l => l.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(l.RegionCode, l.RegionCode), l.Name, ReadinessLabels.Owners[l.Owner].Zh,
                l.HospitalId is { } id ? hospitals.GetValueOrDefault(id, "") : "", Int(l.PcrPerDay), ReadinessLabels.Yes(l.Mobile)]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task WriteDrillsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "演练", DrillHeaders);
        var query = jurisdiction.Scope(db.Drills.AsNoTracking()).OrderBy(d => d.RegionCode).ThenBy(d => d.ScheduledOn).ThenBy(d => d.Id);
        await foreach (var d in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.Title, d.ScheduledOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.HeldOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", d.Findings ?? ""]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// Laboratories from a sheet: a row whose place and name are registered changes that laboratory. 所属医院 names a hospital of the
    /// row's county, or else of the city above it (the nearest first); empty, the laboratory belongs to no hospital.
    /// </summary>
    public async Task<RegistryImportResult> ImportLabsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var hospitals = await jurisdiction.Scope(db.Hospitals.AsNoTracking()).Select(h => new { h.Id, h.Name, h.RegionPath }).ToListAsync(ct);
        return await ImportAsync(stream, format, user, jurisdiction, LabHeaders, LabFields, db.Laboratories, "laboratory", l => l.Name,
            (row, errors) =>
            {
                var cell = row.Cell;
                var hospitalName = cell("所属医院");
                var hospital = hospitalName is null || row.Region is not { } region ? null
                    : hospitals.Where(h => h.Name == hospitalName && region.Path.StartsWith(h.RegionPath, StringComparison.Ordinal)).OrderByDescending(h => h.RegionPath.Length).FirstOrDefault();
                if (hospitalName is not null && row.Region is not null && hospital is null) errors.Add("hospitalId", Messages.LabHospitalNotFound(hospitalName, row.Region.Name));
                var input = new LabInput(null, cell("实验室名称"), cell("所属机构类别"), hospital?.Id, Number(errors, "pcrPerDay", cell("核酸检测能力（份/日）")),
                    YesNo(errors, "mobile", cell("移动实验室")));
                return (input.Name, RegistryService.CheckLab(errors, input, hospitalKnown: true));
            },
            (region, now) => new Laboratory { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);
    }

    /// <summary>
    /// Drills from a sheet (003 §二(一)): a row whose place, title and day scheduled are registered changes that drill (drills have no
    /// unique key — a county holds 应急指挥演练 every 1–2 months —: the first of such), any other is added. 举行日期 not after today.
    /// </summary>
    public Task<RegistryImportResult> ImportDrillsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var today = Domain.Time.ChinaTime.DayOf(clock.GetUtcNow());
        return ImportAsync(stream, format, user, jurisdiction, DrillHeaders, DrillFields, db.Drills, "drill", d => DrillKey(d.Title, d.ScheduledOn),
            (row, errors) =>
            {
                var cell = row.Cell;
                var input = new DrillInput(null, cell("演练名称"), Day(errors, "scheduledOn", cell("计划日期")), Day(errors, "heldOn", cell("举行日期")), cell("发现的问题"));
                var apply = RegistryService.CheckDrill(errors, input, today);
                if (apply is null) return (null, null);
                return (DrillKey(input.Title!, input.ScheduledOn!.Value), apply);
            },
            (region, now) => new Drill { RegionCode = region.Code, RegionPath = region.Path, Title = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);
    }

    private static string DrillKey(string title, DateOnly scheduled) => $"{title} {scheduled.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public async Task WriteTeamsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "应急队伍", TeamHeaders);
        await foreach (var t in jurisdiction.Scope(db.Teams.AsNoTracking()).OrderBy(t => t.RegionCode).ThenBy(t => t.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(t.RegionCode, t.RegionCode), t.Name, ReadinessLabels.TeamTypes[t.Type].Zh, ReadinessLabels.Yes(t.Mobile)]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task WriteTrainingsAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        await using var writer = Start(output, "队伍培训演练", TrainingHeaders);
        var query = jurisdiction.Scope(db.TeamTrainings.AsNoTracking()).Include(t => t.Team).OrderBy(t => t.RegionCode).ThenBy(t => t.Team!.Name).ThenBy(t => t.HeldOn).ThenBy(t => t.Id);
        await foreach (var t in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(t.RegionCode, t.RegionCode), t.Team!.Name, t.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ReadinessLabels.TrainingKinds[t.Kind].Zh, TopicsText(t.Topics), Int(t.Participants), t.Note ?? ""]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public Task<RegistryImportResult> ImportTeamsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        ImportAsync(stream, format, user, jurisdiction, TeamHeaders, TeamFields, db.Teams, "team", t => t.Name,
            (row, errors) =>
            {
                var cell = row.Cell;
                var apply = RegistryService.CheckTeamHeading(errors, cell("队伍名称"), cell("队伍类别"), YesNo(errors, "mobile", cell("机动队伍")));
                return (cell("队伍名称"), errors.Any ? null : apply);
            },
            (region, now) => new Team { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);

    /// <summary>
    /// Training records from a sheet: 所在地区 and 队伍名称 name a registered team of the jurisdiction; a row whose team, day and kind
    /// are registered changes that record, any other is added.
    /// </summary>
    public async Task<RegistryImportResult> ImportTrainingsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!RegistryService.MayManage(user)) return new(0, 0, [new(0, "file", Messages.ReadinessManagersOnly.ToString())]);
        var today = Domain.Time.ChinaTime.DayOf(clock.GetUtcNow());
        var regions = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County).ToListAsync(ct);
        // Tracked before the records are read, so that each record's Team is set (its key names the team).
        var teams = await jurisdiction.Scope(db.Teams).ToListAsync(ct);
        return await ImportAsync(stream, format, user, jurisdiction, TrainingHeaders, TrainingFields, db.TeamTrainings, "training", t => TrainingKey(t.Team!.Name, t.HeldOn, t.Kind),
            (row, errors) =>
            {
                var cell = row.Cell;
                var regionText = cell(Region);
                var region = regions.FirstOrDefault(r => r.Name == regionText || r.Code == regionText);
                var teamName = cell("队伍名称");
                var team = region is null ? null : teams.FirstOrDefault(t => t.RegionCode == region.Code && t.Name == teamName);
                if (teamName is null) errors.Add("teamId", Messages.Required(new("队伍名称", "the team")));
                else if (team is null) errors.Add("teamId", Messages.TrainingTeamNotFound(teamName, regionText ?? ""));
                var topics = cell("内容")?.Split(TopicSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
                var input = new TeamTrainingInput(team?.Id ?? 0, Day(errors, "heldOn", cell("日期")), cell("类型"), topics, Number(errors, "participants", cell("参加人数")), cell("备注"));
                var apply = RegistryService.CheckTraining(errors, input, team, today);
                if (apply is null || !ReadinessLabels.TryParse(ReadinessLabels.TrainingKinds, input.Kind, out var kind)) return (null, null);
                return (TrainingKey(team!.Name, input.HeldOn!.Value, kind), apply);
            },
            (region, now) => new TeamTraining { RegionCode = region.Code, RegionPath = region.Path, UpdatedBy = user.UserName(), UpdatedAt = now }, ct);
    }

    private static readonly char[] TopicSeparators = ['、', ',', '，', ';', '；'];

    private static string TrainingKey(string team, DateOnly day, EpiCommand.Domain.Readiness.TrainingKind kind) =>
        $"{team} {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {ReadinessLabels.TrainingKinds[kind].Zh}";

    private static string TopicsText(EpiCommand.Domain.Readiness.TrainingTopics topics) =>
        string.Join("、", ReadinessLabels.Topics.Where(t => topics.HasFlag(t.Key)).Select(t => t.Value.Zh));

    public Task<RegistryImportResult> ImportUnitsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var today = Domain.Time.ChinaTime.DayOf(clock.GetUtcNow());
        return ImportAsync(stream, format, user, jurisdiction, UnitHeaders, UnitFields, db.UnitPreparedness, "unit", u => u.Name,
            (row, errors) =>
            {
                var cell = row.Cell;
                var input = new UnitInput(null, cell("单位名称"), cell("类别"), cell("责任人"),
                    YesNo(errors, "hasGuide", cell("有防护指南")), YesNo(errors, "hasSystem", cell("有防控管理制度和责任人")),
                    YesNo(errors, "hasMaterials", cell("有防控物资设备")), YesNo(errors, "hasMedicalSupport", cell("有医护力量支持")),
                    YesNo(errors, "hasIsolationTransfer", cell("有隔离转运安排")), YesNo(errors, "strictFeverClinic", cell("严格发热门诊设置管理")),
                    YesNo(errors, "strictInvestigation", cell("严肃流行病学调查")), YesNo(errors, "strictInfectionControl", cell("严防医院院内感染")),
                    Day(errors, "checkedOn", cell("检查日期")));
                return (input.Name, RegistryService.CheckUnit(errors, input, today));
            },
            (region, now) => new UnitPreparedness { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);
    }

    public Task<RegistryImportResult> ImportHospitalsAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        ImportAsync(stream, format, user, jurisdiction, HospitalHeaders, HospitalFields, db.Hospitals, "hospital", h => h.Name,
            (row, errors) =>
            {
                var cell = row.Cell;
                var input = new HospitalInput(null, cell("医院名称"), cell("等级"), cell("类别"), YesNo(errors, "feverClinic", cell("发热门诊")), cell("定点类别") ?? "否",
                    Number(errors, "beds", cell("床位数")), Number(errors, "designatedBeds", cell("定点床位数")), Number(errors, "icuBeds", cell("重症监护床位数")),
                    Number(errors, "doctors", cell("医师数")), Number(errors, "nurses", cell("护士数")), Retrofit: Retrofit(row, errors),
                    IliSentinel: row.HasColumn(Sentinel) ? YesNo(errors, "iliSentinel", cell(Sentinel)) : null);
                return (input.Name, RegistryService.CheckHospital(errors, input));
            },
            (region, now) => new Hospital { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct, OptionalHospitalHeaders);

    /// <summary>A row's retrofit checklist; null (left as it is) when the sheet has none of its columns.</summary>
    private static RetrofitDto? Retrofit(Row row, FieldErrors errors)
    {
        if (!RetrofitHeaders.Any(row.HasColumn)) return null;
        string? Item(RetrofitItem item) => row.Cell(ReadinessLabels.RetrofitItems[item].Zh);
        return new RetrofitDto(Item(RetrofitItem.ThreeZonesTwoPassages), Item(RetrofitItem.Oxygen), Item(RetrofitItem.Ventilation), Item(RetrofitItem.Heating),
            Item(RetrofitItem.SewageAndWaste), Item(RetrofitItem.IcuEquipment), Day(errors, "retrofit.checkedOn", row.Cell("改造核查日期")), row.Cell("改造备注"));
    }

    public async Task WriteSamplingSitesAsync(Jurisdiction jurisdiction, Stream output, CancellationToken ct)
    {
        var names = await RegionNamesAsync(jurisdiction, ct);
        var places = await PlacesAsync(jurisdiction, ct);
        await using var writer = Start(output, "核酸采样点", SamplingHeaders);
        await foreach (var s in jurisdiction.Scope(db.SamplingSites.AsNoTracking()).OrderBy(s => s.RegionCode).ThenBy(s => s.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.WriteRow([names.GetValueOrDefault(s.RegionCode, s.RegionCode), s.Name, s.PlaceCode is { } p ? places.GetValueOrDefault(p)?.Name ?? p : "", s.Address ?? "",
                ReadinessLabels.SamplingKinds[s.Kind].Zh, Int(s.Booths), Int(s.Staff), Int(s.PerDay), ReadinessLabels.Statuses[s.Status].Zh]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task<RegistryImportResult> ImportSamplingSitesAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        // The townships and communities of the jurisdiction, read once: a row's place is found by code, or by name within the row's county.
        var places = (await PlacesAsync(jurisdiction, ct)).Values.ToList();
        return await ImportAsync(stream, format, user, jurisdiction, SamplingHeaders, SamplingFields, db.SamplingSites, "sampling-site", s => s.Name,
            (row, errors) =>
            {
                var input = new SamplingSiteInput(null, row.Cell("采样点名称"), row.Cell("所在苏木乡镇或社区"), row.Cell("地址"), row.Cell("类别"), row.Cell("状态") ?? "在用",
                    Number(errors, "booths", row.Cell("采样台数")), Number(errors, "staff", row.Cell("采样人员数")), Number(errors, "perDay", row.Cell("日采样能力（人）")));
                var place = input.Place is not { } text ? new RegistryService.SamplingPlace(null, null, null, true)
                    : row.Region is not { Level: RegionLevel.County } county ? new RegistryService.SamplingPlace(text, null, null, row.Region is null)
                    : places.Where(p => (p.Code == text || p.Name == text) && p.Path.StartsWith(county.Path, StringComparison.Ordinal)).OrderBy(p => p.Level).ThenBy(p => p.Code)
                        .Select(p => new RegistryService.SamplingPlace(text, p.Code, p.Name, true)).FirstOrDefault() ?? new RegistryService.SamplingPlace(text, null, null, true);
                return (input.Name, RegistryService.CheckSamplingSite(errors, input, place));
            },
            (region, now) => new SamplingSite { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);
    }

    private sealed record Place(string Code, string Name, string Path, RegionLevel Level);

    private async Task<Dictionary<string, Place>> PlacesAsync(Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level > RegionLevel.County).Select(r => new Place(r.Code, r.Name, r.Path, r.Level))
            .ToDictionaryAsync(r => r.Code, ct);

    public Task<RegistryImportResult> ImportSitesAsync(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        ImportAsync(stream, format, user, jurisdiction, SiteHeaders, SiteFields, db.QuarantineSites, "quarantine-site", s => s.Name,
            (row, errors) =>
            {
                var cell = row.Cell;
                var input = new QuarantineSiteInput(null, cell("场所名称"), Number(errors, "rooms", cell("房间数")), Number(errors, "roomsForContacts", cell("密接房间数")),
                    Number(errors, "roomsForAsymptomatic", cell("无症状房间数")), cell("状态") ?? "在用", YesNo(errors, "contractedHotel", cell("签约宾馆")),
                    Number(errors, "staff", cell("工作人员数")));
                return (input.Name, RegistryService.CheckSite(errors, input));
            },
            (region, now) => new QuarantineSite { RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now }, ct);

    private async Task<RegistryImportResult> ImportAsync<T>(Stream stream, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction,
        string[] headers, Dictionary<string, string> fields, DbSet<T> set, string subject, Func<T, string> nameOf,
        Func<Row, FieldErrors, (string? Name, Action<T>? Apply)> check, Func<Data.Regions.Region, DateTimeOffset, T> create, CancellationToken ct,
        IReadOnlyCollection<string>? optional = null)
        where T : class, IRegisterEntry
    {
        if (!RegistryService.MayManage(user)) return new(0, 0, [new(0, "file", Messages.ReadinessManagersOnly.ToString())]);
        var errors = new List<RegistrySheetError>();
        void Error(int row, string column, Text reason)
        {
            if (errors.Count < MaxErrors) errors.Add(new(row, column, reason.ToString()));
        }

        var regions = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County).ToListAsync(ct);
        // Grouped: training records have no unique key (two of one team, day and kind may be registered); the row changes the first.
        var existing = (await jurisdiction.Scope(set).ToListAsync(ct)).GroupBy(e => (e.RegionCode, nameOf(e))).ToDictionary(g => g.Key, g => g.First());
        var now = clock.GetUtcNow();
        var seen = new HashSet<(string, string)>();
        int added = 0, changed = 0;
        Dictionary<string, int>? positions = null;
        try
        {
            foreach (var row in SheetReader.Read(stream, format, ct))
            {
                if (positions is null)
                {
                    positions = row.Cells.Select((c, i) => (Header: c?.Trim() ?? "", i)).Where(c => c.Header.Length > 0).GroupBy(c => c.Header).ToDictionary(g => g.Key, g => g.First().i);
                    foreach (var header in headers.Where(h => !positions.ContainsKey(h) && optional?.Contains(h) != true)) Error(1, header, Messages.RegistryImportHeader(header));
                    if (errors.Count > 0) break;
                    continue;
                }
                if (row.IsEmpty) continue;
                string? Cell(string header) => positions.TryGetValue(header, out var i) && i < row.Cells.Count && row.Cells[i]?.Trim() is { Length: > 0 } text ? text : null;

                var fieldErrors = new FieldErrors();
                var regionText = Cell(Region);
                var region = regionText is null ? null : regions.FirstOrDefault(r => r.Name == regionText || r.Code == regionText);
                if (regionText is null) Error(row.Number, Region, Messages.Required(new("所在地区", "the place")));
                else if (region is null) Error(row.Number, Region, Messages.RegistryImportRegion(regionText));
                var (name, apply) = check(new Row(Cell, positions.ContainsKey, region), fieldErrors);
                foreach (var (path, reasons) in fieldErrors.Problem?.Errors ?? new Dictionary<string, Text[]>())
                {
                    // topics[2] lands on the column of topics.
                    Error(row.Number, fields.GetValueOrDefault(path) ?? fields.GetValueOrDefault(path.Split('[')[0], path), reasons[0]);
                }
                if (apply is null || region is null) continue;
                if (!seen.Add((region.Code, name!)))
                {
                    Error(row.Number, headers[1], Messages.RegistryImportDuplicate(name!));
                    continue;
                }
                if (existing.TryGetValue((region.Code, name!), out var entity))
                {
                    apply(entity);
                    var entry = db.Entry(entity);
                    if (entry.Properties.Any(p => p.IsModified))
                    {
                        entity.Version++;
                        entity.UpdatedBy = user.UserName();
                        entity.UpdatedAt = now;
                        changed++;
                    }
                }
                else
                {
                    var created = create(region, now);
                    apply(created);
                    set.Add(created);
                    added++;
                }
            }
        }
        catch (UnreadableSheetException e)
        {
            Error(0, "file", e.Reason);
        }
        if (positions is null && errors.Count == 0) Error(0, "file", Messages.RegistryImportEmpty);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new(0, 0, errors);
        }
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [new AuditRecord($"{subject}.imported", subject, jurisdiction.RegionCode,
            new { added, changed }, jurisdiction.Path)], ct);
        signal.Changed();
        return new(added, changed, []);
    }

    private static bool YesNo(FieldErrors errors, string path, string? text)
    {
        switch (text)
        {
            case null or "否" or "无" or "no" or "No": return false;
            case "是" or "有" or "yes" or "Yes": return true;
            default:
                errors.Add(path, Messages.RegistryImportYesNo(text));
                return false;
        }
    }

    /// <summary>A day as text (yyyy-MM-dd) or, in an .xlsx, a cell formatted as a date (Excel's serial day).</summary>
    private static DateOnly? Day(FieldErrors errors, string path, string? text)
    {
        if (text is null) return null;
        if (QueryDay.TryParse(text, out var day)) return day;
        if (LineListTimes.TryParse(text, excelSerials: true, out var instant)) return DateOnly.FromDateTime(instant.DateTime);
        errors.Add(path, Messages.NotADay(text));
        return null;
    }

    private static int? Number(FieldErrors errors, string path, string? text)
    {
        if (text is null) return 0;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(path, Messages.CountOutOfRange(RegistryService.MaxCount));
        return 0;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, string>> RegionNamesAsync(Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County).ToDictionaryAsync(r => r.Code, r => r.Name, ct);

    private static XlsxSheetWriter Start(Stream output, string sheetName, string[] headers) =>
        new(output, sheetName, headers, [.. headers.Select(h => XlsxSheetWriter.WidthOf(h, "通辽市科尔沁区某某医院"))]);
}
