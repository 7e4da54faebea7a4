using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;

namespace EpiCommand.Web.Platform;

/// <summary>The response decisions' refusals (Response/DecisionService.cs).</summary>
public static partial class Messages
{
    public static Text ReasonField => new("理由", "the reason");

    public static Text FromRule(RuleRefusal refusal) => new(refusal.Zh, refusal.En);

    public static Text ProposeNotAllowed => new("只有指挥部或卫生健康委专家可以提出应急响应决定。", "Only headquarters or health-commission experts may propose a response decision.");
    public static Text NotADecisionKind(string? kind) => OneOf(kind ?? "", "activate, raise, lower, terminate");
    public static Text OpenDecisionExists(string region, ResponseDecision d) =>
        new($"{region}已有待办决定 #{d.Id}（{Decision.Describe(d).Zh}），请先处理。", $"{region} already has an open decision #{d.Id} ({Decision.Describe(d).En}); deal with it first.");
    public static Text OpenDecisionArrived(string region) =>
        new($"{region}刚刚有了另一项待办决定，请刷新后再试。", $"Another open decision for {region} has just arrived; refresh and try again.");
    public static Text NoSuchDecision(long id) => new($"没有编号为 {id} 的决定。", $"There is no decision #{id}.");
    public static Text ConfirmNotAllowed => new("只有卫生健康委专家可以确认或否决应急响应建议。", "Only health-commission experts may confirm or reject a recommendation.");
    public static Text ConfirmationNoteRequired => new("请写明确认或否决的理由。", "Give the reason for confirming or rejecting.");
    public static Text NoLongerConfirmable(long id, DecisionStatus status) =>
        new($"决定 #{id} 当前为“{Decision.Status(status).Zh}”，不能再确认或否决。", $"Decision #{id} is {Decision.Status(status).En.ToLowerInvariant()}; it can no longer be confirmed or rejected.");
    public static Text DecisionTakenMeanwhile(long id) => new($"决定 #{id} 已被他人处理，请刷新。", $"Decision #{id} has just been dealt with by someone else; refresh.");
    public static Text ApproveNotAllowed(string region) =>
        new($"此决定须由{region}指挥部（人民政府）批准。", $"This decision must be approved by the headquarters (people's government) of {region}.");
    public static Text NotYetConfirmed(long id) => new($"决定 #{id} 尚未经专家确认，不能批准。", $"Decision #{id} has not been confirmed by the experts yet; it cannot be approved.");
    public static Text NotApprovable(long id, DecisionStatus status) =>
        new($"决定 #{id} 当前为“{Decision.Status(status).Zh}”，不能批准。", $"Decision #{id} is {Decision.Status(status).En.ToLowerInvariant()}; it cannot be approved.");
    public static Text ResponseChangedMeanwhile(string region, string? current, string? basis) =>
        new($"{region}当前响应为“{current ?? "未启动"}”，与决定所依据的“{basis ?? "未启动"}”不符，请重新提出。",
            $"The response of {region} is now '{current ?? "none"}', not the '{basis ?? "none"}' the decision was based on; propose it again.");

    /// <summary>How decisions are named on pages and in messages.</summary>
    public static class Decision
    {
        public static Text Describe(ResponseDecision d) => d.Kind switch
        {
            DecisionKind.Activate => new($"启动{Ui.Numeral(d.ToLevel)}级应急响应", $"Activate a level {Ui.Numeral(d.ToLevel)} response"),
            DecisionKind.Raise => new($"由{Ui.Numeral(d.FromLevel)}级提升为{Ui.Numeral(d.ToLevel)}级应急响应", $"Raise the response from level {Ui.Numeral(d.FromLevel)} to {Ui.Numeral(d.ToLevel)}"),
            DecisionKind.Lower => new($"由{Ui.Numeral(d.FromLevel)}级调整为{Ui.Numeral(d.ToLevel)}级应急响应", $"Lower the response from level {Ui.Numeral(d.FromLevel)} to {Ui.Numeral(d.ToLevel)}"),
            _ => new($"终止{Ui.Numeral(d.FromLevel)}级应急响应", $"Terminate the level {Ui.Numeral(d.FromLevel)} response"),
        };

        public static Text Status(DecisionStatus status) => status switch
        {
            DecisionStatus.Recommended => new("待专家确认", "Awaiting the experts"),
            DecisionStatus.Confirmed => new("待批准", "Awaiting approval"),
            DecisionStatus.Rejected => new("已否决", "Rejected"),
            DecisionStatus.Approved => new("已批准", "Approved"),
            _ => new("已被取代", "Superseded"),
        };
    }
}
