namespace EpiCommand.Web.Platform;

/// <summary>Messages of sentinel reports (requirements B5).</summary>
public static partial class Messages
{
    public static Text ReporterRequired => new("请填写上报的诊所或药店。", "The reporting clinic or pharmacy is required.");
    public static Text SentinelDetailRequired => new("请说明所见情况或所购药品（如：购买退热药）。", "Say what was seen or bought (e.g. 购买退热药).");
    public static Text NoSuchSentinelReport(long id) => new($"您的管辖范围内没有哨点报告 {id}。", $"No sentinel report {id} in your jurisdiction.");
    public static Text SentinelDone => new("社区核查已完成，没有后续步骤。", "The community check is done.");
    public static Text SentinelMoved => new("该报告刚被他人推进到下一步，请刷新后再试。", "Someone else just took this step; reload and try again.");
}
