using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>The plans' readiness norms read over registers (001 §5.1.3; 003 §二(一)): comparisons, thresholds and clauses are plan data.</summary>
public class ReadinessEvaluatorTests
{
    private static readonly DateOnly Today = new(2020, 10, 15);

    private static HospitalCapacity Hospital(long id, HospitalLevel level = HospitalLevel.Level2, HospitalKind kind = HospitalKind.General, bool fever = true,
        Designation designation = Designation.None, int beds = 500, int designatedBeds = 0, int icu = 0, int doctors = 0, int nurses = 0, bool city = false) =>
        new(id, $"医院{id}", city, level, kind, fever, designation, beds, designatedBeds, icu, doctors, nurses);

    private static QuarantineCapacity Site(int contacts, int asymptomatic, SiteStatus status = SiteStatus.InUse, bool hotel = true) =>
        new(1, "隔离点", false, contacts + asymptomatic, contacts, asymptomatic, status, hotel, 10);

    private static CapacityRegisters Registers(IReadOnlyList<HospitalCapacity>? hospitals = null, IReadOnlyList<LabCapacity>? labs = null,
        IReadOnlyList<QuarantineCapacity>? sites = null, IReadOnlyList<DrillRecord>? drills = null, int? planned = null) =>
        new(Today, hospitals ?? [], labs ?? [], sites ?? [], drills ?? [], new Sizing(planned));

    private static ReadinessNorm Norm(string id) => TestPlans.Tongliao.Readiness.Single(n => n.Id == id);

    [Fact]
    public void Quarantine_rooms_for_contacts_short_of_200_say_how_many_rooms_are_missing()
    {
        var result = ReadinessEvaluator.Evaluate(Norm("quarantine-rooms-contacts"), Registers(sites: [Site(120, 40), Site(42, 0)]));

        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal(162, result.Value);
        Assert.Equal(200, result.Required);
        Assert.Equal("差 38 间", result.Shortfall!.Value.Zh);
        Assert.Equal("38 rooms short", result.Shortfall!.Value.En);
        Assert.Equal("5.1.3(5)", result.Norm.Clause);
    }

    [Fact]
    public void Enough_rooms_meet_the_norm()
    {
        var result = ReadinessEvaluator.Evaluate(Norm("quarantine-rooms-contacts"), Registers(sites: [Site(200, 50)]));
        Assert.Equal(NormStatus.Met, result.Status);
        Assert.Null(result.Shortfall);
    }

    [Fact]
    public void A_ratio_norm_is_sized_from_its_base_metric()
    {
        // 001 §5.1.3(2) 重症监护病区（病房）床位数应达到定点医院床位总数的10%: 250 designated beds → 25 ICU beds
        var hospitals = new[] { Hospital(1, HospitalLevel.Level3, designation: Designation.Designated, designatedBeds: 250, icu: 20), Hospital(2, icu: 50) };
        var result = ReadinessEvaluator.Evaluate(Norm("icu-beds"), Registers(hospitals));

        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal(20, result.Value);
        Assert.Equal(25, result.Required);
        Assert.Equal("差 5 张", result.Shortfall!.Value.Zh);
        Assert.Contains("定点医院床位数（250 张）", result.Requirement!.Value.Zh);
    }

    [Fact]
    public void Nurses_are_read_against_doctors_and_against_beds()
    {
        var designated = Hospital(1, designation: Designation.Designated, designatedBeds: 100, doctors: 40, nurses: 70);
        var doctorNurse = ReadinessEvaluator.Evaluate(Norm("doctor-nurse-ratio"), Registers([designated]));
        var bedNurse = ReadinessEvaluator.Evaluate(Norm("bed-nurse-ratio"), Registers([designated]));

        Assert.Equal("差 10 人", doctorNurse.Shortfall!.Value.Zh);   // 1:2 → 80 nurses for 40 doctors
        Assert.Equal(NormStatus.Met, bedNurse.Status);                 // 1:0.6 → 60 nurses for 100 beds
    }

