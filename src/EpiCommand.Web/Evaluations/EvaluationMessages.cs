using EpiCommand.Domain.Response;

namespace EpiCommand.Web.Platform;

/// <summary>The evaluation reports' refusals (Evaluations/EvaluationService.cs).</summary>
public static partial class Messages
{
    public static Text EvaluationNotAllowed(Text verb) =>
        new($"只有指挥部或卫生健康委专家可以{verb.Zh}评估报告。", $"Only headquarters or health-commission experts may {verb.En} evaluation reports.");
    public static Text NotATermination(long id) =>
        new($"决定 #{id} 不是终止应急响应的决定；评估在应急响应终止后进行（001 §8.2）。", $"Decision #{id} does not terminate a response; the evaluation follows the end of the response (001 §8.2).");
    public static Text TerminationNotApproved(long id, DecisionStatus status) =>
        new($"终止决定 #{id} 当前为“{Decision.Status(status).Zh}”，批准后才能起草评估报告。", $"Termination #{id} is {Decision.Status(status).En.ToLowerInvariant()}; the evaluation is drafted once it is approved.");
    public static Text EvaluationExists(long decision, long report) =>
        new($"决定 #{decision} 已有评估报告 #{report}，请在其上修改。", $"Decision #{decision} already has evaluation report #{report}; edit that one.");
    public static Text EvaluationArrived(long decision) => new($"决定 #{decision} 刚刚有了评估报告，请刷新。", $"An evaluation report for decision #{decision} has just been drafted; refresh.");
    public static Text NoSuchEvaluation(long id) => new($"没有编号为 {id} 的评估报告。", $"There is no evaluation report #{id}.");
    public static Text EvaluationVersionChanged(long id, int seen, int version) =>
        new($"评估报告 #{id} 已被他人修改（您读到的是第 {seen} 版，现为第 {version} 版），请刷新后再改。", $"Evaluation report #{id} was changed by someone else (you read version {seen}, it is now {version}); refresh and edit again.");
    public static Text EvaluationChangedMeanwhile(long id) => new($"评估报告 #{id} 刚被他人修改，请刷新后再改。", $"Evaluation report #{id} was just changed by someone else; refresh and edit again.");
}
