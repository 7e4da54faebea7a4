using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>When beds, ICU beds, quarantine rooms and reserves run out (issue 15 §4): at the fitted trend of the curve, or in a scenario.</summary>
public class ForecasterTests
{
    private static readonly DateOnly Today = new(2020, 10, 15);

    /// <summary>Round figures to compute by hand: stay 14 days, 10% in ICU, 10 contacts per case for 14 days, reserves for 30 days.</summary>
    private static readonly ForecastAssumptions Simple = new(WindowDays: 14, HorizonDays: 60, LengthOfStayDays: 14, IcuShare: 0.1, ContactsPerCase: 10,
        QuarantineDays: 14, RoomsPerContact: 1, ReserveDays: 30, MinCasesToFit: 5, MinDoublingDays: 2);

    private static int[] Flat(int perDay) => [.. Enumerable.Repeat(perDay, 14)];

    private static int? RunsOut(ForecastResult result, ForecastResource resource) => result.RunOuts.Single(r => r.Resource == resource).Day;

    [Fact]
    public void Fifty_cases_a_day_for_twenty_days_fill_500_beds_on_day_11()
    {
        // Beds needed on day t are the cases of the last 14 days: 50·t until day 14. 50·10 = 500 still fits; 50·11 = 550 does not.
        // ICU: 5·t > 30 from day 7. Rooms: 500·t > 3000 from day 7. Reserves: 30 × 500 = 15,000 bed-days; used 50·t(t+1)/2 up to
        // day 14 (5,250), then 700 a day to day 20 (9,450), then falling by 50 a day to none on day 34 (14,000 in all): never out.
        var result = Forecaster.Scenario(Today, Flat(0), casesPerDay: 50, days: 20, new ForecastCapacity(Beds: 500, IcuBeds: 30, QuarantineRooms: 3000), Simple);

        Assert.Equal(11, RunsOut(result, ForecastResource.Beds));
        Assert.Equal(Today.AddDays(11), result.RunOuts.Single(r => r.Resource == ForecastResource.Beds).Date);
        Assert.Equal(7, RunsOut(result, ForecastResource.IcuBeds));
        Assert.Equal(7, RunsOut(result, ForecastResource.QuarantineRooms));
        Assert.Null(RunsOut(result, ForecastResource.Reserves));
        Assert.Equal(14_000, result.Days[^1].ReserveUsed, precision: 6);
        Assert.Equal(700, result.RunOuts.Single(r => r.Resource == ForecastResource.Beds).Peak, precision: 6);
        Assert.Equal(TrendKind.Scenario, result.Trend.Kind);
    }

    [Fact]
    public void Reserves_for_30_days_of_200_beds_run_out_on_day_16_of_the_scenario()
    {
        // 6,000 bed-days: 5,250 used by day 14, 5,950 by day 15, 6,650 by day 16.
        var result = Forecaster.Scenario(Today, Flat(0), 50, 20, new ForecastCapacity(200, 20, 0), Simple);

        Assert.Equal(16, RunsOut(result, ForecastResource.Reserves));
        Assert.Equal(5, RunsOut(result, ForecastResource.Beds));
    }

    [Fact]
    public void Patients_already_admitted_are_in_the_beds_on_day_zero()
    {
        // 10 a day for 14 days: 140 in beds today, above 100 beds: out already (in 0 days).
        var result = Forecaster.Scenario(Today, Flat(10), 0, 0, new ForecastCapacity(100, 100, 100_000), Simple);

        Assert.Equal(140, result.Days[0].Beds, precision: 6);
        Assert.Equal(0, RunsOut(result, ForecastResource.Beds));
        // With no new cases they leave one day's admissions a day: 130 on day 1 … 0 on day 14.
        Assert.Equal(130, result.Days[1].Beds, precision: 6);
        Assert.Equal(0, result.Days[14].Beds, precision: 6);
    }