    [Fact]
    public void Every_level_2_general_hospital_needs_a_fever_clinic()
    {
        var hospitals = new[] { Hospital(1), Hospital(2, fever: false), Hospital(3, HospitalLevel.Level1, fever: false), Hospital(4, kind: HospitalKind.Other, fever: false) };
        var result = ReadinessEvaluator.Evaluate(Norm("fever-clinics"), Registers(hospitals));
        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal("差 1 家", result.Shortfall!.Value.Zh);
    }

    [Fact]
    public void An_upper_bound_refuses_too_many_city_designated_hospitals()
    {
        var hospitals = Enumerable.Range(1, 3).Select(i => Hospital(i, city: true, designation: Designation.Designated)).ToList();
        var result = ReadinessEvaluator.Evaluate(Norm("designated-hospitals-city"), Registers(hospitals));
        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal("超 1 家", result.Shortfall!.Value.Zh);
        Assert.Equal("1—2 家", result.Requirement!.Value.Zh);
    }

    [Fact]
    public void County_testing_counts_the_county_cdc_and_each_county_hospital_with_a_lab()
    {
        var hospitals = new[] { Hospital(1), Hospital(2) };
        var labs = new[] { new LabCapacity(1, "疾控中心实验室", false, LabOwner.CountyCdc, null, 500, false), new LabCapacity(2, "医院1实验室", false, LabOwner.CountyHospital, 1, 800, false) };
        var result = ReadinessEvaluator.Evaluate(Norm("testing-labs-county"), Registers(hospitals, labs));
        Assert.Equal(2, result.Value);
        Assert.Equal(3, result.Required);
        Assert.Equal(NormStatus.NotMet, result.Status);
    }

    [Fact]
    public void The_quarantine_scale_needs_the_planned_confirmed_cases_the_headquarters_sets()
    {
        var unset = ReadinessEvaluator.Evaluate(Norm("quarantine-capacity"), Registers(sites: [Site(200, 50)]));
        Assert.Equal(NormStatus.NotMeasurable, unset.Status);
        Assert.Contains("确诊病例数", unset.Reason!.Value.Zh);

        var set = ReadinessEvaluator.Evaluate(Norm("quarantine-capacity"), Registers(sites: [Site(200, 50)], planned: 3));
        Assert.Equal(NormStatus.NotMet, set.Status);   // 1:100 → 300 rooms for 3 planned cases
        Assert.Equal("差 50 间", set.Shortfall!.Value.Zh);
    }

    [Fact]
    public void Metrics_the_registers_do_not_hold_yet_read_not_measurable_with_the_reason()
    {
        foreach (var id in new[] { "response-teams", "medical-supply-reserve-days", "mobile-testing-team" })
        {
            var result = ReadinessEvaluator.Evaluate(Norm(id), Registers());
            Assert.Equal(NormStatus.NotMeasurable, result.Status);
            Assert.Contains("尚无登记", result.Reason!.Value.Zh);
        }
        Assert.Equal(NormStatus.NotMeasurable, ReadinessEvaluator.Evaluate(Norm("five-haves"), Registers()).Status);
    }

