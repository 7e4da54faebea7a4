using System.Text.RegularExpressions;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Issue 11 "readable reasons": one catalogue (FactLabels) labels every fact key in Chinese and English.</summary>
public partial class ReasonTextTests
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    private static IEnumerable<(string Plan, string File)> Samples =>
        [("tongliao-2020", "tongliao-sporadic.json"), ("tongliao-2020", "tongliao-cluster.json"), ("tongliao-2020", "tongliao-termination.json"), ("wujin-2020", "wujin.json")];

    /// <summary>Every fact key the engine writes on every day of every sample, under both plans.</summary>
    private static HashSet<string> KeysTheEngineWrites()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, file) in Samples)
        {
            var scenario = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", file))).Scenario!;
            var first = scenario.Cases.Min(c => DateOnly.FromDateTime(c.ReportedAt.DateTime));
            foreach (var plan in new[] { TestPlans.Tongliao, TestPlans.Wujin })
            {
                var index = AssessmentEngine.Index(plan, scenario);
                for (var day = first; day <= first.AddDays(60); day = day.AddDays(1))
                {
                    foreach (var reason in AssessmentEngine.Assess(plan, index, day).Regions.SelectMany(r => r.Reasons)) keys.UnionWith(reason.Facts.Keys);
                }
            }
        }
        return keys;
    }

    [Fact]
    public void EveryFactKeyTheEngineWritesHasAChineseAndAnEnglishLabel()
    {
        var keys = KeysTheEngineWrites();
        // Keys the plans can ask for that the samples do not reach.
        keys.UnionWith(["localConfirmedCasesIn14Days", "localCasesTotal", "asymptomaticCasesIn7Days", "foodDetectionsIn14Days",
            "environmentDetectionsTotal", "countiesMatching", "matchingCounties", "communitiesMatching", "matchingCommunities", "provincesMatching"]);
        keys.UnionWith(Enum.GetValues<JudgmentKind>().Select(k => EnumNames.Of(k) + "Judgment"));

        Assert.True(keys.Count > 25, $"only {keys.Count} keys seen");
        foreach (var key in keys)
        {
            Assert.True(FactLabels.TryGet(key, out var label, out _), $"no label for fact key '{key}'");
            Assert.Matches(Chinese(), label.Zh);
            Assert.DoesNotMatch(Chinese(), label.En);
            Assert.False(string.IsNullOrWhiteSpace(label.En), key);
        }
    }

    [Fact]
    public void EveryJudgmentHasWordsInBothLanguages()
    {
        foreach (var kind in Enum.GetValues<JudgmentKind>())
        {
            var label = FactLabels.Judgment(kind);
            Assert.Matches(Chinese(), label.Zh);
            Assert.DoesNotMatch(Chinese(), label.En);
        }
    }

    [Fact]
    public void AMissingJudgmentIsNamedInWords()
    {
        var zh = new ReasonText(chinese: true, _ => null, _ => null);
        var en = new ReasonText(chinese: false, _ => null, _ => null);

        Assert.Equal("待专家研判：是否有进一步扩散趋势", zh.Status("pending", "spreadTrend", new Dictionary<string, object?>()));
        Assert.Equal("awaiting expert judgment: whether there is a trend of further spread", en.Status(ReasonStatus.Pending, "spreadTrend", new Dictionary<string, object?>()));
        Assert.Equal("未到期（2020-11-28起）", zh.Status("notYet", null, new Dictionary<string, object?> { ["terminationEligibleFrom"] = "2020-11-28" }));
        Assert.Equal("成立", zh.Status(ReasonStatus.Met, null, new Dictionary<string, object?>()));
    }

    [Fact]
    public void FactsShowRegionsSettingsJudgmentsAndBooleansByName()
    {
        var regions = new Dictionary<string, string> { [Horqin] = "科尔沁区", [Kailu] = "开鲁县", [Tongliao] = "通辽市" };
        var settings = new Dictionary<string, string> { ["S1"] = "某小学" };
        var text = new ReasonText(chinese: true, regions.GetValueOrDefault, settings.GetValueOrDefault);

        var line = text.FactsLine(new Dictionary<string, object?>
        {
            ["chainCountyCodes"] = new List<string> { Horqin, Kailu },
            ["clusterSettingIds"] = new List<string> { "S1" },
            ["spreadTrendJudgment"] = new JudgmentFact(Tongliao, "2020-11-15"),
            ["childGrade"] = "III",
            ["eligible"] = false,
        });

        Assert.Equal("关联疫情波及的旗县（市、区）：科尔沁区、开鲁县；聚集性疫情场所：某小学；专家研判（是否有进一步扩散趋势）：通辽市，2020-11-15起；下级地区疫情分级：Ⅲ级；可终止响应：否", line);
    }

    [Fact]
    public void AChineseReasonTableOfTheSamplesNamesNoRawKey()
    {
        var keys = KeysTheEngineWrites();
        var judgments = Enum.GetValues<JudgmentKind>().Select(k => EnumNames.Of(k)).ToList();
        foreach (var (planId, file) in Samples)
        {
            var scenario = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", file))).Scenario!;
            var names = scenario.Regions.ToDictionary(r => r.Code, r => r.Name);
            var settingNames = scenario.Settings.ToDictionary(s => s.Id, s => s.Name);
            var text = new ReasonText(chinese: true, names.GetValueOrDefault, settingNames.GetValueOrDefault);
            foreach (var day in new[] { "2020-02-10", "2020-03-15", "2020-03-25", "2020-11-14", "2020-11-19", "2020-11-20" })
            {
                var result = AssessmentEngine.Assess(TestPlans.Catalog.Get(planId), scenario, Assess.Day(day));
                var table = string.Join("\n", result.Regions.SelectMany(r => r.Reasons).Select(r => $"{text.Status(r.Status, r.MissingJudgment, r.Facts)} {text.FactsLine(r.Facts)}"));
                foreach (var raw in keys.Concat(judgments).Append("True").Append("False"))
                {
                    Assert.DoesNotContain(raw, table, StringComparison.Ordinal);
                }
            }
        }
    }
}
