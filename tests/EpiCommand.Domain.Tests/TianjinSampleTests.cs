using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// samples/tianjin-2020.json, the Tianjin 2020 line list mapped onto Tianjin's districts (samples/tianjin-2020.md, issue 11 §5):
/// the 宝坻百货大楼 cluster is found on the day it forms, and keeps occurring while store cases are reported.
/// </summary>
public class TianjinSampleTests
{
    private const string Baodi = "120115";

    private static readonly Lazy<Scenario> Scenario = new(() =>
    {
        var read = ScenarioReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "tianjin-2020.json")));
        Assert.Empty(read.Problems);
        return read.Scenario!;
    });

    [Fact]
    public void TheMappingHasTheWholeListAndTheStoreCasesOfMyReading()
    {
        var scenario = Scenario.Value;
        Assert.Equal(135, scenario.Cases.Count);
        Assert.All(scenario.Cases, c => Assert.Equal(Classification.Confirmed, c.Classification));
        Assert.Equal(26, scenario.Cases.Count(c => c.Settings.Contains("BD-MALL")));
        Assert.Equal(53, scenario.Cases.Count(c => c.Region == Baodi));
        Assert.Equal(["120114", "120117", "120119"], scenario.Regions.Single(r => r.Code == Baodi).Neighbors);
    }

    [Fact]
    public void TheStoreClusterIsNotThereTheDayBefore()
    {
        Assert.Empty(Assess.Tongliao(Scenario.Value, "2020-02-02").Clusters);
    }

    [Fact]
    public void TheStoreClusterIsFoundOnItsFormationDay()
    {
        var cluster = Assert.Single(Assess.Tongliao(Scenario.Value, "2020-02-03").Clusters);
        Assert.Equal(("BD-MALL", "宝坻百货大楼", "store", Baodi), (cluster.Setting, cluster.SettingName, cluster.SettingType, cluster.County));
        Assert.Equal((new DateOnly(2020, 2, 3), new DateOnly(2020, 2, 3), true), (cluster.FormedOn, cluster.LastCaseDate, cluster.Active));
        // TJ34, TJ37, TJ43, TJ48 before, and the six store cases confirmed on 3 February.
        Assert.Equal(["TJ34", "TJ37", "TJ43", "TJ48", "TJ50", "TJ51", "TJ53", "TJ57", "TJ58", "TJ68"], cluster.CaseIds.OrderBy(id => int.Parse(id[2..], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TheClusterKeepsOccurringAndBaodiReadsHighRiskOnceItPassesFiftyCases()
    {
        var on20 = Assess.Tongliao(Scenario.Value, "2020-02-20");
        var cluster = Assert.Single(on20.Clusters);
        Assert.Equal((26, new DateOnly(2020, 2, 20), true), (cluster.Cases, cluster.LastCaseDate, cluster.Active));
        Assert.Equal((Grade.IV, RiskLevel.Medium), (on20.Find(Baodi)!.Grade, on20.Find(Baodi)!.Risk));
        var on22 = Assess.Tongliao(Scenario.Value, "2020-02-22").Find(Baodi)!;
        // 001 §1.6.3: more than 50 confirmed cases and a cluster within 14 days.
        Assert.Equal((Grade.IV, RiskLevel.High, Grade.III), (on22.Grade, on22.Risk, on22.Warning));
        // 14 days after the last store case (2020-02-20) the cluster is over; the response may end 14 days after the last case.
        var over = Assess.Tongliao(Scenario.Value, "2020-03-06");
        Assert.False(Assert.Single(over.Clusters).Active);
        Assert.Equal(new DateOnly(2020, 3, 7), over.Find(Baodi)!.TerminationEligibleFrom);
    }
}
