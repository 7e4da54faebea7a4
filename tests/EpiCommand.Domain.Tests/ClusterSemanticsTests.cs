using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// Semantics v2 of requirements.md "Cluster" (issue 11): runs of a setting's cases, the formation day of a run,
/// "occurs within N days as of D" for every clusters rule (Tongliao §1.5.2.1, §1.5.3.2, §1.6.3; Wujin 四(二)1),
/// several settings per case, and the top-level cluster list. Edge days on both sides of every bound.
/// </summary>
public class ClusterSemanticsTests
{
    // ---- formation: 4 vs 5 cases, the formation day itself ----

    [Fact]
    public void ClusterIsListedAndCountsOnItsFormationDayNotBefore()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05");

        var before = Assess.Wujin(scenario, "2020-02-04");
        var onTheDay = Assess.Wujin(scenario, "2020-02-05");

        // Four cases up to 02-04: no cluster yet.
        Assert.Empty(before.Clusters);
        Assert.Equal(Grade.IV, before.Row(Horqin).Grade);
        var cluster = Assert.Single(onTheDay.Clusters);
        Assert.Equal(("F1", Horqin, Assess.Day("2020-02-05"), Assess.Day("2020-02-05"), 5), (cluster.Setting, cluster.County, cluster.FormedOn, cluster.LastCaseDate, cluster.Cases));
        Assert.True(cluster.Active);
        Assert.Equal(Grade.III, onTheDay.Row(Horqin).Grade);
    }

    // ---- occurs within N days: the run's latest case decides, day 14 vs 15 ----

    [Fact]
    public void ClusterOccursWhileARunCaseIsWithinFourteenDaysAndNotAfter()
    {
        // Run 02-01 … 02-05, last case 02-05: within 14 days up to 02-18 (02-05 … 02-18), not on 02-19.
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05")
            .Case(CommunityB, "2020-02-18");

        var lastDay = Assess.Wujin(scenario, "2020-02-18");
        var dayAfter = Assess.Wujin(scenario, "2020-02-19");

        Assert.Equal(Grade.III, lastDay.Row(Horqin).Grade);
        Assert.True(Assert.Single(lastDay.Clusters).Active);
        Assert.Equal(Grade.IV, dayAfter.Row(Horqin).Grade);
        // A cluster that formed stays listed, no longer active.
        var listed = Assert.Single(dayAfter.Clusters);
        Assert.False(listed.Active);
        Assert.Equal(Assess.Day("2020-02-05"), listed.LastCaseDate);
    }

    [Fact]
    public void ClusterThatKeepsProducingCasesKeepsOccurring()
    {
        // Formed 02-05; a case every 10 days after it, the last on 03-16. As of 03-20 it formed 44 days ago and still occurs.
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05",
                "2020-02-15", "2020-02-25", "2020-03-06", "2020-03-16");

        var result = Assess.Wujin(scenario, "2020-03-20");

        var county = result.Row(Horqin);
        Assert.Equal(Grade.III, county.Grade);
        Assert.Equal(1, county.Reason(ReasonTopic.Grade, "四(二)1").Facts["clustersIn14Days"]);
        var cluster = Assert.Single(result.Clusters);
        Assert.Equal((Assess.Day("2020-02-05"), Assess.Day("2020-03-16"), 9), (cluster.FormedOn, cluster.LastCaseDate, cluster.Cases));
    }

    [Fact]
    public void CasesOfTheRunAfterTheAsOfDayAreNotCounted()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-08", "2020-02-12");

        var cluster = Assert.Single(Assess.Wujin(scenario, "2020-02-10").Clusters);

        Assert.Equal((Assess.Day("2020-02-08"), 6), (cluster.LastCaseDate, cluster.Cases));
    }

    // ---- runs: a gap of 14 days keeps the run, 15 starts a new one ----

    [Fact]
    public void ALateCaseDoesNotReviveAnOldCluster()
    {
        // Last run case 02-05; the next case 02-20 is 15 days later (> 02-05 + 14): a new run of one case.
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-20");

        var result = Assess.Wujin(scenario, "2020-02-21");

        Assert.Equal(Grade.IV, result.Row(Horqin).Grade);
        var cluster = Assert.Single(result.Clusters);
        Assert.Equal((Assess.Day("2020-02-05"), 5), (cluster.LastCaseDate, cluster.Cases));
        Assert.False(cluster.Active);
    }

    [Fact]
    public void ACaseFourteenDaysAfterThePreviousStillBelongsToTheRun()
    {
        // 02-19 = 02-05 + 14: the same run, so the cluster occurs again as of 02-21.
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05", "2020-02-19");

        var result = Assess.Wujin(scenario, "2020-02-21");

        Assert.Equal(Grade.III, result.Row(Horqin).Grade);
        var cluster = Assert.Single(result.Clusters);
        Assert.Equal((Assess.Day("2020-02-19"), 6), (cluster.LastCaseDate, cluster.Cases));
    }

    [Fact]
    public void ASecondRunOfASettingFormsASecondCluster()
    {
        var scenario = new ScenarioBuilder().Setting("F1", CommunityA)
            .SettingCases("F1", CommunityA, "2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05")
            .SettingCases("F1", CommunityA, "2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04");

        Assert.Single(Assess.Wujin(scenario, "2020-03-04").Clusters);
        var later = Assess.Wujin(scenario.Case(CommunityA, "2020-03-05", setting: "F1"), "2020-03-05");

        Assert.Equal([Assess.Day("2020-02-05"), Assess.Day("2020-03-05")], later.Clusters.Select(c => c.FormedOn));
        Assert.Equal([5, 5], later.Clusters.Select(c => c.Cases));
        Assert.Equal(Grade.III, later.Row(Horqin).Grade);
    }

    [Fact]
    public void ClustersAreListedByFormationDayThenSettingWithTheirCounty()
    {
        var scenario = new ScenarioBuilder().Setting("S2", CommunityA).Setting("S1", KailuCommunity).Setting("S3", CommunityB)
            .SettingCases("S3", CommunityB, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-06")
            .SettingCases("S2", CommunityA, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05")
            .SettingCases("S1", KailuCommunity, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05");

        var clusters = Assess.Tongliao(scenario, "2020-11-10").Clusters;

        Assert.Equal([("S1", Kailu), ("S2", Horqin), ("S3", Horqin)], clusters.Select(c => (c.Setting, c.County)));
    }

    // ---- Tongliao §1.5.2.1: two clusters within 7 days ----

    [Fact]
    public void AnOlderClusterStillProducingCasesCountsTowardsTwoInAWeek()
    {
        // S1 formed 11-05 and has a case on 11-14 (within 11-14 … 11-20); S2 forms 11-20.
        var scenario = new ScenarioBuilder().Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05", "2020-11-14")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.III, county.Grade);
        Assert.Equal(["S1", "S2"], Assert.IsType<List<string>>(county.Reason(ReasonTopic.Grade, "1.5.2.1").Facts["clusterSettingIds"]));
    }

    [Fact]
    public void AnOlderClusterWhoseLastCaseIsEightDaysAgoDoesNotCountTowardsTwoInAWeek()
    {
        // S1's last case 11-13 lies outside 11-14 … 11-20.
        var scenario = new ScenarioBuilder().Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05", "2020-11-13")
            .SettingCases("S2", CommunityB, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20");

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.False(county.HasReason(ReasonTopic.Grade, "1.5.2.1"));
    }

    // ---- Tongliao §1.6.3: high risk while a cluster occurs within 14 days ----

    /// <summary>46 older confirmed cases in 科尔沁区 on 10-20 and a cluster S1 formed 11-01 … 11-05, then one case on <paramref name="lastDay"/>.</summary>
    private static ScenarioBuilder LargeOutbreak(string lastDay)
    {
        var builder = new ScenarioBuilder().Setting("S1", CommunityA).Cases(46, CommunityB, "2020-10-20");
        return builder.SettingCases("S1", CommunityA, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05", lastDay);
    }

    [Fact]
    public void RiskStaysHighWhileTheClusterProducesCases()
    {
        // Formed 11-05 (15 days before 11-20), a case on 11-07: 11-07 … 11-20 holds it.
        var county = Assess.Tongliao(LargeOutbreak("2020-11-07"), "2020-11-20").Row(Horqin);

        Assert.Equal(RiskLevel.High, county.Risk);
        Assert.Equal(1, county.Reason(ReasonTopic.Risk, "1.6.3").Facts["clustersIn14Days"]);
    }

    [Fact]
    public void RiskFallsToMediumFourteenDaysAfterTheClustersLastCase()
    {
        // The cluster's last case 11-07; as of 11-21 the window 11-08 … 11-21 holds no case of it.
        // A sporadic confirmed case on 11-21 keeps the county in the medium rule rather than low.
        var scenario = LargeOutbreak("2020-11-07").Case(CommunityB, "2020-11-21");

        var county = Assess.Tongliao(scenario, "2020-11-21").Row(Horqin);

        Assert.Equal(RiskLevel.Medium, county.Risk);
        Assert.True(county.HasReason(ReasonTopic.Risk, "1.6.2"));
    }

    // ---- Tongliao §1.5.3.2: two cities each with a cluster within 7 days ----

    [Fact]
    public void TwoCitiesWithClustersOccurringInTheWeekMakeRegionII()
    {
        // 通辽市's cluster formed 11-05 and still has a case on 11-15; 赤峰市's forms 11-20. spreadTrend for the region.
        var scenario = new ScenarioBuilder().Setting("S1", CommunityA).Setting("S2", HongshanCommunity)
            .SettingCases("S1", CommunityA, "2020-11-01", "2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05", "2020-11-15")
            .SettingCases("S2", HongshanCommunity, "2020-11-16", "2020-11-17", "2020-11-18", "2020-11-19", "2020-11-20")
            .Judgment(JudgmentKind.SpreadTrend, Province, "2020-11-01");

        var met = Assess.Tongliao(scenario, "2020-11-20").Row(Province);
        // As of 11-22 the window is 11-16 … 11-22: S1's last case (11-15) has left it.
        var lapsed = Assess.Tongliao(scenario, "2020-11-22").Row(Province);

        Assert.Equal(Grade.II, met.Grade);
        Assert.Equal(2, met.Reason(ReasonTopic.Grade, "1.5.3.2").Facts["citiesMatching"]);
        Assert.False(lapsed.HasReason(ReasonTopic.Grade, "1.5.3.2"));
    }

    // ---- several settings per case ----

    [Fact]
    public void ACaseNamingTwoSettingsCountsInEach()
    {
        // X names S1 and S2; with four more cases in each setting both reach five.
        var scenario = new ScenarioBuilder().Setting("S1", CommunityA).Setting("S2", CommunityB)
            .SettingCases("S1", CommunityA, "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18")
            .SettingCases("S2", CommunityB, "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18")
            .Case(CommunityA, "2020-11-19", setting: "S1,S2", id: "X");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        Assert.Equal(["S1", "S2"], result.Clusters.Select(c => c.Setting));
        Assert.All(result.Clusters, c => Assert.Contains("X", c.CaseIds));
        Assert.Equal(Grade.III, result.Row(Horqin).Grade);
    }

    [Fact]
    public void ASettingNamedTwiceByOneCaseCountsOnce()
    {
        var scenario = ScenarioReader.Read("""
            {"regions": [{"code": "150502", "name": "科尔沁区", "level": "county"}],
             "settings": [{"id": "S1", "region": "150502"}],
             "cases": [
               {"id": "C1", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-15", "setting": "S1", "settings": ["S1"]},
               {"id": "C2", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-16", "setting": "S1"},
               {"id": "C3", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-17", "settings": ["S1", "S1"]},
               {"id": "C4", "classification": "confirmed", "region": "150502", "reportedAt": "2020-11-18", "setting": "S1"}]}
            """).Scenario!;

        Assert.Empty(AssessmentEngine.Assess(TestPlans.Wujin, scenario, Assess.Day("2020-11-20")).Clusters);
    }

    [Fact]
    public void ChainsJoinThroughAnySharedSetting()
    {
        // A in 科尔沁区 names S1 then S2; B in 开鲁县 names only S2: one chain over two counties (§1.5.2.3).
        var scenario = new ScenarioBuilder().Setting("S1", CommunityA).Setting("S2", KailuCommunity)
            .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown, setting: "S1,S2", id: "A")
            .Case(KailuCommunity, "2020-11-16", source: InfectionSource.Unknown, setting: "S2", id: "B")
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        var reason = city.Reason(ReasonTopic.Grade, "1.5.2.3");
        Assert.Equal(2, reason.Facts["chainCounties"]);
        Assert.Equal(["A", "B"], Assert.IsType<List<string>>(reason.Facts["chainCaseIds"]));
    }
}
