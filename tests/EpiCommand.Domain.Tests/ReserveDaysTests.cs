using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// 001 §5.1.3(4) reserve days from the stock ledger: stock on hand ÷ (use per patient-day × planned confirmed cases), the least over
/// the reserve items, the items short named with what is missing to 30 days; and the forecast's reserves spent from the same stock.
/// </summary>
public class ReserveDaysTests
{
    private static readonly DateOnly Today = new(2020, 10, 15);

    private static ReadinessNorm Norm => TestPlans.Tongliao.Readiness.Single(n => n.Id == "medical-supply-reserve-days");

    private static CapacityRegisters Registers(int? planned, params ReserveStock[] reserves) =>
        new(Today, [], [], [], [], new Sizing(planned), Reserves: reserves);

    private static readonly ReserveStock N95 = new("FH-N95", "N95医用防护口罩", "个", 36_000, 6);
    private static readonly ReserveStock Suits = new("FH-SUIT", "医用一次性防护服", "套", 4_000, 3);

    [Fact]
    public void The_days_are_the_least_over_the_items_and_the_gap_names_each_item_short()
    {
        // 100 planned cases: N95 600 a day → 36,000 last 60 days; suits 300 a day → 4,000 last 13.33 days (13.33 floored to hundredths);
        // 30 days of suits are 9,000: 5,000 missing.
        var result = ReadinessEvaluator.Evaluate(Norm, Registers(100, N95, Suits));

        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal(13.33, result.Value);
        Assert.Equal(30, result.Required);
        Assert.Equal("差 17 天（医用一次性防护服 13.33 天，差 5000 套）", result.Shortfall!.Value.Zh);
        Assert.Equal("17 days short (医用一次性防护服 13.33 days, 5000 套 short)", result.Shortfall!.Value.En);
        Assert.Equal("5.1.3(4)", result.Norm.Clause);
    }

    [Fact]
    public void Enough_of_every_item_meets_the_norm()
    {
        // 40 planned cases: N95 240 a day → 150 days; suits 120 a day → 33.33 days.
        var result = ReadinessEvaluator.Evaluate(Norm, Registers(40, N95, Suits));

        Assert.Equal(NormStatus.Met, result.Status);
        Assert.Equal(33.33, result.Value);
        Assert.Null(result.Shortfall);
    }

    [Fact]
    public void An_item_with_no_stock_is_zero_days_and_an_item_without_a_use_has_no_need()
    {
        var gloves = new ReserveStock("FH-GLOVE", "医用检查手套", "副", 0, 12);
        var thermometers = new ReserveStock("SB-THERM", "红外额温枪", "台", 0, 0);
        var result = ReadinessEvaluator.Evaluate(Norm, Registers(3, N95, gloves, thermometers));

        Assert.Equal(0, result.Value);
        // 3 cases × 12 a day × 30 days = 1,080 gloves.
        Assert.Equal("差 30 天（医用检查手套 0 天，差 1080 副）", result.Shortfall!.Value.Zh);
    }

    [Fact]
    public void Without_the_planned_cases_or_a_use_per_item_it_cannot_be_measured()
    {
        var unset = ReadinessEvaluator.Evaluate(Norm, Registers(null, N95));
        Assert.Equal(NormStatus.NotMeasurable, unset.Status);
        Assert.Contains("计划应对的确诊病例数", unset.Reason!.Value.Zh);

        var noUse = ReadinessEvaluator.Evaluate(Norm, Registers(100, N95 with { PerPatientDay = 0 }));
        Assert.Equal(NormStatus.NotMeasurable, noUse.Status);
        Assert.Contains("reserveUse", noUse.Reason!.Value.Zh);

        var notRead = ReadinessEvaluator.Evaluate(Norm, new CapacityRegisters(Today, [], [], [], [], new Sizing(100)));
        Assert.Contains("尚无登记", notRead.Reason!.Value.Zh);
    }

    [Fact]
    public void One_item_read_against_the_full_load_need()
    {
        var read = Reserves.Read(N95, patients: 250, requiredDays: 30);
        Assert.Equal(1_500, read.DailyNeed);
        Assert.Equal(24, read.Days);
        Assert.Equal(9_000, read.Missing);   // 45,000 for 30 days − 36,000
        Assert.Null(Reserves.Read(N95, 0, 30).Days);
    }

    [Fact]
    public void The_plan_gives_each_reserve_item_its_use_per_patient_day_without_a_clause()
    {
        var uses = TestPlans.Tongliao.ReserveUse;
        Assert.Equal(6, uses.Single(u => u.Item == "FH-N95").PerPatientDay);
        Assert.All(uses, u => Assert.Null(u.Clause));   // planning assumptions: no clause gives a quantity
        Assert.DoesNotContain(uses, u => u.Item == "SB-THERM");
    }

    [Fact]
    public void The_patient_days_covered_are_bounded_by_the_first_item_to_run_out()
    {
        var covered = Reserves.PatientDays([N95, Suits, new ReserveStock("SB-THERM", "红外额温枪", "台", 0, 0)]);
        Assert.Equal(4_000 / 3.0, covered!.Value.PatientDays, precision: 9);
        Assert.Equal("FH-SUIT", covered.Value.Limiting.Code);
        Assert.Null(Reserves.PatientDays([N95 with { PerPatientDay = 0 }]));
    }

    private static readonly ForecastAssumptions Simple = new(WindowDays: 14, HorizonDays: 60, LengthOfStayDays: 14, IcuShare: 0.1, ContactsPerCase: 10,
        QuarantineDays: 14, RoomsPerContact: 1, ReserveDays: 30, MinCasesToFit: 5, MinDoublingDays: 2);

    [Fact]
    public void The_forecasts_reserves_run_out_day_moves_with_the_stock_on_hand()
    {
        // 50 a day for 20 days: patient-days used 50·t(t+1)/2 to day 14 (5,250), then 700 a day. Suits at 3 a patient-day:
        // 4,000 cover 1,333 patient-days → out on day 7 (1,400 used); 9,000 cover 3,000 → day 11 (3,300); 18,000 cover 6,000 → day 16.
        int? OutWith(int suits)
        {
            var covered = Reserves.PatientDays([N95 with { OnHand = 1_000_000 }, Suits with { OnHand = suits }])!.Value;
            var capacity = new ForecastCapacity(Beds: 10_000, IcuBeds: 10_000, QuarantineRooms: 1_000_000, ReservePatientDays: covered.PatientDays, ReserveLimitingItem: covered.Limiting.Name);
            return Forecaster.Scenario(Today, [.. Enumerable.Repeat(0, 14)], 50, 20, capacity, Simple).RunOuts.Single(r => r.Resource == ForecastResource.Reserves).Day;
        }

        Assert.Equal(7, OutWith(4_000));
        Assert.Equal(11, OutWith(9_000));
        Assert.Equal(16, OutWith(18_000));
        Assert.Null(OutWith(100_000));   // 33,333 patient-days: 50·20·14 = 14,000 in all
    }
}
