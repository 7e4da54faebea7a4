using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Tongliao 001 §1.6: county risk, counting confirmed cases up to D.</summary>
public class TongliaoRiskTests
{
    /// <summary>
    /// <paramref name="oldConfirmed"/> confirmed cases on 10-01 (outside the 14-day window of 11-20) and, when
    /// <paramref name="withCluster"/>, five confirmed cases of setting S1 on 11-15 … 11-19 (a cluster on 11-19),
    /// otherwise five confirmed cases without a setting on those days.
    /// </summary>
    private static ScenarioBuilder Outbreak(int oldConfirmed, bool withCluster)
    {
        var builder = new ScenarioBuilder().Setting("S1", CommunityA).Cases(oldConfirmed, CommunityA, "2020-10-01");
        foreach (var day in new[] { "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19" })
        {
            builder.Case(CommunityA, day, setting: withCluster ? "S1" : null);
        }
        return builder;
    }

    [Fact]
    public void FiftyConfirmedCasesWithAClusterWithinFourteenDaysAreMediumRisk()
    {
        var county = Assess.Tongliao(Outbreak(45, withCluster: true), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.Medium, county.Risk);
        Assert.Equal(50, county.Reason(ReasonTopic.Risk, "1.6.2").Facts["confirmedCasesTotal"]);
    }

    [Fact]
    public void FiftyOneConfirmedCasesWithAClusterWithinFourteenDaysAreHighRisk()
    {
        var county = Assess.Tongliao(Outbreak(46, withCluster: true), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.High, county.Risk);
        Assert.Equal(1, county.Reason(ReasonTopic.Risk, "1.6.3").Facts["clustersIn14Days"]);
    }

    [Fact]
    public void MoreThanFiftyConfirmedCasesWithoutAClusterAreMediumRisk()
    {
        var county = Assess.Tongliao(Outbreak(46, withCluster: false), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.Medium, county.Risk);
        Assert.Contains("14天内未发生聚集性疫情", county.Reason(ReasonTopic.Risk, "1.6.2").Criterion);
    }

    [Fact]
    public void AsymptomaticCasesDoNotCountTowardsRisk()
    {
        // 50 confirmed + 1 asymptomatic with a cluster: still at most 50 confirmed, so medium, not high.
        var scenario = Outbreak(45, withCluster: true).Case(CommunityA, "2020-11-19", Classification.Asymptomatic);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.Medium, county.Risk);
        Assert.Equal(50, county.Reason(ReasonTopic.Risk, "1.6.2").Facts["confirmedCasesTotal"]);
    }

    [Fact]
    public void CountyWithOnlyAsymptomaticCasesIsGradedButLowRisk()
    {
        var scenario = new ScenarioBuilder().Cases(3, CommunityA, "2020-11-18", Classification.Asymptomatic);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.Equal(RiskLevel.Low, county.Risk);
    }

    [Fact]
    public void ConfirmedCaseThirteenDaysBeforeAsOfDayMakesRiskMedium()
    {
        var county = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-07"), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.Medium, county.Risk);
    }

    [Fact]
    public void NoConfirmedCaseWithinFourteenDaysIsLowRiskWhateverTheTotal()
    {
        // 60 confirmed cases, all on 11-06, as of 11-20.
        var county = Assess.Tongliao(new ScenarioBuilder().Cases(60, CommunityA, "2020-11-06"), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.Low, county.Risk);
        Assert.Equal(0, county.Reason(ReasonTopic.Risk, "1.6.1").Facts["confirmedCasesIn14Days"]);
    }

    [Fact]
    public void RiskOverrideWinsFromItsDayOn()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-10").RiskOverride(Horqin, "2020-11-20", RiskLevel.High);

        Assert.Equal(RiskLevel.Medium, Assess.Tongliao(scenario, "2020-11-19").Row(Horqin).Risk);
        Assert.Equal(RiskLevel.High, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Risk);
    }

    [Fact]
    public void RiskIsNullForCitiesAndProvinces()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-10"), "2020-11-20");

        Assert.Null(result.Row(Tongliao).Risk);
        Assert.Null(result.Row(Chifeng).Risk);
        Assert.Null(result.Row(Province).Risk);
        Assert.Equal(RiskLevel.Low, result.Row(Hongshan).Risk);
    }
}
