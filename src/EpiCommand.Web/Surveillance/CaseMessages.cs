namespace EpiCommand.Web.Platform;

/// <summary>Messages of the case registry (requirements B1, J3).</summary>
public static partial class Messages
{
    public static Text CaseIdRequired => new("请填写病例编号。", "The case id is required.");
    public static Text NotACaseId(string id) => new($"“{id}”不是有效的病例编号（字母、数字和 - _，最多 40 位）。", $"'{id}' is not a case id (letters, digits and - _, at most 40).");
    public static Text SeverityOnlyConfirmed => new("只有确诊病例有临床分型。", "Only a confirmed case has a severity.");
    public static Text ReportedAtRequired => new("请填写报告时间。", "The report time is required.");
    public static Text OnsetAfterReport => new("发病时间不能晚于报告时间。", "Onset cannot be after the report.");
    public static Text FoundAfterReport => new("发现时间不能晚于报告时间。", "The case cannot be found after it was reported.");
    public static Text NoSuchSetting(string id) => new($"您的管辖范围内没有场所“{id}”。", $"No setting '{id}' in your jurisdiction.");
    public static Text LinkedToItself => new("病例不能关联自身。", "A case cannot be linked to itself.");
    public static Text UnknownCases(IEnumerable<string> ids) => new($"未知的病例编号：{string.Join("、", ids)}。", $"Unknown case id(s): {string.Join(", ", ids)}.");
    public static Text NothingToChange => new("请给出新的分类、临床分型或转归。", "Give a new classification, severity or outcome.");
    public static Text CaseClosed(string outcome) => new($"该病例已结案（{outcome}），不能再更改。", $"The case is closed ({outcome}); it cannot change any more.");
    public static Text CannotBecome(string from, string to) => new($"{from} 病例不能改为 {to}。", $"A {from} case cannot become {to}.");
    public static Text OnlySuspectedExcluded => new("只有疑似病例可以排除。", "Only a suspected case can be excluded.");
    public static Text UnmaskReasonRequired => new("请说明需要查看完整身份证号和电话的原因。", "Say why you need the full ID and phone number.");
    public static Text SuspectedNotClosed => new("疑似病例应确诊或排除，不能直接结案。", "A suspected case is confirmed or excluded, not closed.");

    public static Text StepNotRequired(string id, IReadOnlyList<string> steps, string step) => steps.Count == 0
        ? new($"病例 {id} 不需要复核确认（001 §4.2），不能记录“{step}”。", $"Case {id} needs no confirmation (001 §4.2), not '{step}'.")
        : new($"病例 {id} 需要的复核确认为 {string.Join("、", steps)}（001 §4.2），不包括“{step}”。", $"Case {id} needs {string.Join(", ", steps)} (001 §4.2), not '{step}'.");
    public static Text StepRecorded(string label, string by) => new($"“{label}”已由 {by} 记录。", $"{label} was recorded by {by}.");
    public static Text StepNotYours(bool byExperts) => byExperts
        ? new("专家确认由专家组记录。", "Expert confirmations are recorded by the expert group.")
        : new("实验室复核由疾控中心记录。", "Laboratory re-tests are recorded by the CDC.");
    public static Text CaseChanged(string id) => new($"病例“{id}”已被他人同时更改，本次未作任何保存，请刷新后再试。", $"Case '{id}' was changed by someone else at the same time; nothing was stored. Reload and try again.");
}
