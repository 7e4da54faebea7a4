using EpiCommand.Domain.Readiness;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// The forecast's assumptions a headquarters may change (issue 15 §4): the admission delay, the ICU stay, the length of stay, and
/// asymptomatic infections counted (001 §5.1.3(5) rooms for them; §5.2.7 their contacts quarantined) — each moving the run-out day
/// by what the arithmetic says.
/// </summary>
public class ForecastAssumptionsTests
{
    private static readonly DateOnly Today = new(2020, 10, 15);

    /// <summary>Stay 14 days, 10% in ICU, 10 contacts per case for 14 days, reserves for 30 days; admitted the day reported.</summary>
    private static readonly ForecastAssumptions Simple = new(WindowDays: 14, HorizonDays: 60, LengthOfStayDays: 14, IcuShare: 0.1, ContactsPerCase: 10,
        QuarantineDays: 14, RoomsPerContact: 1, ReserveDays: 30, MinCasesToFit: 5, MinDoublingDays: 2);

    private static readonly int[] None = new int[14];

    private static int? RunsOut(ForecastResult result, ForecastResource resource) => result.RunOuts.Single(r => r.Resource == resource).Day;

    [Fact]
    public void Admitted_two_days_after_the_report_the_500_beds_fill_on_day_13_instead_of_11()
    {
        // Beds on day t hold the cases reported from t−2−13 to t−2: 50·(t−2); 50·10 = 500 fits, 50·11 does not: t = 13.
        // ICU 5·(t−2) > 30 from t − 2 = 7; the quarantine starts from the report: 500·t > 3000 from day 7 either way.
        var capacity = new ForecastCapacity(Beds: 500, IcuBeds: 30, QuarantineRooms: 3000);
        var sameDay = Forecaster.Scenario(Today, None, 50, 20, capacity, Simple);
        var delayed = Forecaster.Scenario(Today, None, 50, 20, capacity, Simple with { AdmissionDelayDays = 2 });

        Assert.Equal(11, RunsOut(sameDay, ForecastResource.Beds));
        Assert.Equal(13, RunsOut(delayed, ForecastResource.Beds));
        Assert.Equal(Today.AddDays(13), delayed.RunOuts.Single(r => r.Resource == ForecastResource.Beds).Date);
        Assert.Equal(9, RunsOut(delayed, ForecastResource.IcuBeds));
        Assert.Equal(7, RunsOut(delayed, ForecastResource.QuarantineRooms));
        Assert.Equal(0, delayed.Days[2].Beds);
        Assert.Equal(50, delayed.Days[3].Beds);
    }

    [Fact]
    public void Five_days_in_ICU_instead_of_the_whole_stay_never_fill_30_ICU_beds()
    {
        // ICU on day t: 10% of the cases admitted in the last 5 days = 5·min(t, 5) ≤ 25; for the whole stay 5·t > 30 from day 7.
        var capacity = new ForecastCapacity(Beds: 10_000, IcuBeds: 30, QuarantineRooms: 100_000);
        Assert.Equal(7, RunsOut(Forecaster.Scenario(Today, None, 50, 20, capacity, Simple), ForecastResource.IcuBeds));
        var shortIcu = Forecaster.Scenario(Today, None, 50, 20, capacity, Simple with { IcuStayDays = 5 });
        Assert.Null(RunsOut(shortIcu, ForecastResource.IcuBeds));
        Assert.Equal(25, shortIcu.RunOuts.Single(r => r.Resource == ForecastResource.IcuBeds).Peak, precision: 6);
    }

    [Fact]
    public void Seven_days_in_hospital_instead_of_fourteen_never_fill_400_beds()
    {
        // 14 days: 50·t > 400 from day 9. 7 days: 50·min(t, 7) ≤ 350.
        var capacity = new ForecastCapacity(Beds: 400, IcuBeds: 1000, QuarantineRooms: 100_000);
        Assert.Equal(9, RunsOut(Forecaster.Scenario(Today, None, 50, 20, capacity, Simple), ForecastResource.Beds));
        Assert.Null(RunsOut(Forecaster.Scenario(Today, None, 50, 20, capacity, Simple with { LengthOfStayDays = 7 }), ForecastResource.Beds));
    }

