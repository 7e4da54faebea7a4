using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>The shape of a result: one row per region, in input order; township and community rows carry nulls.</summary>
public class OutputShapeTests
{
    private static ScenarioBuilder BusyScenario() => new ScenarioBuilder()
        .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
        .Case(CommunityA, "2020-11-16", source: InfectionSource.Unknown)
        .Case(KailuCommunity, "2020-11-17", linkedTo: ["C1"])
        .Detection(ZuoZhongCommunity, "2020-11-18")
        .Judgment(JudgmentKind.ExternalSevere, Province, "2020-11-01");

    [Theory]
    [InlineData("tongliao-2020")]
    [InlineData("wujin-2020")]
    public void TownshipAndCommunityRowsCarryNullsThroughout(string planId)
    {
        var result = AssessmentEngine.Assess(TestPlans.Catalog.Get(planId), BusyScenario().Build(), Assess.Day("2020-11-20"));

        var rows = result.Regions.Where(r => r.Level is RegionLevel.Township or RegionLevel.Community).ToList();
        Assert.Equal(9, rows.Count); // 4 townships, 5 communities
        Assert.All(rows, row =>
        {
            Assert.Null(row.Grade);
            Assert.Null(row.PendingGrade);
            Assert.Null(row.Risk);
            Assert.Null(row.Warning);
            Assert.Null(row.LastCaseDate);
            Assert.Null(row.TerminationEligibleFrom);
            Assert.Empty(row.Reasons);
        });
        // The county above them is assessed, with the last case of its communities.
        Assert.NotNull(result.Row(Horqin).Grade);
        Assert.Equal(Assess.Day("2020-11-16"), result.Row(Horqin).LastCaseDate);
    }

    [Fact]
    public void RegionsComeOutInInputOrder()
    {
        var built = BusyScenario().Build();
        var shuffled = built with { Regions = [.. built.Regions.Reverse()] };

        var result = Assess.Tongliao(shuffled, "2020-11-20");

        Assert.Equal(shuffled.Regions.Select(r => r.Code), result.Regions.Select(r => r.Code));
        Assert.Equal(Grade.III, result.Row(Horqin).Grade);
        Assert.Equal(Grade.III, result.Row(Tongliao).Grade);
    }

    [Fact]
    public void ResultNamesThePlanAndTheAsOfDay()
    {
        var result = Assess.Wujin(new ScenarioBuilder(), "2020-03-25");

        Assert.Equal("wujin-2020", result.Plan);
        Assert.Equal(Assess.Day("2020-03-25"), result.AsOf);
        Assert.Equal(16, result.Regions.Count);
    }

    [Fact]
    public void EmptyScenarioGivesNoGradesAndLowRiskEverywhere()
    {
        var result = Assess.Tongliao(new ScenarioBuilder(), "2020-11-20");

        Assert.All(result.Regions, row => Assert.Null(row.Grade));
        Assert.All(result.Regions, row => Assert.Null(row.Warning));
        Assert.Equal(
            [RiskLevel.Low, RiskLevel.Low, RiskLevel.Low, RiskLevel.Low],
            result.Regions.Where(r => r.Level == RegionLevel.County).Select(r => r.Risk!.Value));
    }
}
