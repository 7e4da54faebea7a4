using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Tests;

/// <summary>The scenario format of requirements.md ("Scenario files and assess"): bad entries are reported with their JSON path.</summary>
public class ScenarioReaderTests
{
    private const string Regions = """
        "regions": [
          {"code": "150000", "name": "内蒙古自治区", "level": "province", "parent": null, "neighbors": []},
          {"code": "150500", "name": "通辽市", "level": "city", "parent": "150000"},
          {"code": "150502", "name": "科尔沁区", "level": "county", "parent": "150500", "neighbors": ["150523"]},
          {"code": "150523", "name": "开鲁县", "level": "county", "parent": "150500", "neighbors": ["150502"]},
          {"code": "150502001", "name": "科尔沁街道", "level": "township", "parent": "150502"},
          {"code": "150502001002", "name": "铁区社区居委会", "level": "community", "parent": "150502001"}
        ]
        """;

    private static ScenarioReadResult ReadWith(string rest) => ScenarioReader.Read("{" + Regions + (rest.Length > 0 ? "," + rest : "") + "}");

    private static void AssertSingleProblemAt(ScenarioReadResult result, string path)
    {
        Assert.False(result.Ok);
        Assert.Null(result.Scenario);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.Path);
    }

    [Fact]
    public void ValidScenarioHasNoProblems()
    {
        var result = ReadWith("""
            "settings": [{"id": "S1", "name": "某小学", "type": "school", "region": "150502001002"}],
            "cases": [
              {"id": "C0", "classification": "asymptomatic", "region": "150502", "reportedAt": "2020-10-31T08:00:00+08:00", "infectionSource": "imported"},
              {"id": "C1", "classification": "confirmed", "region": "150502001002", "reportedAt": "2020-11-01T08:00:00+08:00",
               "isolatedAt": null, "infectionSource": "unknown", "setting": "S1", "linkedTo": ["C0"]}
            ],
            "detections": [{"id": "E1", "kind": "environment", "region": "150523", "detectedAt": "2020-11-02T10:00:00+08:00"}],
            "judgments": [
              {"kind": "spreadTrend", "region": "150500", "from": "2020-11-05", "value": true},
              {"kind": "otherCircumstance", "region": "150502", "from": "2020-11-06", "value": "II"},
              {"kind": "riskOverride", "region": "150502", "from": "2020-11-07", "value": "high"},
              {"kind": "spreadTrend", "region": "150500", "from": "2020-11-08", "value": false}
            ]
            """);

        Assert.True(result.Ok);
        Assert.Empty(result.Problems);
        var scenario = result.Scenario!;
        Assert.Equal(["150000", "150500", "150502", "150523", "150502001", "150502001002"], scenario.Regions.Select(r => r.Code));
        Assert.Equal(RegionLevel.Community, scenario.Regions[5].Level);
        Assert.Equal(["150523"], scenario.Regions[2].Neighbors);
        var c1 = scenario.Cases[1];
        Assert.Equal(Classification.Confirmed, c1.Classification);
        Assert.Equal(InfectionSource.Unknown, c1.InfectionSource);
        Assert.Equal(["S1"], c1.Settings);
        Assert.Equal(["C0"], c1.LinkedTo);
        Assert.Null(c1.IsolatedAt);
        Assert.Equal(new DateTimeOffset(2020, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)), c1.ReportedAt);
        Assert.Equal(DetectionKind.Environment, scenario.Detections[0].Kind);
        Assert.Equal(new Judgment(JudgmentKind.SpreadTrend, "150500", new DateOnly(2020, 11, 5), true), scenario.Judgments[0]);
        Assert.Equal(Grade.II, scenario.Judgments[1].Grade);
        Assert.Equal(RiskLevel.High, scenario.Judgments[2].Risk);
        Assert.False(scenario.Judgments[3].InForce);
    }

    [Fact]
    public void UnknownFieldsAreIgnored()
    {
        var result = ScenarioReader.Read("""
            {
              "comment": "made by hand",
              "regions": [{"code": "150000", "name": "内蒙古自治区", "level": "province", "population": 24000000}],
              "cases": [{"id": "C1", "classification": "confirmed", "region": "150000", "reportedAt": "2020-11-01T08:00:00+08:00",
                         "age": 42, "ward": {"bed": 3}}]
            }
            """);

        Assert.True(result.Ok);
        Assert.Empty(result.Problems);
        Assert.Single(result.Scenario!.Cases);
    }

    [Fact]
    public void TimestampWithoutOffsetIsChinaStandardTime()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T23:30:00"}]
            """);

        Assert.Equal(new DateTimeOffset(2020, 11, 1, 23, 30, 0, TimeSpan.FromHours(8)), result.Scenario!.Cases[0].ReportedAt);
    }

    [Fact]
    public void UnknownRegionCodeOfACaseIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150599", "reportedAt": "2020-11-01T08:00:00+08:00"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].region");
        Assert.Contains("150599", result.Problems[0].Message);
    }

    [Fact]
    public void UnknownLinkedCaseIdIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [
              {"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00"},
              {"id": "C2", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-02T08:00:00+08:00", "linkedTo": ["C1", "C9"]}
            ]
            """);

        AssertSingleProblemAt(result, "$.cases[1].linkedTo[1]");
        Assert.Contains("C9", result.Problems[0].Message);
    }

    [Fact]
    public void UnknownSettingIdIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "settings": [{"id": "S1", "region": "150502"}],
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00", "setting": "S2"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].setting");
        Assert.Contains("S2", result.Problems[0].Message);
    }

    [Fact]
    public void SettingAndSettingsTogetherNameEachSettingOnce()
    {
        var result = ReadWith("""
            "settings": [{"id": "S1", "region": "150502"}, {"id": "S2", "region": "150502"}],
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00", "setting": "S1", "settings": ["S2", "S1"]}]
            """);

        Assert.True(result.Ok);
        Assert.Equal(["S1", "S2"], result.Scenario!.Cases[0].Settings);
    }

    [Fact]
    public void UnknownSettingInSettingsIsAProblemAtItsIndex()
    {
        var result = ReadWith("""
            "settings": [{"id": "S1", "region": "150502"}],
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00", "setting": "S1", "settings": ["S1", "S7"]}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].settings[1]");
        Assert.Contains("S7", result.Problems[0].Message);
    }

    [Fact]
    public void OnsetAtIsRead()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-03T08:00:00+08:00", "onsetAt": "2020-10-30"}]
            """);

        Assert.Equal(new DateTimeOffset(2020, 10, 30, 0, 0, 0, TimeSpan.FromHours(8)), result.Scenario!.Cases[0].OnsetAt);
    }

    [Fact]
    public void OnsetAfterReportIsAProblemAtOnsetAt()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-03T08:00:00+08:00", "onsetAt": "2020-11-03T08:00:01+08:00"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].onsetAt");
        Assert.Contains("reportedAt", result.Problems[0].Message);
    }

    // requirements.md "Scenario files and assess": ISO 8601 extended format, seconds, fraction and offset optional.
    [Theory]
    [InlineData("2020-11-01", "2020-11-01T00:00:00+08:00")]
    [InlineData("2020-11-01T08:00", "2020-11-01T08:00:00+08:00")]
    [InlineData("2020-11-01T08:00:30", "2020-11-01T08:00:30+08:00")]
    [InlineData("2020-11-01T08:00:30.250", "2020-11-01T08:00:30.25+08:00")]
    [InlineData("2020-11-01T00:30Z", "2020-11-01T00:30:00+00:00")]
    [InlineData("2020-11-01T08:00:00-05:30", "2020-11-01T08:00:00-05:30")]
    public void IsoExtendedTimesAreRead(string text, string expected)
    {
        var result = ReadWith($$"""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "{{text}}"}]
            """);

        Assert.True(result.Ok, string.Join("; ", result.Problems));
        var instant = result.Scenario!.Cases[0].ReportedAt;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, instant.Offset);
    }

    // Day and month are never guessed: "03/02/2020" is an error, not 2 March (issue 11).
    [Theory]
    [InlineData("03/02/2020")]
    [InlineData("13/02/2020")]
    [InlineData("2020.11.1")]
    [InlineData("2020-11-01 08:00")]
    [InlineData("2020-11-1")]
    [InlineData("20201101")]
    [InlineData("2020-11-01T8:00")]
    [InlineData("2020-11-01T08:00+0800")]
    [InlineData("Nov 1, 2020")]
    [InlineData("2020-11-01T24:00")]
    public void OtherTimeFormsAreAProblemAtTheirPath(string text)
    {
        var result = ReadWith($$"""
            "settings": [{"id": "S1", "region": "150502"}],
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-03T08:00:00+08:00", "isolatedAt": "{{text}}"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].isolatedAt");
        Assert.Contains(text, result.Problems[0].Message);
    }

    [Fact]
    public void UnknownClassificationIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "probable", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].classification");
        Assert.Contains("probable", result.Problems[0].Message);
    }

    [Fact]
    public void UnknownInfectionSourceIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00", "infectionSource": "local"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].infectionSource");
    }

    [Fact]
    public void UnknownRegionLevelIsAProblemAtItsPath()
    {
        var result = ScenarioReader.Read("""{"regions": [{"code": "150000", "level": "state"}]}""");

        AssertSingleProblemAt(result, "$.regions[0].level");
    }

    [Fact]
    public void UnknownJudgmentKindIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "judgments": [{"kind": "spreadingTrend", "region": "150500", "from": "2020-11-05", "value": true}]
            """);

        AssertSingleProblemAt(result, "$.judgments[0].kind");
    }

    [Fact]
    public void MalformedReportedAtIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "yesterday morning"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].reportedAt");
        Assert.Contains("yesterday morning", result.Problems[0].Message);
    }

    [Fact]
    public void ImpossibleDateIsAProblemAtItsPath()
    {
        var result = ReadWith("""
            "cases": [{"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-31T08:00:00+08:00"}]
            """);

        AssertSingleProblemAt(result, "$.cases[0].reportedAt");
    }

    [Fact]
    public void InvalidJsonGivesOneProblemAtTheRoot()
    {
        var result = ScenarioReader.Read("""{"regions": [{"code": "150000", "level": "province"},]""");

        AssertSingleProblemAt(result, "$");
    }

    [Fact]
    public void MissingRegionsIsAProblem()
    {
        var result = ScenarioReader.Read("""{"cases": []}""");

        AssertSingleProblemAt(result, "$.regions");
    }

    [Fact]
    public void RootThatIsNotAnObjectIsAProblemAtTheRoot()
    {
        AssertSingleProblemAt(ScenarioReader.Read("[]"), "$");
    }

    [Fact]
    public void JudgmentValueMustFitItsKind()
    {
        var result = ReadWith("""
            "judgments": [{"kind": "otherCircumstance", "region": "150502", "from": "2020-11-05", "value": true}]
            """);

        AssertSingleProblemAt(result, "$.judgments[0].value");
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        var result = ReadWith("""
            "cases": [
              {"id": "C1", "classification": "probable", "region": "150502", "reportedAt": "2020-11-01T08:00:00+08:00"},
              {"id": "C2", "classification": "confirmed", "region": "999999", "reportedAt": "2020-11-01T08:00:00+08:00"}
            ]
            """);

        Assert.Equal(["$.cases[0].classification", "$.cases[1].region"], result.Problems.Select(p => p.Path).Order());
    }
}
