using EpiCommand.Domain.People;
using EpiCommand.Domain.Plans;

namespace EpiCommand.Domain.Tests;

public sealed class KeyPopulationScheduleTests
{
    private static readonly DateTimeOffset Arrival = new(2022, 10, 1, 15, 0, 0, TimeSpan.FromHours(8));

    private static KeyPopulationProtocol Protocol(string id) =>
        PlanCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "plans")).Get("autumn-2022").KeyPopulations.Single(p => p.Id == id);

    [Fact]
    public void InboundArrivalsAreObservedSevenDaysWithOneNucleicAcidAndOneSerologyTestOnTheLastDay()
    {
        var plan = KeyPopulationSchedule.For(Protocol("inbound-after-14"), Arrival, null);
        Assert.False(plan.Exempt);
        Assert.Equal(new DateOnly(2022, 10, 8), plan.ObservationEnds);
        Assert.Equal(["nucleicAcid", "serology"], plan.Tests.Select(t => t.Kind).Order());
        Assert.All(plan.Tests, t => Assert.Equal(new DateTimeOffset(2022, 10, 8, 10, 0, 0, TimeSpan.FromHours(8)), t.DueAt));
    }

    [Fact]
    public void KeyRegionArrivalsGetTwoNucleicAcidTestsSpreadOverFourteenDaysAndASerologyTest()
    {
        var plan = KeyPopulationSchedule.For(Protocol("key-region-arrivals"), Arrival, null);
        Assert.Equal(new DateOnly(2022, 10, 15), plan.ObservationEnds);
        var nucleic = plan.Tests.Where(t => t.Kind == "nucleicAcid").Select(t => DateOnly.FromDateTime(t.DueAt.ToOffset(TimeSpan.FromHours(8)).DateTime)).ToList();
        Assert.Equal([new DateOnly(2022, 10, 2), new DateOnly(2022, 10, 15)], nucleic);
        Assert.Single(plan.Tests, t => t.Kind == "serology");
    }

    [Fact]
    public void FocusRegionArrivalsAreTestedWithinADayWithoutObservation()
    {
        var plan = KeyPopulationSchedule.For(Protocol("focus-region-arrivals"), Arrival, null);
        Assert.Null(plan.ObservationEnds);
        Assert.All(plan.Tests, t => Assert.Equal(Arrival.AddHours(24), t.DueAt));
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public void ReturneesWithANegativeTestWithinSevenDaysMoveFreelyOthersAreTestedWithin24Hours(int daysBefore, bool exempt)
    {
        var protocol = PlanCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "plans")).Get("tongliao-2020").KeyPopulations.Single(p => p.Id == "returnees-medium-high-risk");
        var plan = KeyPopulationSchedule.For(protocol, Arrival, Arrival.AddDays(-daysBefore));
        Assert.Equal(exempt, plan.Exempt);
        if (!exempt) Assert.Equal(Arrival.AddHours(24), Assert.Single(plan.Tests).DueAt);
    }
}
