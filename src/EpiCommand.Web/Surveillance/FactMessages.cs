using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Web.Platform;

/// <summary>Messages of settings, detections and expert judgments (B4, C5).</summary>
public static partial class Messages
{
    public static Text RecordIdRequired => new("请填写编号（字母、数字和 - _，最多 40 位）。", "An id of letters, digits and - _ (at most 40) is required.");
    public static Text SettingNameRequired => new("请填写场所名称。", "The name is required.");
    public static Text DetectedAtRequired => new("请填写检测时间。", "The detection time is required.");
    public static Text SampleRequired => new("请说明采样对象（如：进口冷链食品外包装）。", "Say what was sampled (e.g. 进口冷链食品外包装).");
    public static Text ExpertsOnly => new("只有专家可以记录研判。", "Only experts record judgments.");
    public static Text JudgmentFromRequired => new("请填写研判生效日期（YYYY-MM-DD）。", "The first day the judgment holds (YYYY-MM-DD) is required.");
    public static Text JudgmentReasonRequired => new("请说明专家研判的依据。", "Say what the experts based the judgment on.");
    public static Text JudgmentValue(JudgmentKind kind) => kind switch
    {
        JudgmentKind.OtherCircumstance => new("应为分级（IV、III、II、I）或 false。", "A grade (IV, III, II, I) or false."),
        JudgmentKind.RiskOverride => new("应为 low、medium、high 或 false。", "low, medium, high or false."),
        _ => new("应为 true 或 false。", "true or false."),
    };
}