    [Fact]
    public void Team_norms_count_the_types_formed_by_teams_with_people_on_their_rosters()
    {
        // 001 §5.1.3(1) seven types; 000 §三(二)1 the city's four medical rescue types; 000 §三(二)3, 4 the city's mobile teams.
        TeamCapacity Team(TeamType type, bool city, bool mobile, int members) => new(0, type.ToString(), city, type, mobile, members);
        var teams = Registers() with
        {
            Teams =
            [
                Team(TeamType.Epidemiology, city: true, mobile: true, members: 5),
                Team(TeamType.Epidemiology, city: false, mobile: false, members: 3),
                Team(TeamType.LaboratoryTesting, city: true, mobile: false, members: 4),
                Team(TeamType.MedicalTreatment, city: true, mobile: true, members: 0),
                Team(TeamType.Disinfection, city: false, mobile: false, members: 2),
            ],
        };
        var types = ReadinessEvaluator.Evaluate(Norm("response-teams"), teams);
        Assert.Equal((NormStatus.NotMet, (double?)3, (double?)7), (types.Status, types.Value, types.Required));
        // The testing team is not mobile; the treatment team has nobody on it.
        Assert.Equal(NormStatus.NotMet, ReadinessEvaluator.Evaluate(Norm("mobile-testing-team"), teams).Status);
        Assert.Equal(NormStatus.Met, ReadinessEvaluator.Evaluate(Norm("mobile-epi-team"), teams).Status);
        var rescue = ReadinessEvaluator.Evaluate(Norm("medical-rescue-teams"), teams);
        Assert.Equal(((double?)2, "差 2 类"), (rescue.Value, rescue.Shortfall!.Value.Zh));
        Assert.Equal(NormStatus.Met, ReadinessEvaluator.Evaluate(Norm("response-teams"), Registers() with
        {
            Teams = [.. Enum.GetValues<TeamType>().Select(t => Team(t, city: false, mobile: false, members: 1))],
        }).Status);
    }

    [Fact]
    public void Team_training_asks_every_formed_team_to_have_trained_or_drilled_within_the_plans_days()
    {
        // 001 §5.1.3(1) 加强培训和演练: tongliao-2020 states withinDays 90 (the platform's default; the plans give no interval).
        var norm = Norm("team-training");
        Assert.Equal("90", norm.Norm["withinDays"]);
        TeamCapacity Team(long id, int members) => new(id, $"队{id}", false, TeamType.Epidemiology, false, members);
        var registers = Registers() with { Teams = [Team(1, 5), Team(2, 3), Team(3, 0)] };
        Assert.Equal(NormStatus.NotMeasurable, ReadinessEvaluator.Evaluate(norm, registers).Status);

        // Team 1 trained 10 days ago, team 2 drilled 91 days ago (outside), the empty team 3 is not formed and not asked.
        var some = ReadinessEvaluator.Evaluate(norm, registers with
        {
            Trainings = [new(1, Today.AddDays(-10), TrainingKind.Training), new(2, Today.AddDays(-90), TrainingKind.Drill), new(3, Today, TrainingKind.Training)],
        });
        Assert.Equal((NormStatus.NotMet, (double?)1, (double?)2, "差 1 支"), (some.Status, some.Value, some.Required, some.Shortfall!.Value.Zh));

        var all = ReadinessEvaluator.Evaluate(norm, registers with
        {
            Trainings = [new(1, Today.AddDays(-10), TrainingKind.Training), new(2, Today.AddDays(-89), TrainingKind.Drill)],
        });
        Assert.Equal(NormStatus.Met, all.Status);

        // No formed team: at least one is asked for.
        var none = ReadinessEvaluator.Evaluate(norm, Registers() with { Teams = [], Trainings = [] });
        Assert.Equal((NormStatus.NotMet, "差 1 支"), (none.Status, none.Shortfall!.Value.Zh));
    }

    [Fact]
    public void The_reserve_catalogue_norm_counts_the_medical_categories_on_hand()
    {
        // 001 §5.1.3(4): 防护用品、药品、恢复期血浆、核酸检测试剂、消杀用品、医疗设备 — six categories in reserve.
        var norm = Norm("medical-supply-catalogue");
        var unread = ReadinessEvaluator.Evaluate(norm, Registers());
        Assert.Equal(NormStatus.NotMeasurable, unread.Status);

        var five = ReadinessEvaluator.Evaluate(norm, Registers() with { MedicalSupplyCategoriesInStock = ["Protective", "Drug", "Reagent", "Disinfectant", "Equipment", "Drug"] });
        Assert.Equal(NormStatus.NotMet, five.Status);
        Assert.Equal(((double?)5, (double?)6), (five.Value, five.Required));
        Assert.Equal("差 1 类", five.Shortfall!.Value.Zh);

        var six = ReadinessEvaluator.Evaluate(norm, Registers() with { MedicalSupplyCategoriesInStock = ["Protective", "Drug", "ConvalescentPlasma", "Reagent", "Disinfectant", "Equipment"] });
        Assert.Equal(NormStatus.Met, six.Status);
    }

