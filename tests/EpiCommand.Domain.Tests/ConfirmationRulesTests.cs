using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Tests;

public sealed class ConfirmationRulesTests
{
    [Fact]
    public void FirstConfirmedCaseOfTheYearNeedsBothRetestsAndTheRegionsExperts()
    {
        var steps = ConfirmationRules.Required(Classification.Confirmed, firstOfYearInCity: true, severeOrCritical: false);
        Assert.Equal([ConfirmationStep.CityCdcRetest, ConfirmationStep.RegionCdcRetest, ConfirmationStep.RegionExpertConfirmation], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal("4.2.1", s.Clause));
    }

    [Fact]
    public void LaterConfirmedCaseNeedsTheCityRetestAndTheCityExperts()
    {
        var steps = ConfirmationRules.Required(Classification.Confirmed, firstOfYearInCity: false, severeOrCritical: false);
        Assert.Equal([ConfirmationStep.CityCdcRetest, ConfirmationStep.CityExpertConfirmation], steps.Select(s => s.Step));
        Assert.Equal([false, true], steps.Select(s => s.ByExperts));
    }

    [Fact]
    public void SevereOrCriticalCaseAlsoNeedsTheRegionsReview()
    {
        var steps = ConfirmationRules.Required(Classification.Confirmed, firstOfYearInCity: false, severeOrCritical: true);
        Assert.Equal(ConfirmationStep.RegionExpertReview, steps[^1].Step);
        Assert.Equal("4.2.3", steps[^1].Clause);
    }

    [Fact]
    public void AsymptomaticCaseIsConfirmedByTheCityAndSuspectedCasesNeedNothingYet()
    {
        Assert.Equal("4.2.4", ConfirmationRules.Required(Classification.Asymptomatic, firstOfYearInCity: true, severeOrCritical: false)[0].Clause);
        Assert.Empty(ConfirmationRules.Required(Classification.Suspected, firstOfYearInCity: true, severeOrCritical: false));
    }

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("11010519491331002X", false)]
    [InlineData("1101051949123100", false)]
    [InlineData("11010519491231002x", true)]
    public void ResidentIdsAreCheckedWithTheGb11643CheckCharacter(string text, bool valid)
    {
        Assert.Equal(valid, ResidentId.TryParse(text, out var id, out var error));
        Assert.Equal(valid, error is null);
        if (valid) Assert.Equal("1101**********002X", id!.Masked);
    }

    [Fact]
    public void PhoneNumbersAreMaskedInTheMiddle() => Assert.Equal("139****5678", PhoneNumbers.Mask("13904755678"));
}
