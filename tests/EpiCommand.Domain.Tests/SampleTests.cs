using System.Globalization;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// The sample scenarios of <c>samples/</c>, assessed at the as-of days of <c>samples/README.md</c>; the expected rows
/// are the README's tables (township and community rows carry nulls throughout). Columns: code | grade | pendingGrade |
/// risk | warning | lastCaseDate | terminationEligibleFrom | (region, for the reader only).
/// </summary>
public class SampleTests
{
    private static Scenario ReadSample(string file)
    {
        var result = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", file)));
        Assert.Empty(result.Problems);
        return result.Scenario!;
    }

    private static string Cell(object? value) => value switch
    {
        null => "null",
        RiskLevel risk => risk.ToName(),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static List<string> Expected(string table) => table
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => string.Join(" | ", line.Split('|').Take(7).Select(cell => cell.Trim())))
        .ToList();

    private static List<string> Actual(AssessmentResult result) => result.Regions
        .Select(r => string.Join(" | ", new[] { r.Code, Cell(r.Grade), Cell(r.PendingGrade), Cell(r.Risk), Cell(r.Warning), Cell(r.LastCaseDate), Cell(r.TerminationEligibleFrom) }))
        .ToList();

    private static void AssertRows(string planId, string file, string asOf, string table)
    {
        var result = AssessmentEngine.Assess(TestPlans.Catalog.Get(planId), ReadSample(file), Assess.Day(asOf));

        Assert.Equal(Expected(table), Actual(result));
    }

    [Fact]
    public void TongliaoSporadicSampleAsOf20201120() => AssertRows("tongliao-2020", "tongliao-sporadic.json", "2020-11-20", SporadicOn1120);

    [Fact]
    public void TongliaoClusterSampleAsOf20201120() => AssertRows("tongliao-2020", "tongliao-cluster.json", "2020-11-20", ClusterOn1120);

    [Fact]
    public void TongliaoClusterSampleAsOf20201114() => AssertRows("tongliao-2020", "tongliao-cluster.json", "2020-11-14", ClusterOn1114);

    [Fact]
    public void TongliaoTerminationSampleAsOf20201120() => AssertRows("tongliao-2020", "tongliao-termination.json", "2020-11-20", TerminationOn1120);

    [Fact]
    public void TongliaoTerminationSampleAsOf20201119() => AssertRows("tongliao-2020", "tongliao-termination.json", "2020-11-19", TerminationOn1119);

    [Fact]
    public void WujinSampleAsOf20200325() => AssertRows("wujin-2020", "wujin.json", "2020-03-25", WujinOn0325);

    [Fact]
    public void WujinSampleAsOf20200210() => AssertRows("wujin-2020", "wujin.json", "2020-02-10", WujinOn0210);

    [Fact]
    public void WujinSampleAsOf20200315() => AssertRows("wujin-2020", "wujin.json", "2020-03-15", WujinOn0315);

    // samples/README.md: the top-level cluster list of each sample (setting | county | formedOn | lastCaseDate | cases | active).
    [Theory]
    [InlineData("tongliao-2020", "tongliao-sporadic.json", "2020-11-20", "")]
    [InlineData("tongliao-2020", "tongliao-cluster.json", "2020-11-14", "")]
    [InlineData("tongliao-2020", "tongliao-cluster.json", "2020-11-20", "S1 150502 2020-11-18 2020-11-18 5 True; S2 150502 2020-11-19 2020-11-19 5 True")]
    [InlineData("tongliao-2020", "tongliao-termination.json", "2020-11-20", "")]
    [InlineData("wujin-2020", "wujin.json", "2020-02-10", "F1 320412 2020-02-07 2020-02-07 5 True")]
    [InlineData("wujin-2020", "wujin.json", "2020-03-15", "F1 320412 2020-02-07 2020-02-07 5 False")]
    public void SampleClusters(string planId, string file, string asOf, string expected)
    {
        var result = AssessmentEngine.Assess(TestPlans.Catalog.Get(planId), ReadSample(file), Assess.Day(asOf));

        Assert.Equal(expected, string.Join("; ", result.Clusters.Select(c => $"{c.Setting} {c.County} {Cell(c.FormedOn)} {Cell(c.LastCaseDate)} {c.Cases} {c.Active}")));
    }

