using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Response;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Warnings;

/// <summary>
/// The content of a new warning (001 §3.4: 疫情概况、警示事项、应采取的措施), pre-filled from the record: the region's cases,
/// the assessment's reasons, and the measures of the response level in force. People edit it before it is issued.
/// </summary>
public static class WarningContent
{
    public sealed record Draft(string Overview, string Warnings, string Measures);

    public static async Task<Draft> BuildAsync(AppDbContext db, Plan plan, Region region, RegionAssessment? row, ResponseDecision? decision, string measuresLevel, DateOnly today, CancellationToken ct)
    {
        var overview = new List<string> { await CaseSummaryAsync(db, region, today, plan.Parameters.LongestIncubationDays, ct) };
        string warnings;
        if (decision?.Grade is { } grade)
        {
            var criteria = row?.Reasons.Where(r => r.Topic == ReasonTopic.Grade).Select(r => r.Criterion).ToList() ?? [];
            overview.Add(criteria.Count > 0
                ? $"经评估，{region.Name}疫情为{grade.ToChinese()}：{string.Join("；", criteria)}。"
                : $"经评估，{region.Name}疫情为{grade.ToChinese()}。");
            overview.Add($"{ChinaTime.Format(decision.ApprovedAt!.Value)}，{decision.ApprovedBy}批准{DecisionService.Describe(decision)}。");
            warnings = $"{region.Name}发生{grade.ToChinese()}新冠肺炎疫情，存在进一步扩散蔓延的风险。";
        }
        else
        {
            var reason = row?.Reasons.FirstOrDefault(r => r.Topic == ReasonTopic.Warning);
            var neighbours = reason?.Facts.GetValueOrDefault("affectedNeighbors") as IEnumerable<string> ?? [];
            foreach (var code in neighbours)
            {
                if (await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct) is { } neighbour)
                {
                    overview.Add($"毗邻地区{await CaseSummaryAsync(db, neighbour, today, plan.Parameters.LongestIncubationDays, ct)}");
                }
            }
            if (reason is not null) overview.Add($"依据：{reason.Criterion}。");
            warnings = $"{region.Name}毗邻地区发生新冠肺炎疫情，存在输入和传播风险。";
        }
        // 001 §4.1.1–4.1.2: who has symptoms and a travel history reports and is tested.
        warnings += "各有关单位和社会公众应提高警惕：减少非必要的人员流动和聚集，做好个人防护；14天内有疫情地区旅居史或接触史、出现发热、干咳等症状者，"
            + "应及时向所在社区（嘎查村）报告并到发热门诊就诊。同一预警期内如再次出现病例，经专家组评估后重复预警。";
        return new Draft(string.Join("\n", overview), warnings, Measures(plan, measuresLevel));
    }

    /// <summary>The measures of a response level, with those it inherits (001 §5), one per line with the responsible units. A notice is read by the
    /// public and the units: no clause codes in its body (issue 14); the plan page shows where each measure comes from.</summary>
    public static string Measures(Plan plan, string level)
    {
        var responseLevel = plan.ResponseLevels.FirstOrDefault(l => l.Level == level);
        if (responseLevel is null) return "";
        var lines = new List<string> { $"按{(Grades.ByName.ContainsKey(level) ? Grades.ResponseName(level) : responseLevel.Name)}落实以下措施：" };
        lines.AddRange(plan.MeasuresInForce(level).Select((m, i) => $"{i + 1}. {m.Title}（{string.Join("、", m.Responsible)}）"));
        return string.Join("\n", lines);
    }

    /// <summary>"科尔沁区累计报告确诊病例8例、无症状感染者2例，近14天新增10例，最近一例报告于 2020-11-19 09:40。"</summary>
    public static async Task<string> CaseSummaryAsync(AppDbContext db, Region region, DateOnly today, int recentDays, CancellationToken ct)
    {
        var end = ChinaTime.StartOf(today.AddDays(1));
        var since = ChinaTime.StartOf(today.AddDays(1 - recentDays));
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.RegionPath.StartsWith(region.Path) && c.Outcome != CaseOutcome.Excluded && c.ReportedAt < end)
            .Select(c => new { c.Classification, c.ReportedAt }).ToListAsync(ct);
        if (cases.Count == 0) return $"{region.Name}截至{today:yyyy年M月d日}尚未报告新冠肺炎病例。";
        var counts = cases.GroupBy(c => c.Classification).OrderBy(g => g.Key).Select(g => $"{ClassificationName(g.Key)}{g.Count()}例");
        var recent = cases.Count(c => c.ReportedAt >= since);
        var last = cases.Max(c => c.ReportedAt);
        return $"{region.Name}截至{today:yyyy年M月d日}累计报告{string.Join("、", counts)}，近{recentDays}天新增{recent}例，最近一例报告于 {ChinaTime.Format(last)}。";
    }

    public static string ClassificationName(Classification classification) => classification switch
    {
        Classification.Confirmed => "确诊病例",
        Classification.Asymptomatic => "无症状感染者",
        _ => "疑似病例",
    };
}
