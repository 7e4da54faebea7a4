namespace EpiCommand.Web.Platform;

/// <summary>Messages of <c>POST /api/assessments</c>.</summary>
public static partial class Messages
{
    public static Text ScenarioNotJson(long line, string reason) => new($"不是有效的 JSON（第 {line} 行）：{reason}", $"Not valid JSON (line {line}): {reason}");
    public static Text AssessPlanRequired => new("请指明预案（查询参数 ?plan= 或正文字段 plan）。", "plan is required (query ?plan= or body field).");
    public static Text AssessDayRequired => new("请指明评估日期（查询参数 ?asOf=YYYY-MM-DD 或正文字段 asOf）。", "asOf is required (query ?asOf=YYYY-MM-DD or body field).");
    public static Text NotADay(string text) => new($"“{text}”不是日期（YYYY-MM-DD）。", $"'{text}' is not a date (YYYY-MM-DD).");
}
