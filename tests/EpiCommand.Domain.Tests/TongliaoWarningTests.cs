using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Tongliao 001 §3.4.2: warnings from the grade, from affected neighbours and from other provinces.</summary>
public class TongliaoWarningTests
{
    [Theory]
    [InlineData(Grade.IV, Grade.III)]
    [InlineData(Grade.III, Grade.II)]
    [InlineData(Grade.II, Grade.I)]
    [InlineData(Grade.I, Grade.I)]
    public void WarningFollowsTheGrade(Grade grade, Grade warning)
    {
        var scenario = new ScenarioBuilder().OtherCircumstance(Hongshan, "2020-11-10", grade);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Hongshan);

        Assert.Equal(grade, county.Grade);
        Assert.Equal(warning, county.Warning);
        Assert.Equal(grade.ToString(), county.Reason(ReasonTopic.Warning, "3.4.2").Facts["grade"]);
    }

    [Fact]
    public void UnaffectedCountyWithAnAffectedNeighbourGetsWarningIV()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(ZuoZhongCommunity, "2020-11-15"), "2020-11-20");

        var neighbour = result.Row(Horqin);
        Assert.Null(neighbour.Grade);
        Assert.Equal(Grade.IV, neighbour.Warning);
        Assert.Equal([ZuoZhong], Assert.IsType<List<string>>(neighbour.Reason(ReasonTopic.Warning, "3.4.2").Facts["affectedNeighbors"]));
    }

    [Fact]
    public void WarningIVDoesNotSpreadBeyondTheNeighboursOfTheAffectedCounty()
    {
        // 开鲁县 borders 科尔沁区 but not 科左中旗; 红山区 borders nothing.
        var result = Assess.Tongliao(new ScenarioBuilder().Case(ZuoZhongCommunity, "2020-11-15"), "2020-11-20");

        Assert.Null(result.Row(Kailu).Warning);
        Assert.Null(result.Row(Hongshan).Warning);
    }

    [Fact]
    public void DetectionMakesTheNeighboursOfItsCountyGetWarningIV()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Detection(Kailu, "2020-11-16"), "2020-11-20");

        Assert.Equal(Grade.III, result.Row(Kailu).Warning);
        Assert.Equal(Grade.IV, result.Row(Horqin).Warning);
        Assert.Null(result.Row(ZuoZhong).Warning);
    }

    [Fact]
    public void ExternalSevereOnTheProvinceGivesWarningIVToAnUnaffectedCounty()
    {
        var scenario = new ScenarioBuilder().Judgment(JudgmentKind.ExternalSevere, Province, "2020-11-10");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        var county = result.Row(Hongshan);
        Assert.Null(county.Grade);
        Assert.Equal(Grade.IV, county.Warning);
        Assert.True(county.Reason(ReasonTopic.Warning, "3.4.2").Facts.ContainsKey("externalSevereJudgment"));
        Assert.Equal(Grade.IV, result.Row(Tongliao).Warning);
        Assert.Equal(Grade.IV, result.Row(Province).Warning);
    }

    [Fact]
    public void ExternalSevereDoesNotLowerTheWarningOfAnAffectedCounty()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-15").Judgment(JudgmentKind.ExternalSevere, Province, "2020-11-10");

        Assert.Equal(Grade.III, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Warning);
    }

    [Fact]
    public void ExternalSevereOnOneCityDoesNotReachTheCountiesOfAnother()
    {
        var scenario = new ScenarioBuilder().Judgment(JudgmentKind.ExternalSevere, Chifeng, "2020-11-10");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        Assert.Equal(Grade.IV, result.Row(Hongshan).Warning);
        Assert.Null(result.Row(Horqin).Warning);
        Assert.Null(result.Row(Province).Warning);
    }

    [Fact]
    public void ExternalSevereCountsFromItsDayOn()
    {
        var scenario = new ScenarioBuilder().Judgment(JudgmentKind.ExternalSevere, Province, "2020-11-21");

        Assert.Null(Assess.Tongliao(scenario, "2020-11-20").Row(Hongshan).Warning);
        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-21").Row(Hongshan).Warning);
    }
}
