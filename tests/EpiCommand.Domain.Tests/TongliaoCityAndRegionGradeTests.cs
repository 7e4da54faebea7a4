using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// Tongliao grades above the county: aggregation from children, the linked chain of §1.5.2.3 (city III)
/// and the region criteria of §1.5.3 (province II).
/// </summary>
public class TongliaoCityAndRegionGradeTests
{
    /// <summary>Two unknown-source cases in 铁区社区居委会: 科尔沁区 III by §1.5.2.2.</summary>
    private static ScenarioBuilder CommunityTransmission(ScenarioBuilder builder) => builder
        .Case(CommunityA, "2020-11-15", source: InfectionSource.Unknown, id: "U1")
        .Case(CommunityA, "2020-11-16", source: InfectionSource.Unknown, id: "U2");

    /// <summary>C1 imported in 科尔沁区 on <paramref name="firstDay"/>, C2 in 开鲁县 on 11-12 linked to C1.</summary>
    private static ScenarioBuilder Chain(string firstDay = "2020-11-10") => new ScenarioBuilder()
        .Case(CommunityA, firstDay, source: InfectionSource.Imported)
        .Case(KailuCommunity, "2020-11-12", linkedTo: ["C1"]);

    // ---- parents ----

    [Fact]
    public void CityAndProvinceGradesAreAtLeastTheHighestCountyGrade()
    {
        var scenario = CommunityTransmission(new ScenarioBuilder()).Case(KailuCommunity, "2020-11-17");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        Assert.Equal(Grade.III, result.Row(Horqin).Grade);
        Assert.Equal(Grade.IV, result.Row(Kailu).Grade);
        var city = result.Row(Tongliao);
        Assert.Equal(Grade.III, city.Grade);
        Assert.Equal(Grade.II, city.Warning);
        var reason = city.Reason(ReasonTopic.Grade, "1.5");
        Assert.Equal(Horqin, reason.Facts["childRegion"]);
        Assert.Equal("III", reason.Facts["childGrade"]);
        Assert.Equal(Grade.III, result.Row(Province).Grade);
        Assert.Null(result.Row(Chifeng).Grade);
    }

    [Fact]
    public void PendingGradePropagatesFromCityToProvince()
    {
        var result = Assess.Tongliao(Chain(), "2020-11-20");

        var province = result.Row(Province);
        Assert.Equal(Grade.IV, province.Grade);
        Assert.Equal(Grade.III, province.PendingGrade);
        var reason = province.Reason(ReasonTopic.PendingGrade, "1.5");
        Assert.Equal(Tongliao, reason.Facts["childRegion"]);
        Assert.Equal("III", reason.Facts["childPendingGrade"]);
    }

    [Fact]
    public void PendingGradeNotAboveTheGradeIsNull()
    {
        // The chain makes III pending for the city, but the city is III already through 科尔沁区.
        var result = Assess.Tongliao(CommunityTransmission(Chain()), "2020-11-20");

        var city = result.Row(Tongliao);
        Assert.Equal(Grade.III, city.Grade);
        Assert.Null(city.PendingGrade);
        Assert.DoesNotContain(city.Reasons, r => r.Topic == ReasonTopic.PendingGrade);
        Assert.Equal(Grade.III, result.Row(Province).Grade);
        Assert.Null(result.Row(Province).PendingGrade);
    }

    // ---- the linked chain, §1.5.2.3 ----

    [Fact]
    public void ChainAcrossTwoCountiesWithSpreadTrendMakesCityGradeIII()
    {
        var scenario = Chain().Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        var city = result.Row(Tongliao);
        Assert.Equal(Grade.III, city.Grade);
        Assert.Null(city.PendingGrade);
        var reason = city.Reason(ReasonTopic.Grade, "1.5.2.3");
        Assert.False(reason.Pending);
        Assert.Equal(2, reason.Facts["chainCounties"]);
        Assert.Equal([Horqin, Kailu], Assert.IsType<List<string>>(reason.Facts["chainCountyCodes"]));
        Assert.Equal(Grade.IV, result.Row(Horqin).Grade);
        Assert.Equal(Grade.IV, result.Row(Kailu).Grade);
        Assert.Equal(Grade.III, result.Row(Province).Grade);
    }

