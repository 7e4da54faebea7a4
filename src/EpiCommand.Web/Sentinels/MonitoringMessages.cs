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
}