    [Fact]
    public void TerminationReasonsOfTheSamplesSayMetNotYetOrPending()
    {
        var ended = AssessmentEngine.Assess(TestPlans.Tongliao, ReadSample("tongliao-termination.json"), Assess.Day("2020-11-20"));
        var notYet = AssessmentEngine.Assess(TestPlans.Tongliao, ReadSample("tongliao-termination.json"), Assess.Day("2020-11-19"));
        var wujin = AssessmentEngine.Assess(TestPlans.Wujin, ReadSample("wujin.json"), Assess.Day("2020-03-15"));

        Assert.Equal(ReasonStatus.Met, ended.Row("150502").Reason(ReasonTopic.Termination, "8.1").Status);
        Assert.Equal(ReasonStatus.NotYet, notYet.Row("150502").Reason(ReasonTopic.Termination, "8.1").Status);
        var pending = wujin.Row("320412").Reason(ReasonTopic.Termination, "八(二)1");
        Assert.Equal((ReasonStatus.Pending, "importRiskLow"), (pending.Status, pending.MissingJudgment));
    }

    [Fact]
    public void TongliaoClusterSampleGivesItsReasons()
    {
        var result = AssessmentEngine.Assess(TestPlans.Tongliao, ReadSample("tongliao-cluster.json"), Assess.Day("2020-11-20"));

        var horqin = result.Row("150502").Reason(ReasonTopic.Grade, "1.5.2.1");
        Assert.Equal(2, horqin.Facts["clustersIn7Days"]);
        Assert.Equal(["S1", "S2"], Assert.IsType<List<string>>(horqin.Facts["clusterSettingIds"]));
        var naiman = result.Row("150525").Reason(ReasonTopic.Grade, "1.5.2.2");
        Assert.Equal(["150525100208"], Assert.IsType<List<string>>(naiman.Facts["transmissionCommunities"]));
        var city = result.Row("150500").Reason(ReasonTopic.Grade, "1.5.2.3");
        Assert.Equal(2, city.Facts["chainCounties"]);
        Assert.Equal(["150502", "150523"], Assert.IsType<List<string>>(city.Facts["chainCountyCodes"]));
    }

    [Fact]
    public void EveryValidSampleReadsWithoutProblems()
    {
        foreach (var file in new[] { "tongliao-sporadic.json", "tongliao-cluster.json", "tongliao-termination.json", "wujin.json" })
        {
            var result = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", file)));
            Assert.True(result.Ok, $"{file}: {string.Join("; ", result.Problems)}");
        }
    }

