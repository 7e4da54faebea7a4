namespace EpiCommand.Web.Platform;

/// <summary>The refusals of influenza-like illness and unexplained pneumonia monitoring (Sentinels/MonitoringService.cs).</summary>
public static partial class Messages
{
    public static Text MonitoringNotAllowed => new("只有指挥部和医疗、疾控人员可以报送流感样病例和不明原因肺炎。", "Only headquarters and medical or CDC staff report influenza-like illness and unexplained pneumonia.");
    public static Text HospitalOutsideJurisdiction => new("该医院不在您的管辖范围内。", "That hospital is outside your jurisdiction.");
    public static Text IsoWeekFormat(string text) => new($"“{text}”不是ISO周（如 2026-W48）。", $"'{text}' is not an ISO week (e.g. 2026-W48).");
    public static Text WeekInFuture => new("不能报送尚未开始的周。", "That week has not begun.");
    public static Text IliExceedsVisits => new("流感样病例就诊人次不能多于门急诊总就诊人次。", "More influenza-like illness visits than visits in all.");
    public static Text IliReportedMeanwhile(string week) => new($"{week} 的数据刚被他人报送，请刷新。", $"The counts of {week} were just reported by someone else; refresh.");
    public static Text NotIliSentinel(string hospital) => new($"{hospital}不是流感样病例哨点医院，不报送流感样病例周报（在医院登记中标为哨点医院后方可报送）。",
        $"{hospital} is not an ILI sentinel hospital; only sentinel hospitals report weekly ILI (mark it as one in the hospital register first).");
    public static Text NoSuchPneumonia(long id) => new($"您的管辖范围内没有不明原因肺炎报告 {id}。", $"No unexplained pneumonia report {id} in your jurisdiction.");
    public static Text PneumoniaClosed(long id, string by) => new($"不明原因肺炎报告 {id} 已由 {by} 结案，请刷新。", $"Unexplained pneumonia report {id} was already closed by {by}; refresh.");
    public static Text PneumoniaChanged(long id) => new($"不明原因肺炎报告 {id} 刚被他人修改，请刷新。", $"Unexplained pneumonia report {id} was changed meanwhile; refresh.");
    public static Text PneumoniaOutcomeUnknown(string text) => new($"“{text}”不是结案结论（排除新冠 excluded、确诊新冠病例 covid、其他诊断 otherDiagnosis）。",
        $"'{text}' is not an outcome (excluded, covid, otherDiagnosis).");
    public static Text NoSuchCaseToLink(string id) => new($"您的管辖范围内没有登记病例“{id}”。", $"No registered case '{id}' in your jurisdiction.");
    public static Text CaseNotConfirmed(string id) => new($"病例“{id}”不是确诊病例。", $"Case '{id}' is not a confirmed case.");
    public static Text CaseOnlyForCovid => new("只有结论为确诊新冠病例时才关联病例编号。", "A case id goes only with the outcome covid.");
    public static Text ConcludedBeforeOnset => new("结案日期不能早于发病日期。", "The day concluded is before the onset.");
}