    [Fact]
    public void An_unknown_metric_reads_not_measurable_instead_of_failing()
    {
        var norm = new ReadinessNorm("x", "1", "测试", null, "county", "noSuchMetric", new Dictionary<string, string> { ["atLeast"] = "1" }, []);
        var result = ReadinessEvaluator.Evaluate(norm, Registers());
        Assert.Equal(NormStatus.NotMeasurable, result.Status);
        Assert.Contains("noSuchMetric", result.Reason!.Value.Zh);
    }

    [Fact]
    public void Every_metric_the_plans_name_is_known()
    {
        var names = TestPlans.Catalog.All.SelectMany(ReadinessEvaluator.NormsOf)
            .SelectMany(n => new[] { n.Metric, n.Norm.GetValueOrDefault("of") }).OfType<string>().Distinct();
        Assert.All(names, name => Assert.NotNull(ReadinessMetrics.Find(name)));
    }

    [Fact]
    public void A_drill_rule_asks_for_a_drill_held_within_its_longest_interval()
    {
        var autumn = TestPlans.Catalog.Get("autumn-2022");
        var norm = ReadinessEvaluator.NormsOf(autumn).Single(n => n.Id == "command-drill");
        Assert.Equal("二(一)", norm.Clause);

        var stale = ReadinessEvaluator.Evaluate(norm, Registers(drills: [new DrillRecord(1, new(2020, 7, 1), new(2020, 7, 1))]));
        var recent = ReadinessEvaluator.Evaluate(norm, Registers(drills: [new DrillRecord(1, new(2020, 7, 1), new(2020, 9, 1)), new DrillRecord(2, new(2020, 11, 1), null)]));
        Assert.Equal(NormStatus.NotMet, stale.Status);
        Assert.Equal(NormStatus.Met, recent.Status);
    }

    [Fact]
    public void County_reads_county_and_hospital_norms_and_the_city_its_own()
    {
        var norms = ReadinessEvaluator.NormsOf(TestPlans.Tongliao);
        Assert.Contains(norms, n => n.Id == "quarantine-rooms-contacts" && ReadinessEvaluator.AppliesTo(n, county: true));
        Assert.Contains(norms, n => n.Id == "icu-beds" && ReadinessEvaluator.AppliesTo(n, county: true));
        Assert.DoesNotContain(norms, n => n.Id == "designated-beds" && ReadinessEvaluator.AppliesTo(n, county: true));
        Assert.Contains(norms, n => n.Id == "designated-beds" && ReadinessEvaluator.AppliesTo(n, county: false));
    }

    private static SamplingCapacity Sampling(int perDay, SiteStatus status = SiteStatus.InUse, int booths = 5, int staff = 10) =>
        new(1, false, SamplingSiteKind.Fixed, status, booths, staff, perDay);

    [Fact]
    public void Sampling_capacity_is_read_against_the_population_sampled_within_the_plans_days()
    {
        // 001 §5.1.3(3) with the plan file's withinDays: 3 — 360,000 people need 120,000 sampled a day; a site without staff samples nobody.
        var registers = Registers() with
        {
            Sizing = new Sizing(null, 360_000),
            SamplingSites = [Sampling(60_000), Sampling(50_000, SiteStatus.Reserve), Sampling(30_000, staff: 0)],
        };
        var result = ReadinessEvaluator.Evaluate(Norm("sampling-sites"), registers);

        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal(110_000, result.Value);
        Assert.Equal(120_000, result.Required);
        Assert.Equal("差 10000 人/日", result.Shortfall!.Value.Zh);
        Assert.Contains("120000", result.Requirement!.Value.Zh);
        Assert.Equal("3", result.Norm.Norm["withinDays"]);

        var enough = registers with { SamplingSites = [.. registers.SamplingSites!, Sampling(10_000)] };
        Assert.Equal(NormStatus.Met, ReadinessEvaluator.Evaluate(Norm("sampling-sites"), enough).Status);
    }

