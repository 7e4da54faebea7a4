using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Tongliao 001 §1.5.1–§1.5.2.2 for a county: windows, clusters, community transmission, what counts as a case.</summary>
public class TongliaoCountyGradeTests
{
    // ---- the 14-day window: D−13 … D ----

    [Fact]
    public void CaseReportedThirteenDaysBeforeAsOfDayMakesCountyGradeIV()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-07"), "2020-11-20");

        var county = result.Row(Horqin);
        Assert.Equal(Grade.IV, county.Grade);
        Assert.Equal(1, county.Reason(ReasonTopic.Grade, "1.5.1.1").Facts["casesIn14Days"]);
    }

    [Fact]
    public void CaseReportedFourteenDaysBeforeAsOfDayLeavesCountyWithoutGrade()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-06"), "2020-11-20");

        Assert.Null(result.Row(Horqin).Grade);
        Assert.Null(result.Row(Tongliao).Grade);
    }

    [Fact]
    public void ReportAtUtcEveningCountsOnTheNextChinaDay()
    {
        // 2020-11-01T23:30Z is 2020-11-02 07:30 in China.
        var scenario = new ScenarioBuilder().CaseAt(CommunityA, DateTimeOffset.Parse("2020-11-01T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var onFirst = Assess.Tongliao(scenario, "2020-11-01").Row(Horqin);
        var onSecond = Assess.Tongliao(scenario, "2020-11-02").Row(Horqin);

        Assert.Null(onFirst.Grade);
        Assert.Null(onFirst.LastCaseDate);
        Assert.Equal(Grade.IV, onSecond.Grade);
        Assert.Equal(Assess.Day("2020-11-02"), onSecond.LastCaseDate);
    }

    // ---- what counts as a case ----

    [Fact]
    public void AsymptomaticCaseAloneMakesCountyGradeIV()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-15", Classification.Asymptomatic), "2020-11-20");

        Assert.Equal(Grade.IV, result.Row(Horqin).Grade);
    }

    [Fact]
    public void SuspectedCaseCountsForNothing()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-15", Classification.Suspected, InfectionSource.Unknown), "2020-11-20");

        var county = result.Row(Horqin);
        Assert.Null(county.Grade);
        Assert.Equal(RiskLevel.Low, county.Risk);
        Assert.Null(county.Warning);
        Assert.Null(county.LastCaseDate);
        Assert.Null(result.Row(ZuoZhong).Warning);
    }

    [Fact]
    public void SuspectedCaseIsNotTheFifthCaseOfACluster()
    {
        // S2 forms a cluster on 11-20; S1 has four confirmed cases and one suspected one: no second cluster.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18")
            .Case(CommunityA, "2020-11-19", Classification.Suspected, setting: "S1")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.1"));
    }

    // ---- clusters (§1.5.1.1) and two clusters in a week (§1.5.2.1) ----

    [Fact]
    public void TwoClustersWithinSevenDaysRaiseCountyToGradeIII()
    {
        // F(S1) = 11-14 (fifth case), F(S2) = 11-20: both within 11-14 … 11-20.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-10", "2020-11-11", "2020-11-12", "2020-11-13", "2020-11-14")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.Null(county.PendingGrade);
        var reason = county.Reason(ReasonTopic.Grade, "1.5.2.1");
        Assert.False(reason.Pending);
        Assert.Equal(2, reason.Facts["clustersIn7Days"]);
        Assert.Equal(["S1", "S2"], Assert.IsType<List<string>>(reason.Facts["clusterSettingIds"]));
    }

    [Fact]
    public void ClustersFormedEightDaysApartDoNotRaiseCountyToGradeIII()
    {
        // F(S1) = 11-13 lies outside 11-14 … 11-20; F(S2) = 11-20.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-09", "2020-11-10", "2020-11-11", "2020-11-12", "2020-11-13")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.Null(county.PendingGrade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.1"));
    }

    [Fact]
    public void FourCasesInASettingAreNoCluster()
    {
        // S1 forms a cluster; S2 has only four cases, so there is one cluster in the week, not two.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.1"));
    }

    [Fact]
    public void FiveCasesInASettingAreACluster()
    {
        // Same as above with a fifth case in S2: two clusters.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.Equal(2, county.Reason(ReasonTopic.Grade, "1.5.2.1").Facts["clustersIn7Days"]);
    }

    [Fact]
    public void FiveCasesOfASettingSpreadOverFifteenDaysAreNoCluster()
    {
        // S2: 11-01 … 11-15 is 15 days; no 14-day window ever holds all five. S1 is a cluster on 11-16.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-12", "2020-11-13", "2020-11-14", "2020-11-15", "2020-11-16")
            .SettingCases("S2", CommunityB, "2020-11-01", "2020-11-04", "2020-11-08", "2020-11-12", "2020-11-15");

        var county = Assess.Tongliao(scenario, "2020-11-16").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.1"));
    }

    [Fact]
    public void FiveCasesOfASettingWithinFourteenDaysAreACluster()
    {
        // S2: 11-02 … 11-15 is 14 days: a cluster on 11-15. S1 is a cluster on 11-16.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-12", "2020-11-13", "2020-11-14", "2020-11-15", "2020-11-16")
            .SettingCases("S2", CommunityB, "2020-11-02", "2020-11-04", "2020-11-08", "2020-11-12", "2020-11-15");

        var county = Assess.Tongliao(scenario, "2020-11-16").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.Equal(2, county.Reason(ReasonTopic.Grade, "1.5.2.1").Facts["clustersIn7Days"]);
    }

    // ---- community transmission (§1.5.2.2) ----

    [Fact]
    public void TwoUnknownSourceCasesInOneCommunityWithinFourteenDaysRaiseCountyToGradeIII()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-07", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-20", source: InfectionSource.Unknown);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        var reason = county.Reason(ReasonTopic.Grade, "1.5.2.2");
        Assert.Equal(1, reason.Facts["communitiesWithTransmission"]);
        Assert.Equal([CommunityA], Assert.IsType<List<string>>(reason.Facts["transmissionCommunities"]));
        Assert.Equal(["C1", "C2"], Assert.IsType<List<string>>(reason.Facts["unknownSourceCaseIds"]));
    }

    [Fact]
    public void UnknownSourceCasesFourteenDaysApartAreNoCommunityTransmission()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-06", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-20", source: InfectionSource.Unknown);

        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }

    [Fact]
    public void TwoUnknownSourceCasesInDifferentCommunitiesAreNoCommunityTransmission()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
            .Case(CommunityB, "2020-11-16", source: InfectionSource.Unknown);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.2"));
    }

    [Fact]
    public void UnknownSourceCasesNamingOnlyATownshipDoNotCountForCommunityTransmission()
    {
        // One unknown-source case in 铁区社区居委会 and two that name only its township: no community has two.
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
            .Case(HorqinTownship, "2020-11-16", source: InfectionSource.Unknown)
            .Case(HorqinTownship, "2020-11-17", source: InfectionSource.Unknown);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.2"));
    }

    [Fact]
    public void SuspectedUnknownSourceCaseDoesNotCountForCommunityTransmission()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-16", Classification.Suspected, InfectionSource.Unknown);

        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }

    [Fact]
    public void AsymptomaticUnknownSourceCasesCountForCommunityTransmission()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", Classification.Asymptomatic, InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-16", Classification.Asymptomatic, InfectionSource.Unknown);

        Assert.Equal(Grade.III, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }

    [Fact]
    public void LinkedCasesInOneCommunityAreNoCommunityTransmission()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-16", source: InfectionSource.Linked, linkedTo: ["C1"]);

        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Grade);
    }

    // ---- detections (§1.5.1.2) ----

    [Fact]
    public void DetectionAloneMakesCountyGradeIVWithWarningIII()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Detection(Kailu, "2020-11-16", DetectionKind.Food), "2020-11-20");

        var county = result.Row(Kailu);
        Assert.Equal(Grade.IV, county.Grade);
        Assert.Equal(Grade.III, county.Warning);
        Assert.Equal(RiskLevel.Low, county.Risk);
        Assert.Null(county.LastCaseDate);
        Assert.Null(county.TerminationEligibleFrom);
        Assert.Equal(1, county.Reason(ReasonTopic.Grade, "1.5.1.2").Facts["detectionsIn14Days"]);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.1.1"));
    }

    [Fact]
    public void DetectionCountsOnItsChinaDay()
    {
        // 2020-11-19T16:30Z is 2020-11-20 00:30 in China.
        var scenario = new ScenarioBuilder().Detection(Kailu, "2020-11-20T00:30");

        Assert.Null(Assess.Tongliao(scenario, "2020-11-19").Row(Kailu).Grade);
        Assert.Equal(Grade.IV, Assess.Tongliao(scenario, "2020-11-20").Row(Kailu).Grade);
    }

    [Fact]
    public void DetectionFourteenDaysBeforeAsOfDayNoLongerMakesCountyAffected()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Detection(Kailu, "2020-11-06"), "2020-11-20");

        Assert.Null(result.Row(Kailu).Grade);
        Assert.Null(result.Row(Horqin).Warning);
    }
}