    [Fact]
    public void Asymptomatic_infections_counted_fill_their_rooms_and_bring_their_contacts_into_quarantine()
    {
        // 10 asymptomatic infections a day, none confirmed: their rooms hold 10·min(t, 14) > 50 from day 6; their contacts
        // 10 × 10·t > 1,000 rooms from day 11. The beds stay empty.
        var capacity = new ForecastCapacity(Beds: 40, IcuBeds: 5, QuarantineRooms: 1000, AsymptomaticRooms: 50);
        var counted = Forecaster.Scenario(Today, None, 0, 20, capacity, Simple with { CountAsymptomatic = true }, None, asymptomaticPerDay: 10);
        Assert.Equal(6, RunsOut(counted, ForecastResource.AsymptomaticRooms));
        Assert.Equal(11, RunsOut(counted, ForecastResource.QuarantineRooms));
        Assert.Null(RunsOut(counted, ForecastResource.Beds));
        Assert.Equal(140, counted.RunOuts.Single(r => r.Resource == ForecastResource.AsymptomaticRooms).Peak, precision: 6);

        // Half of them in designated beds: 5·t in beds > 40 from day 9, 5·t in rooms > 50 from day 11.
        var halfInHospital = Forecaster.Scenario(Today, None, 0, 20, capacity, Simple with { CountAsymptomatic = true, AsymptomaticHospitalShare = 0.5 }, None, 10);
        Assert.Equal(9, RunsOut(halfInHospital, ForecastResource.Beds));
        Assert.Equal(11, RunsOut(halfInHospital, ForecastResource.AsymptomaticRooms));
        Assert.Null(RunsOut(halfInHospital, ForecastResource.IcuBeds));

        // Not counted: no rooms for them are forecast, and they bring no contacts.
        var left = Forecaster.Scenario(Today, None, 0, 20, capacity, Simple, None, 10);
        Assert.DoesNotContain(left.RunOuts, r => r.Resource == ForecastResource.AsymptomaticRooms);
        Assert.Null(RunsOut(left, ForecastResource.QuarantineRooms));
    }

    [Fact]
    public void Asymptomatic_infections_observed_are_projected_at_their_own_level_when_the_cases_are_flat()
    {
        // 7 asymptomatic infections today, none before, no confirmed case (flat): 0.5 a day ahead. Rooms on day t: 7 + 0.5·t,
        // 10 on day 6 (fits 10), 10.5 on day 7.
        var asymptomatic = new int[14];
        asymptomatic[^1] = 7;
        var capacity = new ForecastCapacity(Beds: 100, IcuBeds: 10, QuarantineRooms: 100_000, AsymptomaticRooms: 10);
        var result = Forecaster.AtTrend(Today, None, capacity, Simple with { CountAsymptomatic = true }, asymptomatic);
        Assert.Equal(TrendKind.Flat, result.Trend.Kind);
        Assert.Equal(7, RunsOut(result, ForecastResource.AsymptomaticRooms));
        Assert.Equal(0.5, result.Days[1].NewAsymptomatic, precision: 6);
        Assert.Equal(7, result.Days[0].AsymptomaticRooms, precision: 6);
    }

    [Fact]
    public void A_plan_without_the_optional_keys_runs_as_before_and_one_with_them_takes_them()
    {
        List<ForecastAssumption> listed =
        [
            new("windowDays", 14, null, null), new("horizonDays", 60, null, null), new("lengthOfStayDays", 14, null, null), new("icuShare", 0.05, null, null),
            new("contactsPerCase", 100, "5.1.3(5)", null), new("quarantineDays", 14, "5.2.7", null), new("roomsPerContact", 1, null, null),
            new("reserveDays", 30, "5.1.3(4)", null), new("minCasesToFit", 5, null, null), new("minDoublingDays", 2, null, null),
        ];
        var plain = ForecastAssumptions.From(listed)!;
        Assert.Equal(0, plain.AdmissionDelayDays);
        Assert.Null(plain.IcuStayDays);
        Assert.False(plain.CountAsymptomatic);

        var full = ForecastAssumptions.From([.. listed, new("admissionDelayDays", 1, null, null), new("icuStayDays", 10, null, null), new("countAsymptomatic", 1, "5.1.3(5)", null),
            new("asymptomaticDays", 7, null, null), new("asymptomaticHospitalShare", 0.25, null, null)])!;
        Assert.Equal(1, full.AdmissionDelayDays);
        Assert.Equal(10, full.IcuStayDays);
        Assert.True(full.CountAsymptomatic);
        Assert.Equal(7, full.AsymptomaticDays);
        Assert.Equal(0.25, full.AsymptomaticHospitalShare);
    }
}