    [Fact]
    public void A_doubling_curve_runs_the_beds_out_sooner_than_a_flat_one_with_the_same_cases()
    {
        int[] doubling = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 4, 8, 16, 32];
        var flat = Flat(doubling.Sum() / 14);
        var capacity = new ForecastCapacity(200, 20, 100_000);

        var growing = Forecaster.AtTrend(Today, doubling, capacity, Simple);
        var steady = Forecaster.AtTrend(Today, flat, capacity, Simple);

        Assert.Equal(TrendKind.Fitted, growing.Trend.Kind);
        Assert.True(growing.Trend.DailyGrowth > 0);
        Assert.NotNull(RunsOut(growing, ForecastResource.Beds));
        // Flat at 4 a day: 56 in beds at most, never above 200.
        Assert.Equal(TrendKind.Fitted, steady.Trend.Kind);
        Assert.Equal(0, steady.Trend.DailyGrowth, precision: 9);
        Assert.Null(RunsOut(steady, ForecastResource.Beds));
    }

    [Fact]
    public void Growth_faster_than_the_cap_is_held_to_doubling_every_two_days()
    {
        int[] explosive = [0, 0, 0, 0, 0, 0, 0, 2, 8, 26, 80, 242, 728, 2186]; // tripling every day

        var trend = Forecaster.Fit(explosive, Simple);

        Assert.True(trend.Capped);
        Assert.Equal(Math.Log(2) / 2, trend.DailyGrowth, precision: 9);
        Assert.Equal(2, trend.DoublingDays!.Value, precision: 9);
    }

    [Fact]
    public void Fewer_cases_than_the_minimum_read_as_flat_at_the_daily_mean()
    {
        int[] few = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2];

        var result = Forecaster.AtTrend(Today, few, new ForecastCapacity(10, 1, 1000), Simple);

        Assert.Equal(TrendKind.Flat, result.Trend.Kind);
        Assert.Equal(4.0 / 14, result.Days[1].NewCases, precision: 9);
        Assert.Equal(4.0 / 14, result.Days[60].NewCases, precision: 9);
    }

    [Fact]
    public void No_cases_and_any_capacity_run_nothing_out()
    {
        var result = Forecaster.AtTrend(Today, Flat(0), new ForecastCapacity(0, 0, 0), Simple);

        Assert.All(result.RunOuts, r => Assert.Null(r.Day));
        Assert.Equal(61, result.Days.Count);
    }

    [Fact]
    public void More_cases_today_bring_the_day_the_beds_run_out_earlier()
    {
        int[] before = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7];
        int[] after = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 27];
        var capacity = new ForecastCapacity(300, 30, 100_000);

        var earlier = RunsOut(Forecaster.AtTrend(Today, after, capacity, Simple), ForecastResource.Beds);
        var later = RunsOut(Forecaster.AtTrend(Today, before, capacity, Simple), ForecastResource.Beds);

        Assert.NotNull(earlier);
        Assert.NotNull(later);
        Assert.True(earlier < later, $"{earlier} should be before {later}");
    }

    [Fact]
    public void The_tongliao_plan_states_every_assumption_with_its_clause_or_as_the_platforms_own()
    {
        var listed = TestPlans.Tongliao.Forecast;
        var assumptions = ForecastAssumptions.From(listed);

        Assert.NotNull(assumptions);
        Assert.Equal(100, assumptions.ContactsPerCase);
        Assert.Equal("5.1.3(5)", listed.Single(a => a.Key == "contactsPerCase").Clause);
        Assert.Equal(30, assumptions.ReserveDays);
        Assert.Equal("5.1.3(4)", listed.Single(a => a.Key == "reserveDays").Clause);
        Assert.Equal(14, assumptions.QuarantineDays);
        Assert.Equal("5.2.7", listed.Single(a => a.Key == "quarantineDays").Clause);
        Assert.Null(listed.Single(a => a.Key == "lengthOfStayDays").Clause);
    }
}
