using EpiCommand.Domain.Response;

namespace EpiCommand.Domain.Tests;

/// <summary>Patient transfers between hospitals against the prohibitions of 001 §6.</summary>
public sealed class TransferBansTests
{
    private static readonly TransferFacts Clear = new(false, false, false, false, true, true, true, true, false, false);

    [Fact]
    public void ATestedApprovedEscortedPatientWithoutSuspicionMayBeTransferred() => Assert.Empty(TransferBans.Broken(Clear));

    [Fact]
    public void EachProhibitionIsNamedWhenBroken()
    {
        Assert.Equal(["fever"], TransferBans.Broken(Clear with { UnexplainedFever = true }).Select(b => b.Id));
        Assert.Equal(["untested"], TransferBans.Broken(Clear with { CtScanned = false }).Select(b => b.Id));
        Assert.Equal(["unapproved", "unescorted"], TransferBans.Broken(Clear with { HospitalApproved = false, Escorted = false }).Select(b => b.Id));
        Assert.Equal(["covidWithoutConsent"], TransferBans.Broken(Clear with { ConfirmedOrSuspected = true }).Select(b => b.Id));
        Assert.Empty(TransferBans.Broken(Clear with { ConfirmedOrSuspected = true, OriginAuthoritiesApproved = true }));
        Assert.All(TransferBans.All, b => Assert.Equal("6", b.Clause));
    }
}
