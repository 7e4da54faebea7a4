using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.Platform;

/// <summary>The warnings' refusals (Warnings/WarningService.cs).</summary>
public static partial class Messages
{
    public static Text WarningState(WarningState state) => state switch
    {
        Data.Response.WarningState.Draft => new("草稿", "Draft"),
        Data.Response.WarningState.Issued => new("已发布", "Issued"),
        _ => new("已解除", "Lifted"),
    };

    public static Text WarningWorkNotAllowed(Text verb) => new($"只有指挥部或卫生健康委专家可以{verb.Zh}预警。", $"Only headquarters or health-commission experts may {verb.En} warnings.");
    public static Text PlanHasNoWarnings(string plan) => new($"预案“{plan}”未规定预警。", $"The plan '{plan}' sets no warnings.");
    public static Text DecisionOrRegion => new("请指明所依据的已批准决定（decision），或无决定时的地区（region），二者取其一。",
        "Give either the approved decision the warning rests on (decision) or, without one, the region (region) — one of the two.");
    public static Text WarnOnlyOnApproved(long id, DecisionStatus status) =>
        new($"决定 #{id} 当前为“{Decision.Status(status).Zh}”，批准后才能据此起草预警（001 §3.4.4 确定疫情并进行分级后发布）。",
            $"Decision #{id} is {Decision.Status(status).En.ToLowerInvariant()}; a warning is drafted from it once approved (001 §3.4.4: issued once the epidemic is graded).");
    public static Text NoWarningOnTermination(long id) =>
        new($"决定 #{id} 是终止应急响应的决定，不据此发布预警；请解除已发布的预警。", $"Decision #{id} terminates a response; no warning is issued from it — lift the warnings issued instead.");
    public static Text DecisionWithoutGrade(long id) =>
        new($"决定 #{id} 没有疫情分级，无法确定预警级别（001 §3.4.2 预警级别按疫情分级对应）。", $"Decision #{id} has no grade, so the warning level cannot be set (001 §3.4.2: the level follows the grade).");
    public static Text NoWarningForGrade(Grade grade, string clause) =>
        new($"预案未规定{grade.ToChinese()}疫情对应的预警级别（§{clause}）。", $"The plan sets no warning level for a grade {grade} epidemic (§{clause}).");
    public static Text GradedNeedsDecision(string region, Grade grade) =>
        new($"{region}疫情已分级为{grade.ToChinese()}，须依据批准的应急响应决定起草预警（001 §3.4.2）。", $"{region} is graded {grade}; draft its warning from the approved response decision (001 §3.4.2).");
    public static Text NoWarningNeeded(string region) =>
        new($"按今日评估，{region}既无疫情分级也无毗邻地区疫情，无需预警（001 §3.4.2）。", $"By today's assessment {region} has neither a grade nor an affected neighbour; no warning is needed (001 §3.4.2).");
    public static Text NoWarningLevel(Grade level, string clause) =>
        new($"预案未规定{level.ToChinese()}预警的发布单位和对象（§{clause}）。", $"The plan names no issuer or audience for a level {level} warning (§{clause}).");
    public static Text WarningAlreadyOpen(string region, string levelName, WarningNotice open, string? repeatClause) =>
        new($"{region}已有{levelName} #{open.Id}（{WarningState(open.State).Zh}）。同一预警期内再次出现病例时，经专家组评估后重复预警（001 §{repeatClause ?? "3.4.4"}）。",
            $"{region} already has {levelName} #{open.Id} ({WarningState(open.State).En.ToLowerInvariant()}). When cases recur within the warning period, repeat it after the experts' assessment (001 §{repeatClause ?? "3.4.4"}).");
    public static Text WarningNoLongerEditable(long id, WarningState state) =>
        new($"预警 #{id} 已{WarningState(state).Zh}，不能再修改。", $"Warning #{id} is {WarningState(state).En.ToLowerInvariant()} and can no longer be edited.");
    public static Text WarningVersionChanged(long id, int seen, int version) =>
        new($"预警 #{id} 已被他人修改（您读到的是第 {seen} 版，现为第 {version} 版），请刷新后再改。", $"Warning #{id} was changed by someone else (you read version {seen}, it is now {version}); refresh and edit again.");
    public static Text ChannelRequired(IReadOnlyList<string> channels) =>
        new($"请至少选择一种发布形式（001 §3.4.5：{string.Join("、", channels)}）。", $"Choose at least one channel (001 §3.4.5: {string.Join(", ", channels)}).");
    public static Text WarningEndBeforeStart => new("结束时间须晚于起始时间。", "The end must come after the start.");
    public static Text WarningNotReissuable(long id, WarningState state) =>
        new($"预警 #{id} 已{WarningState(state).Zh}，不能再次发布；疫情反复时请重复预警。", $"Warning #{id} is {WarningState(state).En.ToLowerInvariant()} and cannot be issued again; repeat it when cases recur.");
    public static Text WarningEndsBeforeIssue(long id, DateTimeOffset end) =>
        new($"预警 #{id} 的结束时间 {ChinaTime.Format(end)} 早于发布时间，请先修改。", $"Warning #{id} ends at {ChinaTime.Format(end)}, before it would be issued; edit it first.");
    public static Text RepeatNoteRequired => new("请写明专家组评估意见及需提醒警示的事项（001 §3.4.4）。", "Give the experts' assessment and what the repeated warning warns of (001 §3.4.4).");
    public static Text OnlyIssuedRepeat(long id, WarningState state) =>
        new($"预警 #{id} 当前为“{WarningState(state).Zh}”，只有已发布的预警可以重复。", $"Warning #{id} is {WarningState(state).En.ToLowerInvariant()}; only issued warnings can be repeated.");
    public static Text WarningAlreadyLifted(long id, DateTimeOffset at) => new($"预警 #{id} 已于 {ChinaTime.Format(at)} 解除。", $"Warning #{id} was lifted at {ChinaTime.Format(at)}.");
    public static Text NoSuchWarning(long id) => new($"没有编号为 {id} 的预警。", $"There is no warning #{id}.");
    public static Text WarningChangedMeanwhile(long id) => new($"预警 #{id} 刚被他人处理，请刷新后再试。", $"Warning #{id} was just dealt with by someone else; refresh and try again.");

    /// <summary>001 §3.4.1: who issues, repeats or lifts a warning.</summary>
    public static Text IssuerOnly(WarningNotice warning, Text verb, RegionLevel issuerLevel)
    {
        var (zh, en) = issuerLevel switch
        {
            RegionLevel.County => ("旗县（市、区）", "county"),
            RegionLevel.City => ("市", "city"),
            _ => ("自治区", "region"),
        };
        return new($"{warning.Name}由{warning.Issuer}{verb.Zh}（001 §3.4.1），须由{zh}及以上指挥部操作。",
            $"{warning.Name} is {verb.En} by {warning.Issuer} (001 §3.4.1): it takes the headquarters of a {en} or above.");
    }
}
