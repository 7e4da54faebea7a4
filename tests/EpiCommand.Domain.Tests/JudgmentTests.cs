using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// Expert judgments (requirements: "Expert judgments"): one counts on D when its day is ≤ D; the latest of a kind
/// for a region wins; false withdraws; a judgment counts for the region it names.
/// The facts used: a chain C1 (科尔沁区, 11-10) → C2 (开鲁县, 11-12), which spans two counties of 通辽市 (§1.5.2.3).
/// </summary>
public class JudgmentTests
{
    private static ScenarioBuilder ChainOverTwoCounties() => new ScenarioBuilder()
        .Case(CommunityA, "2020-11-10", source: InfectionSource.Imported)
        .Case(KailuCommunity, "2020-11-12", linkedTo: ["C1"]);

    [Fact]
    public void SpreadTrendFromTheDayAfterAsOfLeavesCityGradeIIIPending()
    {
        var scenario = ChainOverTwoCounties().Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-21");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Equal(Grade.III, city.PendingGrade);
    }

    [Fact]
    public void SpreadTrendFromTheAsOfDayMakesCityGradeIII()
    {
        var scenario = ChainOverTwoCounties().Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-20");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.III, city.Grade);
        Assert.Null(city.PendingGrade);
    }

    [Fact]
    public void WithdrawnJudgmentLeavesTheGradePendingAgain()
    {
        var scenario = ChainOverTwoCounties()
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-15")
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-18", inForce: false);

        var before = Assess.Tongliao(scenario, "2020-11-17").Row(Tongliao);
        var after = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.III, before.Grade);
        Assert.Null(before.PendingGrade);
        Assert.Equal(Grade.IV, after.Grade);
        Assert.Equal(Grade.III, after.PendingGrade);
    }

    [Fact]
    public void JudgmentGivenAgainAfterAWithdrawalIsInForce()
    {
        var scenario = ChainOverTwoCounties()
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-15")
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-16", inForce: false)
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-19");

        Assert.Equal(Grade.III, Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao).Grade);
    }

    [Fact]
    public void LatestOtherCircumstanceOfARegionWins()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-10")
            .OtherCircumstance(Horqin, "2020-11-12", Grade.II)
            .OtherCircumstance(Horqin, "2020-11-15", Grade.III);

        Assert.Equal(Grade.II, Assess.Tongliao(scenario, "2020-11-14").Row(Horqin).Grade);
        Assert.Equal(Grade.III, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }

    [Fact]
    public void LatestRiskOverrideOfARegionWins()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-10")
            .RiskOverride(Horqin, "2020-11-12", RiskLevel.High)
            .RiskOverride(Horqin, "2020-11-15", RiskLevel.Low);

        Assert.Equal(RiskLevel.Low, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Risk);
    }

    [Fact]
    public void LatestJudgmentWinsWhateverTheOrderInTheFile()
    {
        // The withdrawal (11-18) is written before the judgment it withdraws (11-15).
        var scenario = ChainOverTwoCounties()
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-18", inForce: false)
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-15");

        Assert.Equal(Grade.III, Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao).PendingGrade);
    }

    [Fact]
    public void SpreadTrendForACountyDoesNotCountForItsCity()
    {
        var scenario = ChainOverTwoCounties().Judgment(JudgmentKind.SpreadTrend, Horqin, "2020-11-15");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Equal(Grade.III, city.PendingGrade);
    }

    // ---- otherCircumstance raises a grade to its value ----

    [Fact]
    public void OtherCircumstanceRaisesCountyGradeToItsValue()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-10").OtherCircumstance(Horqin, "2020-11-15", Grade.II);

        var result = Assess.Tongliao(scenario, "2020-11-20");

        var county = result.Row(Horqin);
        Assert.Equal(Grade.II, county.Grade);
        Assert.Equal(Grade.I, county.Warning);
        Assert.True(county.Reason(ReasonTopic.Grade, "otherCircumstance").Facts.ContainsKey("otherCircumstanceJudgment"));
        Assert.Equal(Grade.II, result.Row(Tongliao).Grade);
        Assert.Equal(Grade.II, result.Row(Province).Grade);
    }

    [Fact]
    public void OtherCircumstanceGradesARegionWithoutCases()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().OtherCircumstance(Province, "2020-11-15", Grade.I), "2020-11-20");

        Assert.Equal(Grade.I, result.Row(Province).Grade);
        Assert.Equal(Grade.I, result.Row(Province).Warning);
        Assert.Null(result.Row(Tongliao).Grade);
        Assert.Null(result.Row(Horqin).Grade);
    }

    [Fact]
    public void OtherCircumstanceBelowTheGradeDoesNotLowerIt()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-16", source: InfectionSource.Unknown)
            .OtherCircumstance(Horqin, "2020-11-10", Grade.IV);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "otherCircumstance"));
    }

    [Fact]
    public void WithdrawnOtherCircumstanceNoLongerRaisesTheGrade()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-10")
            .OtherCircumstance(Horqin, "2020-11-12", Grade.II)
            .Judgment(JudgmentKind.OtherCircumstance, Horqin, "2020-11-15", inForce: false);

        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }
}