    [Fact]
    public void ChainAcrossTwoCountiesWithoutSpreadTrendMakesCityGradeIIIPending()
    {
        var city = Assess.Tongliao(Chain(), "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Equal(Grade.III, city.PendingGrade);
        var reason = city.Reason(ReasonTopic.PendingGrade, "1.5.2.3");
        Assert.True(reason.Pending);
        Assert.Equal("spreadTrend", reason.MissingJudgment);
        Assert.Equal(2, reason.Facts["chainCounties"]);
    }

    [Fact]
    public void ChainCaseOutsideTheFourteenDayWindowDoesNotSpanItsCounty()
    {
        // C1 on 11-06 is outside 11-07 … 11-20: the chain spans only 开鲁县.
        var scenario = Chain(firstDay: "2020-11-06").Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Null(city.PendingGrade);
        Assert.False(city.HasReason(ReasonTopic.Grade, "1.5.2.3"));
    }

    [Fact]
    public void ChainJoinedThroughAnOldCaseSpansOnlyTheCountiesOfItsRecentCases()
    {
        // C1 (科左中旗, 11-01) is outside the window but still joins C2 (科尔沁区) and C3 (开鲁县): two counties, not three.
        var scenario = new ScenarioBuilder()
            .Case(ZuoZhongCommunity, "2020-11-01", source: InfectionSource.Imported)
            .Case(CommunityA, "2020-11-15", linkedTo: ["C1"])
            .Case(KailuCommunity, "2020-11-16", linkedTo: ["C1"])
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.III, city.Grade);
        var reason = city.Reason(ReasonTopic.Grade, "1.5.2.3");
        Assert.Equal(2, reason.Facts["chainCounties"]);
        Assert.Equal([Horqin, Kailu], Assert.IsType<List<string>>(reason.Facts["chainCountyCodes"]));
    }