    [Fact]
    public void Sampling_needs_the_population_and_the_register()
    {
        var noPopulation = ReadinessEvaluator.Evaluate(Norm("sampling-sites"), Registers() with { SamplingSites = [Sampling(1000)] });
        Assert.Equal(NormStatus.NotMeasurable, noPopulation.Status);
        Assert.Contains("常住人口", noPopulation.Reason!.Value.Zh);
        var unread = ReadinessEvaluator.Evaluate(Norm("sampling-sites"), Registers() with { Sizing = new Sizing(null, 1000) });
        Assert.Equal(NormStatus.NotMeasurable, unread.Status);
    }

    [Fact]
    public void Designated_hospitals_are_compliant_when_every_retrofit_item_is_and_the_shortfall_names_the_failing_items()
    {
        var all = Enum.GetValues<RetrofitItem>().ToDictionary(i => i, _ => RetrofitStatus.Compliant);
        var oxygen = new Dictionary<RetrofitItem, RetrofitStatus>(all) { [RetrofitItem.Oxygen] = RetrofitStatus.InProgress };
        oxygen.Remove(RetrofitItem.Heating);
        var hospitals = new[]
        {
            Hospital(1, designation: Designation.Designated) with { Retrofit = all },
            Hospital(2, designation: Designation.Backup) with { Retrofit = oxygen },
            Hospital(3, designation: Designation.Designated),   // nothing checked
            Hospital(4) with { Retrofit = new Dictionary<RetrofitItem, RetrofitStatus>() },   // not designated: not counted
        };
        var result = ReadinessEvaluator.Evaluate(Norm("designated-hospital-retrofit"), Registers(hospitals));

        Assert.Equal(NormStatus.NotMet, result.Status);
        Assert.Equal(1, result.Value);
        Assert.Equal(3, result.Required);
        Assert.StartsWith("差 2 家（", result.Shortfall!.Value.Zh);
        Assert.Contains("医院2：供氧改造中、供暖未核查", result.Shortfall!.Value.Zh);
        Assert.Contains("医院3：三区两通道未核查", result.Shortfall!.Value.Zh);
        Assert.DoesNotContain("医院1", result.Shortfall!.Value.Zh);

        var fixedUp = ReadinessEvaluator.Evaluate(Norm("designated-hospital-retrofit"), Registers([.. hospitals.Select(h => h.Designation == Designation.None ? h : h with { Retrofit = all })]));
        Assert.Equal(NormStatus.Met, fixedUp.Status);
        Assert.Equal(3, fixedUp.Value);
    }

    [Fact]
    public void The_autumn_plan_asks_each_county_for_a_reserve_sampling_site()
    {
        var norm = TestPlans.Catalog.Get("autumn-2022").Readiness.Single(n => n.Id == "testing-sampling-reserve");
        Assert.Equal(NormStatus.NotMet, ReadinessEvaluator.Evaluate(norm, Registers() with { SamplingSites = [Sampling(1000)] }).Status);
        Assert.Equal(NormStatus.Met, ReadinessEvaluator.Evaluate(norm, Registers() with { SamplingSites = [Sampling(1000, SiteStatus.Reserve)] }).Status);
        Assert.Equal(NormStatus.NotMet, ReadinessEvaluator.Evaluate(norm, Registers() with { SamplingSites = [Sampling(1000, SiteStatus.Reserve, booths: 0)] }).Status);
    }
}