    [Fact]
    public void InvalidSampleGivesExactlyTheFiveDocumentedProblems()
    {
        var result = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "invalid.json")));

        Assert.False(result.Ok);
        Assert.Null(result.Scenario);
        Assert.Equal(
            new[] { "$.cases[2].region", "$.cases[3].linkedTo[0]", "$.cases[4].classification", "$.cases[5].reportedAt", "$.settings[1].region" },
            result.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains("150599001", result.Problems.Single(p => p.Path == "$.settings[1].region").Message);
        Assert.Contains("150502999001", result.Problems.Single(p => p.Path == "$.cases[2].region").Message);
        Assert.Contains("C9", result.Problems.Single(p => p.Path == "$.cases[3].linkedTo[0]").Message);
        Assert.Contains("probable", result.Problems.Single(p => p.Path == "$.cases[4].classification").Message);
        Assert.Contains("2020-11-31T08:00:00+08:00", result.Problems.Single(p => p.Path == "$.cases[5].reportedAt").Message);
    }

    private const string SporadicOn1120 = """
        150000       | IV   | null | null   | III  | 2020-11-12 | 2020-11-26 | 内蒙古自治区 (province)
        150400       | null | null | null   | null | null       | null       | 赤峰市 (city)
        150402       | null | null | low    | null | null       | null       | 红山区 (county)
        150430       | null | null | low    | null | null       | null       | 敖汉旗 (county)
        150500       | IV   | null | null   | III  | 2020-11-12 | 2020-11-26 | 通辽市 (city)
        150502       | IV   | null | medium | III  | 2020-11-12 | 2020-11-26 | 科尔沁区 (county)
        150502001    | null | null | null   | null | null       | null       | 科尔沁街道 (township)
        150502001002 | null | null | null   | null | null       | null       | 铁区社区居委会 (community)
        150502004    | null | null | null   | null | null       | null       | 明仁街道 (township)
        150502004001 | null | null | null   | null | null       | null       | 露天社区居委会 (community)
        150521       | null | null | low    | IV   | null       | null       | 科尔沁左翼中旗 (county)
        150521100    | null | null | null   | null | null       | null       | 保康镇 (township)
        150521100400 | null | null | null   | null | null       | null       | 保康工业园区社区 (community)
        150522       | null | null | low    | IV   | null       | null       | 科尔沁左翼后旗 (county)
        150523       | IV   | null | low    | III  | null       | null       | 开鲁县 (county)
        150523100    | null | null | null   | null | null       | null       | 开鲁镇 (township)
        150524       | null | null | low    | null | null       | null       | 库伦旗 (county)
        150525       | null | null | low    | IV   | null       | null       | 奈曼旗 (county)
        150526       | null | null | low    | IV   | null       | null       | 扎鲁特旗 (county)
        150581       | null | null | low    | null | null       | null       | 霍林郭勒市 (county)
        """;

    private const string ClusterOn1120 = """
        150000       | III  | null | null   | II   | 2020-11-19 | 2020-12-03 | 内蒙古自治区 (province)
        150400       | null | null | null   | null | null       | null       | 赤峰市 (city)
        150402       | null | null | low    | null | null       | null       | 红山区 (county)
        150430       | null | null | low    | IV   | null       | null       | 敖汉旗 (county)
        150500       | III  | null | null   | II   | 2020-11-19 | 2020-12-03 | 通辽市 (city)
        150502       | III  | null | medium | II   | 2020-11-19 | 2020-12-03 | 科尔沁区 (county)
        150502001    | null | null | null   | null | null       | null       | 科尔沁街道 (township)
        150502001002 | null | null | null   | null | null       | null       | 铁区社区居委会 (community)
        150502004    | null | null | null   | null | null       | null       | 明仁街道 (township)
        150502004001 | null | null | null   | null | null       | null       | 露天社区居委会 (community)
        150502100    | null | null | null   | null | null       | null       | 大林镇 (township)
        150502100001 | null | null | null   | null | null       | null       | 大林镇中心社区居委会 (community)
        150521       | null | null | low    | IV   | null       | null       | 科尔沁左翼中旗 (county)
        150522       | null | null | low    | IV   | null       | null       | 科尔沁左翼后旗 (county)
        150523       | IV   | null | medium | III  | 2020-11-15 | 2020-11-29 | 开鲁县 (county)
        150523100    | null | null | null   | null | null       | null       | 开鲁镇 (township)
        150523100001 | null | null | null   | null | null       | null       | 民主社区居委会 (community)
        150524       | null | null | low    | IV   | null       | null       | 库伦旗 (county)
        150525       | III  | null | medium | II   | 2020-11-18 | 2020-12-02 | 奈曼旗 (county)
        150525100    | null | null | null   | null | null       | null       | 大沁他拉镇 (township)
        150525100208 | null | null | null   | null | null       | null       | 兴隆地村委会 (community)
        150526       | null | null | low    | IV   | null       | null       | 扎鲁特旗 (county)
        150581       | null | null | low    | null | null       | null       | 霍林郭勒市 (county)
        """;

    private const string ClusterOn1114 = """
        150000       | IV   | III  | null   | III  | 2020-11-14 | 2020-11-28 | 内蒙古自治区 (province)
        150400       | null | null | null   | null | null       | null       | 赤峰市 (city)
        150402       | null | null | low    | null | null       | null       | 红山区 (county)
        150430       | null | null | low    | null | null       | null       | 敖汉旗 (county)
        150500       | IV   | III  | null   | III  | 2020-11-14 | 2020-11-28 | 通辽市 (city)
        150502       | IV   | null | medium | III  | 2020-11-14 | 2020-11-28 | 科尔沁区 (county)
        150502001    | null | null | null   | null | null       | null       | 科尔沁街道 (township)
        150502001002 | null | null | null   | null | null       | null       | 铁区社区居委会 (community)
        150502004    | null | null | null   | null | null       | null       | 明仁街道 (township)
        150502004001 | null | null | null   | null | null       | null       | 露天社区居委会 (community)
        150502100    | null | null | null   | null | null       | null       | 大林镇 (township)
        150502100001 | null | null | null   | null | null       | null       | 大林镇中心社区居委会 (community)
        150521       | null | null | low    | IV   | null       | null       | 科尔沁左翼中旗 (county)
        150522       | null | null | low    | IV   | null       | null       | 科尔沁左翼后旗 (county)
        150523       | IV   | null | medium | III  | 2020-11-13 | 2020-11-27 | 开鲁县 (county)
        150523100    | null | null | null   | null | null       | null       | 开鲁镇 (township)
        150523100001 | null | null | null   | null | null       | null       | 民主社区居委会 (community)
        150524       | null | null | low    | null | null       | null       | 库伦旗 (county)
        150525       | null | null | low    | IV   | null       | null       | 奈曼旗 (county)
        150525100    | null | null | null   | null | null       | null       | 大沁他拉镇 (township)
        150525100208 | null | null | null   | null | null       | null       | 兴隆地村委会 (community)
        150526       | null | null | low    | IV   | null       | null       | 扎鲁特旗 (county)
        150581       | null | null | low    | null | null       | null       | 霍林郭勒市 (county)
        """;

    private const string TerminationOn1120 = """
        150000       | null | null | null   | null | 2020-11-06 | 2020-11-20 | 内蒙古自治区 (province)
        150400       | null | null | null   | null | null       | null       | 赤峰市 (city)
        150402       | null | null | low    | null | null       | null       | 红山区 (county)
        150430       | null | null | low    | null | null       | null       | 敖汉旗 (county)
        150500       | null | null | null   | null | 2020-11-06 | 2020-11-20 | 通辽市 (city)
        150502       | null | null | low    | null | 2020-11-06 | 2020-11-20 | 科尔沁区 (county)
        150502004    | null | null | null   | null | null       | null       | 明仁街道 (township)
        150502004001 | null | null | null   | null | null       | null       | 露天社区居委会 (community)
        150502004002 | null | null | null   | null | null       | null       | 交通门社区居委会 (community)
        150521       | null | null | low    | null | null       | null       | 科尔沁左翼中旗 (county)
        150522       | null | null | low    | null | null       | null       | 科尔沁左翼后旗 (county)
        150523       | null | null | low    | null | null       | null       | 开鲁县 (county)
        150524       | null | null | low    | null | null       | null       | 库伦旗 (county)
        150525       | null | null | low    | null | null       | null       | 奈曼旗 (county)
        150526       | null | null | low    | null | null       | null       | 扎鲁特旗 (county)
        150581       | null | null | low    | null | null       | null       | 霍林郭勒市 (county)
        """;

    private const string TerminationOn1119 = """
        150000       | IV   | null | null   | III  | 2020-11-06 | 2020-11-20 | 内蒙古自治区 (province)
        150400       | null | null | null   | null | null       | null       | 赤峰市 (city)
        150402       | null | null | low    | null | null       | null       | 红山区 (county)
        150430       | null | null | low    | null | null       | null       | 敖汉旗 (county)
        150500       | IV   | null | null   | III  | 2020-11-06 | 2020-11-20 | 通辽市 (city)
        150502       | IV   | null | medium | III  | 2020-11-06 | 2020-11-20 | 科尔沁区 (county)
        150502004    | null | null | null   | null | null       | null       | 明仁街道 (township)
        150502004001 | null | null | null   | null | null       | null       | 露天社区居委会 (community)
        150502004002 | null | null | null   | null | null       | null       | 交通门社区居委会 (community)
        150521       | null | null | low    | IV   | null       | null       | 科尔沁左翼中旗 (county)
        150522       | null | null | low    | IV   | null       | null       | 科尔沁左翼后旗 (county)
        150523       | null | null | low    | IV   | null       | null       | 开鲁县 (county)
        150524       | null | null | low    | null | null       | null       | 库伦旗 (county)
        150525       | null | null | low    | null | null       | null       | 奈曼旗 (county)
        150526       | null | null | low    | null | null       | null       | 扎鲁特旗 (county)
        150581       | null | null | low    | null | null       | null       | 霍林郭勒市 (county)
        """;

    private const string WujinOn0325 = """
        320000       | null | null | null   | null | 2020-02-06 | null       | 江苏省 (province)
        320400       | null | null | null   | null | 2020-02-06 | null       | 常州市 (city)
        320412       | null | null | low    | null | 2020-02-06 | 2020-03-20 | 武进区 (county)
        320412001    | null | null | null   | null | null       | null       | 戚墅堰街道 (township)
        320412001001 | null | null | null   | null | null       | null       | 东街社区 (community)
        320412001002 | null | null | null   | null | null       | null       | 圩墩社区 (community)
        320412002    | null | null | null   | null | null       | null       | 丁堰街道 (township)
        320412002001 | null | null | null   | null | null       | null       | 丁堰社区 (community)
        320412002002 | null | null | null   | null | null       | null       | 东方社区 (community)
        """;

    private const string WujinOn0210 = """
        320000       | III  | II   | null   | null | 2020-02-06 | null       | 江苏省 (province)
        320400       | III  | II   | null   | null | 2020-02-06 | null       | 常州市 (city)
        320412       | III  | II   | medium | null | 2020-02-06 | null       | 武进区 (county)
        320412001    | null | null | null   | null | null       | null       | 戚墅堰街道 (township)
        320412001001 | null | null | null   | null | null       | null       | 东街社区 (community)
        320412001002 | null | null | null   | null | null       | null       | 圩墩社区 (community)
        320412002    | null | null | null   | null | null       | null       | 丁堰街道 (township)
        320412002001 | null | null | null   | null | null       | null       | 丁堰社区 (community)
        320412002002 | null | null | null   | null | null       | null       | 东方社区 (community)
        """;

    private const string WujinOn0315 = """
        320000       | IV   | null | null   | null | 2020-02-06 | null       | 江苏省 (province)
        320400       | IV   | null | null   | null | 2020-02-06 | null       | 常州市 (city)
        320412       | IV   | null | medium | null | 2020-02-06 | null       | 武进区 (county)
        320412001    | null | null | null   | null | null       | null       | 戚墅堰街道 (township)
        320412001001 | null | null | null   | null | null       | null       | 东街社区 (community)
        320412001002 | null | null | null   | null | null       | null       | 圩墩社区 (community)
        320412002    | null | null | null   | null | null       | null       | 丁堰街道 (township)
        320412002001 | null | null | null   | null | null       | null       | 丁堰社区 (community)
        320412002002 | null | null | null   | null | null       | null       | 东方社区 (community)
        """;
}
