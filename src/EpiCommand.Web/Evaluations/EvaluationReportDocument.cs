using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;

namespace EpiCommand.Web.Evaluations;

/// <summary>The evaluation report (001 §8.2.2) as a .docx: title, the bodies it is reported to, the seven sections, the evaluation group and date.</summary>
public static class EvaluationReportDocument
{
    /// <summary>The contents of 001 §8.2.2, in the order the report gives them.</summary>
    public static IReadOnlyList<(string Heading, Func<EvaluationReport, string> Text)> Sections { get; } =
    [
        ("疫情发生原因", r => r.Cause),
        ("传染源、传播途径和流行因素", r => r.SourceAndRoute),
        ("疫情发生、发展和控制过程", r => r.Course),
        ("患者救治及治疗效果", r => r.Treatment),
        ("所采取的措施及效果评价", r => r.Measures),
        ("应急处理过程中存在的问题", r => r.Problems),
        ("经验教训及改进建议", r => r.Lessons),
    ];

    public static byte[] Build(EvaluationReport report, Region region, Region? parent)
    {
        var document = new OfficialDocument(report.Title, number: $"评估〔{ChinaTime.DayOf(report.CreatedAt).Year}〕{report.Id}号")
            // 001 §8.2.2: 评估报告报本级人民政府和上一级卫生健康行政部门.
            .Recipients([$"{region.Name}人民政府", parent is null ? "上一级卫生健康行政部门" : $"{parent.Name}卫生健康委员会"]);
        foreach (var (heading, text) in Sections) document.Section(heading, text(report));
        return document.Signature($"{region.Name}疫情处理工作评估小组", ChinaTime.DayOf(report.UpdatedAt ?? report.CreatedAt)).ToBytes();
    }
}
