using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Wujin 004 §四 (the district is the county level): IV affected, III a cluster, II only by the experts.</summary>
public class WujinGradeTests
{
    private static ScenarioBuilder CommunityTransmission() => new ScenarioBuilder()
        .Case(CommunityA, "2020-02-06", source: InfectionSource.Unknown)
        .Case(CommunityA, "2020-02-08", Classification.Asymptomatic, InfectionSource.Unknown);

    [Fact]
    public void SporadicCaseMakesDistrictGradeIV()
    {
        var county = Assess.Wujin(new ScenarioBuilder().Case(CommunityA, "2020-02-08"), "2020-02-10").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.Equal(1, county.Reason(ReasonTopic.Grade, "四(一)1").Facts["casesIn14Days"]);
    }

    [Fact]
    public void OneClusterWithinFourteenDaysMakesDistrictGradeIII()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-01-29", "2020-01-30", "2020-01-31", "2020-02-01", "2020-02-07");

        var result = Assess.Wujin(scenario, "2020-02-10");

        var county = result.Row(Horqin);
        Assert.Equal(Grade.III, county.Grade);
        Assert.Null(county.PendingGrade);
        Assert.Equal(1, county.Reason(ReasonTopic.Grade, "四(二)1").Facts["clustersIn14Days"]);
        Assert.Equal(Grade.III, result.Row(Tongliao).Grade);
        Assert.Equal(Grade.III, result.Row(Province).Grade);
    }

    [Fact]
    public void ClusterFormedFourteenDaysBeforeNoLongerMakesDistrictGradeIII()
    {
        // F(F1) = 02-07; as of 02-21 the window is 02-08 … 02-21. A sporadic case on 02-20 keeps the district affected.
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07")
            .Case(CommunityB, "2020-02-20");

        Assert.Equal(Grade.III, Assess.Wujin(scenario, "2020-02-20").Row(Horqin).Grade);
        Assert.Equal(Grade.IV, Assess.Wujin(scenario, "2020-02-21").Row(Horqin).Grade);
    }

    [Fact]
    public void CommunityTransmissionMakesDistrictGradeIIPending()
    {
        var result = Assess.Wujin(CommunityTransmission(), "2020-02-10");

        var county = result.Row(Horqin);
        Assert.Equal(Grade.IV, county.Grade);
        Assert.Equal(Grade.II, county.PendingGrade);
        var reason = county.Reason(ReasonTopic.PendingGrade, "四(三)1");
        Assert.Equal("otherCircumstance", reason.MissingJudgment);
        Assert.Equal(1, reason.Facts["communitiesWithTransmission"]);
        Assert.Equal(Grade.II, result.Row(Tongliao).PendingGrade);
        Assert.Equal(Grade.II, result.Row(Province).PendingGrade);
    }

    [Fact]
    public void CommunityTransmissionWithOtherCircumstanceIIMakesDistrictGradeII()
    {
        var county = Assess.Wujin(CommunityTransmission().OtherCircumstance(Horqin, "2020-02-09", Grade.II), "2020-02-10").Row(Horqin);

        Assert.Equal(Grade.II, county.Grade);
        Assert.Null(county.PendingGrade);
        Assert.False(county.Reason(ReasonTopic.Grade, "四(三)1").Pending);
    }

    [Fact]
    public void OtherCircumstanceBelowIIRaisesToItsValueAndLeavesIIPending()
    {
        var county = Assess.Wujin(CommunityTransmission().OtherCircumstance(Horqin, "2020-02-09", Grade.III), "2020-02-10").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.Equal(Grade.II, county.PendingGrade);
    }

    [Fact]
    public void OtherCircumstanceIMakesDistrictGradeI()
    {
        var county = Assess.Wujin(new ScenarioBuilder().OtherCircumstance(Horqin, "2020-02-09", Grade.I), "2020-02-10").Row(Horqin);

        Assert.Equal(Grade.I, county.Grade);
    }

    [Fact]
    public void WujinWarningIsAlwaysNull()
    {
        var scenario = CommunityTransmission()
            .Setting("F1", CommunityB)
            .SettingCases("F1", CommunityB, "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07")
            .Detection(Kailu, "2020-02-09")
            .Judgment(JudgmentKind.ExternalSevere, Province, "2020-02-01")
            .OtherCircumstance(Hongshan, "2020-02-01", Grade.I);

        var result = Assess.Wujin(scenario, "2020-02-10");

        Assert.Equal(Grade.I, result.Row(Province).Grade);
        Assert.Equal(Grade.III, result.Row(Horqin).Grade);
        Assert.All(result.Regions, row => Assert.Null(row.Warning));
        Assert.DoesNotContain(result.Regions.SelectMany(r => r.Reasons), r => r.Topic == ReasonTopic.Warning);
    }

    [Fact]
    public void WujinRiskIsHighForMoreThanFiftyConfirmedCasesWithAClusterWithinFourteenDays()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .Cases(46, CommunityB, "2020-01-20")
            .SettingCases("F1", CommunityA, "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07");

        Assert.Equal(RiskLevel.High, Assess.Wujin(scenario, "2020-02-10").Row(Horqin).Risk);
    }

    [Fact]
    public void WujinRiskIsMediumForFiftyConfirmedCasesWithACluster()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .Cases(45, CommunityB, "2020-01-20")
            .SettingCases("F1", CommunityA, "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07");

        Assert.Equal(RiskLevel.Medium, Assess.Wujin(scenario, "2020-02-10").Row(Horqin).Risk);
    }
}
