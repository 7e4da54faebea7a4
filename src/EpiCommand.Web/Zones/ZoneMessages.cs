using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.Platform;

/// <summary>The control zones' refusals (Zones/ZoneService.cs).</summary>
public static partial class Messages
{
    public static Text DesignateNotAllowed => new("只有指挥部可以划定管控区域或封锁疫区。", "Only headquarters may designate control zones or lock down epidemic areas.");
    public static Text ZoneChangeNotAllowed => new("只有指挥部可以发布、延期或解除管控区域。", "Only headquarters may publish, extend or lift zones.");
    public static Text ZoneAtMinimumUnit(Region region) =>
        new($"管控区域划至最小单元（001 §5.2.6），应选择旗县市区、苏木乡镇或社区，而“{region.Name}”是{region.Level.ToChinese()}。",
            $"Zones are drawn at minimum units (001 §5.2.6): choose a county, township or community; '{region.Name}' is a {region.Level.ToName()}.");
    public static Text NotAMinimumUnit(string? unitKind) =>
        new($"“{unitKind}”不是最小单元之一（{string.Join("、", ZoneRules.UnitKinds.Select(u => $"{u.Key} {u.Value.Zh}"))}）。",
            $"'{unitKind}' is not a minimum unit ({string.Join(", ", ZoneRules.UnitKinds.Select(u => $"{u.Key} {u.Value.En.ToLowerInvariant()}"))}).");
    public static Text LockdownIsAnArea(string unitKind) =>
        new($"封锁的是疫区（{ZoneRules.LockdownUnitKind}），不是“{unitKind}”。", $"A lockdown covers an epidemic area ({ZoneRules.LockdownUnitKind}), not '{unitKind}'.");
    public static Text ZoneNameRequired => new("请写明区域名称（如 明仁小区3号楼）。", "Name the zone (e.g. Building 3, Mingren Estate).");
    public static Text EndBeforeStart(DateTimeOffset end, DateTimeOffset start) =>
        new($"结束时间 {ChinaTime.Format(end)} 须晚于开始时间 {ChinaTime.Format(start)}。", $"The end {ChinaTime.Format(end)} must come after the start {ChinaTime.Format(start)}.");
    public static Text EndPassed(DateTimeOffset end) => new($"结束时间 {ChinaTime.Format(end)} 已过。", $"The end {ChinaTime.Format(end)} has passed.");
    public static Text ExtensionNotLater(DateTimeOffset end, DateTimeOffset current) =>
        new($"新的结束时间 {ChinaTime.Format(end)} 须晚于当前的 {ChinaTime.Format(current)}。", $"The new end {ChinaTime.Format(end)} must come after the current one, {ChinaTime.Format(current)}.");
    public static Text NoSuchZone(long id) => new($"没有编号为 {id} 的管控区域。", $"There is no zone #{id}.");
    public static Text ZoneState(ZoneState state) => state switch
    {
        Data.Response.ZoneState.Draft => new("草稿", "Draft"),
        Data.Response.ZoneState.Published => new("已发布", "Published"),
        _ => new("已解除", "Lifted"),
    };
    public static Text OnlyDraftsPublished(long id, ZoneState state) =>
        new($"区域 #{id} 当前为“{ZoneState(state).Zh}”，只有草稿可以发布。", $"Zone #{id} is {ZoneState(state).En.ToLowerInvariant()}; only drafts can be published.");
    public static Text ZoneEndPassed(long id, DateTimeOffset end) =>
        new($"区域 #{id} 的结束时间 {ChinaTime.Format(end)} 已过，请先延期。", $"Zone #{id} ended at {ChinaTime.Format(end)}; extend it first.");
    public static Text LiftedCannotExtend(long id) => new($"区域 #{id} 已解除，不能延期。", $"Zone #{id} is lifted and cannot be extended.");
    public static Text ZoneAlreadyLifted(long id, DateTimeOffset at) => new($"区域 #{id} 已于 {ChinaTime.Format(at)} 解除。", $"Zone #{id} was lifted at {ChinaTime.Format(at)}.");
    public static Text ZoneVersionChanged(long id, int version, int seen) =>
        new($"区域 #{id} 已被他人修改（现为版本 {version}，您看到的是版本 {seen}），请刷新。", $"Zone #{id} was changed by someone else (it is at version {version}, you saw {seen}); refresh.");
    public static Text ZoneChangedMeanwhile(long id) => new($"区域 #{id} 已被他人修改，请刷新。", $"Zone #{id} was changed by someone else; refresh.");

    /// <summary>001 §5.3.2: what the lockdown needs, and what is in force instead.</summary>
    public static Text LockdownNeedsResponse(Plan plan, string region, IReadOnlyList<(string Region, string Level)> inForce)
    {
        if (plan.Lockdown is not { } rule) return new("预案未规定封锁疫区，不能封锁。", "The plan provides no lockdown of epidemic areas.");
        var zh = inForce.Count == 0 ? $"{region}及其上级地区均未启动应急响应" : "现行响应仅有" + string.Join("、", inForce.Select(a => $"{a.Region}{Ui.Numeral(a.Level)}级"));
        var en = inForce.Count == 0 ? $"no response is in force for {region} or above it" : "only " + string.Join(", ", inForce.Select(a => $"level {a.Level} in {a.Region}")) + " is in force";
        return new($"封锁疫区须在覆盖该地区的{Ui.Numeral(rule.MinimumLevel)}级及以上应急响应期间进行（§{rule.Clause}）；{zh}。",
            $"An epidemic area may be locked down only under a response of level {rule.MinimumLevel} or above covering it (§{rule.Clause}); {en}.");
    }
}
