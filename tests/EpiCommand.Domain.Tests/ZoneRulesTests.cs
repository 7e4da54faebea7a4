using EpiCommand.Domain.Response;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>Control zones and lockdowns (001 §5.2.6, §5.3.2; 004 §九(一)6).</summary>
public class ZoneRulesTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("normal", false)]
    [InlineData("IV", false)]
    [InlineData("III", true)]
    [InlineData("II", true)]
    [InlineData("I", true)]
    public void LockdownNeedsALevelThreeResponseOrAbove(string? level, bool permitted)
    {
        Assert.Equal(permitted, ZoneRules.PermitsLockdown(TestPlans.Tongliao, level));
    }

    [Fact]
    public void ZonesLastTheLongestIncubationPeriodUnlessToldOtherwise()
    {
        Assert.Equal(14, ZoneRules.DefaultDays(TestPlans.Tongliao));
    }

    [Fact]
    public void TheMinimumUnitsAreThoseOfThePlans()
    {
        Assert.Equal(["building", "ward", "compound", "villageGroup", "class", "unit", "workshop", "office", "household"], ZoneRules.UnitKinds.Keys);
        Assert.Equal("自然村组", ZoneRules.UnitKindName("villageGroup"));
        Assert.Equal("疫区", ZoneRules.UnitKindName(ZoneRules.LockdownUnitKind));
    }
}