    [Fact]
    public void CasesSharingASettingFormAChainAcrossCounties()
    {
        // Not linked by linkedTo, but both name setting S1.
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA)
            .Case(CommunityA, "2020-11-10", setting: "S1")
            .Case(KailuCommunity, "2020-11-12", setting: "S1")
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.III, city.Grade);
        Assert.Equal(2, city.Reason(ReasonTopic.Grade, "1.5.2.3").Facts["chainCounties"]);
    }

    [Fact]
    public void UnlinkedCasesInTwoCountiesAreNoChain()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-10")
            .Case(KailuCommunity, "2020-11-12")
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Null(city.PendingGrade);
    }

    [Fact]
    public void ChainWithinOneCountyDoesNotMakeCityGradeIII()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-10", source: InfectionSource.Imported)
            .Case(CommunityB, "2020-11-12", linkedTo: ["C1"])
            .Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var city = Assess.Tongliao(scenario, "2020-11-20").Row(Tongliao);

        Assert.Equal(Grade.IV, city.Grade);
        Assert.Null(city.PendingGrade);
    }

    // ---- region grade II, §1.5.3 ----

    /// <summary>A case in 科尔沁区 (通辽市) on <paramref name="tongliaoDay"/> and one in 红山区 (赤峰市) on 11-18.</summary>
    private static ScenarioBuilder CasesInTwoCities(string tongliaoDay = "2020-11-15") => new ScenarioBuilder()
        .Case(CommunityA, tongliaoDay)
        .Case(HongshanCommunity, "2020-11-18");

    [Fact]
    public void CasesInTwoCitiesWithinSevenDaysWithSpreadTrendMakeProvinceGradeII()
    {
        var scenario = CasesInTwoCities().Judgment(JudgmentKind.SpreadTrend, Province, "2020-11-01");

        var result = Assess.Tongliao(scenario, "2020-11-20");

        var province = result.Row(Province);
        Assert.Equal(Grade.II, province.Grade);
        Assert.Null(province.PendingGrade);
        Assert.Equal(Grade.I, province.Warning);
        var reason = province.Reason(ReasonTopic.Grade, "1.5.3.1");
        Assert.Equal(2, reason.Facts["citiesMatching"]);
        Assert.Equal([Tongliao, Chifeng], Assert.IsType<List<string>>(reason.Facts["matchingCities"]));
        Assert.Equal(Grade.IV, result.Row(Tongliao).Grade);
        Assert.Equal(Grade.IV, result.Row(Chifeng).Grade);
    }

    [Fact]
    public void CasesInTwoCitiesWithinSevenDaysWithoutSpreadTrendMakeProvinceGradeIIPending()
    {
        var province = Assess.Tongliao(CasesInTwoCities(), "2020-11-20").Row(Province);

        Assert.Equal(Grade.IV, province.Grade);
        Assert.Equal(Grade.II, province.PendingGrade);
        var reason = province.Reason(ReasonTopic.PendingGrade, "1.5.3.1");
        Assert.Equal("spreadTrend", reason.MissingJudgment);
    }

    [Fact]
    public void CaseEightDaysBeforeAsOfDayDoesNotCountForRegionGradeII()
    {
        // 11-12 lies outside 11-14 … 11-20.
        var scenario = CasesInTwoCities(tongliaoDay: "2020-11-12").Judgment(JudgmentKind.SpreadTrend, Province, "2020-11-01");

        var province = Assess.Tongliao(scenario, "2020-11-20").Row(Province);

        Assert.Equal(Grade.IV, province.Grade);
        Assert.Null(province.PendingGrade);
    }

    [Fact]
    public void SpreadTrendForACityDoesNotCountForTheProvince()
    {
        var scenario = CasesInTwoCities().Judgment(JudgmentKind.SpreadTrend, Tongliao, "2020-11-01");

        var province = Assess.Tongliao(scenario, "2020-11-20").Row(Province);

        Assert.Equal(Grade.IV, province.Grade);
        Assert.Equal(Grade.II, province.PendingGrade);
    }

    [Fact]
    public void CommunityTransmissionInTwoCitiesWithSpreadTrendMakesProvinceGradeII()
    {
        var scenario = CommunityTransmission(new ScenarioBuilder())
            .Case(HongshanCommunity, "2020-11-17", source: InfectionSource.Unknown)
            .Case(HongshanCommunity, "2020-11-18", source: InfectionSource.Unknown)
            .Judgment(JudgmentKind.SpreadTrend, Province, "2020-11-01");

        var province = Assess.Tongliao(scenario, "2020-11-20").Row(Province);

        Assert.Equal(Grade.II, province.Grade);
        Assert.Equal(2, province.Reason(ReasonTopic.Grade, "1.5.3.3").Facts["citiesMatching"]);
    }

    [Fact]
    public void ClustersInTwoCitiesWithinSevenDaysWithSpreadTrendMakeProvinceGradeII()
    {
        var scenario = new ScenarioBuilder()
            .Setting("S1", CommunityA).Setting("S2", HongshanCommunity)
            .SettingCases("S1", CommunityA, "2020-11-12", "2020-11-13", "2020-11-14", "2020-11-15", "2020-11-16")
            .SettingCases("S2", HongshanCommunity, "2020-11-14", "2020-11-15", "2020-11-16", "2020-11-17", "2020-11-18")
            .Judgment(JudgmentKind.SpreadTrend, Province, "2020-11-01");

        var province = Assess.Tongliao(scenario, "2020-11-20").Row(Province);

        Assert.Equal(Grade.II, province.Grade);
        Assert.Equal(2, province.Reason(ReasonTopic.Grade, "1.5.3.2").Facts["citiesMatching"]);
    }
}
