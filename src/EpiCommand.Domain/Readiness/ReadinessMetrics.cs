using System.Globalization;

namespace EpiCommand.Domain.Readiness;

/// <summary>A text in both languages of the platform (the domain has no request culture).</summary>
public readonly record struct Words(string Zh, string En);

/// <summary>A metric's figure over the registers, or why it cannot be measured yet.</summary>
/// <param name="Detail">What the figure leaves out, named (which hospital fails which retrofit item, which reserve items are short): added to a shortfall.</param>
public sealed record Measurement(double? Value, Words? NotMeasurable = null, Words? Detail = null)
{
    public static Measurement Of(double value) => new(value);
    public static Measurement Of(double value, Words? detail) => new(value, null, detail);
    public static Measurement Cannot(string zh, string en) => new(null, new Words(zh, en));
}

/// <summary>A metric a plan may name: its unit, and the function that measures it over a jurisdiction's registers.</summary>
public sealed record Metric(string Name, Words Unit, Words Description, Func<CapacityRegisters, IReadOnlyDictionary<string, string>, Measurement> Measure);

/// <summary>
/// The metrics the plans' readiness norms name (docs/readiness.md lists them), one small function each over the registers
/// of hospitals, laboratories, quarantine sites, drills and teams and the sizing the headquarters set. A metric the registers do not
/// hold yet (sampling sites, retrofits, consumption) is listed with the reason it cannot be measured, so a plan that names
/// it reads "not measurable" rather than failing; a metric no entry knows reads the same with "unknown metric".
/// </summary>
public static class ReadinessMetrics
{
    private static readonly Words Hospitals = new("家", "hospitals");
    private static readonly Words Beds = new("张", "beds");
    private static readonly Words Persons = new("人", "people");
    private static readonly Words Rooms = new("间", "rooms");
    private static readonly Words Sites = new("处", "sites");
    private static readonly Words Units = new("个", "units");
    private static readonly Words Cases = new("例", "cases");
    private static readonly Words Times = new("次", "times");
    private static readonly Words Teams = new("支", "teams");
    private static readonly Words TeamTypes = new("类", "types");
    private static readonly Words PersonsPerDay = new("人/日", "people a day");

    private static readonly TeamType[] MedicalRescueTypes = [TeamType.MedicalTreatment, TeamType.Epidemiology, TeamType.LaboratoryTesting, TeamType.RehabilitationAndPsychology];

    /// <summary>A team is formed when it has someone on its roster.</summary>
    private static IEnumerable<TeamCapacity> Formed(IEnumerable<TeamCapacity> teams) => teams.Where(t => t.Members > 0);

    private static bool Level2General(HospitalCapacity h) => h.Level >= HospitalLevel.Level2 && h.Kind == HospitalKind.General;
    private static bool Level2Plus(HospitalCapacity h) => h.Level >= HospitalLevel.Level2;
    private static bool TertiaryOrInfectious(HospitalCapacity h) => h.Level == HospitalLevel.Level3 || h.Kind == HospitalKind.InfectiousDisease;

    /// <summary>A county's own hospitals of level 二级 or above: the 县级医院 of 001 §5.1.3(3).</summary>
    private static bool CountyHospital(HospitalCapacity h) => !h.CityLevel && Level2Plus(h);

    private static bool Tests(CapacityRegisters r, HospitalCapacity h) => r.Labs.Any(l => l.HospitalId == h.Id && l.PcrPerDay > 0);

    private static IEnumerable<HospitalCapacity> Designated(CapacityRegisters r) => r.Hospitals.Where(h => h.Designation == Designation.Designated);

    /// <summary>001 §5.1.3(2), in the clause's order.</summary>
    public static readonly IReadOnlyDictionary<RetrofitItem, Words> RetrofitItems = new Dictionary<RetrofitItem, Words>
    {
        [RetrofitItem.ThreeZonesTwoPassages] = new("三区两通道", "three zones and two passages"), [RetrofitItem.Oxygen] = new("供氧", "oxygen supply"),
        [RetrofitItem.Ventilation] = new("通风", "ventilation"), [RetrofitItem.Heating] = new("供暖", "heating"),
        [RetrofitItem.SewageAndWaste] = new("污水污物处理", "sewage and waste treatment"), [RetrofitItem.IcuEquipment] = new("重症设备配备", "critical-care equipment"),
    };

    public static readonly IReadOnlyDictionary<RetrofitStatus, Words> RetrofitStatuses = new Dictionary<RetrofitStatus, Words>
    {
        [RetrofitStatus.Compliant] = new("达标", "compliant"), [RetrofitStatus.InProgress] = new("改造中", "being retrofitted"),
        [RetrofitStatus.NotCompliant] = new("未达标", "not compliant"),
    };

    private static readonly Words NotChecked = new("未核查", "not checked");

    /// <summary>The retrofit items of a hospital that are not compliant (not checked counts as not compliant), with their status.</summary>
    public static IReadOnlyList<(RetrofitItem Item, Words Status)> FailingRetrofitItems(HospitalCapacity h) =>
        [.. RetrofitItems.Keys.Select(i => (Item: i, Status: h.Retrofit is { } r && r.TryGetValue(i, out var status) ? status : (RetrofitStatus?)null))
            .Where(x => x.Status != RetrofitStatus.Compliant).Select(x => (x.Item, x.Status is { } s ? RetrofitStatuses[s] : NotChecked))];

    /// <summary>
    /// 001 §5.1.3(2) 对硬件条件不达标的定点医院和后备医院进行改造: the designated and backup hospitals with every item of the checklist
    /// compliant; the detail names the others and their failing items (at most five hospitals, then how many more).
    /// </summary>
    private static Measurement RetrofitCompliant(CapacityRegisters r)
    {
        var failing = r.Hospitals.Where(h => h.Designation != Designation.None).Select(h => (Hospital: h, Items: FailingRetrofitItems(h)))
            .Where(f => f.Items.Count > 0).OrderBy(f => f.Hospital.Name, StringComparer.Ordinal).ToList();
        var compliant = r.Hospitals.Count(h => h.Designation != Designation.None) - failing.Count;
        if (failing.Count == 0) return Measurement.Of(compliant);
        string List(bool zh) => string.Join(zh ? "；" : "; ", failing.Take(5).Select(f => $"{f.Hospital.Name}{(zh ? "：" : ": ")}" +
            string.Join(zh ? "、" : ", ", f.Items.Select(i => zh ? $"{RetrofitItems[i.Item].Zh}{i.Status.Zh}" : $"{RetrofitItems[i.Item].En} {i.Status.En}"))))
            + (failing.Count > 5 ? (zh ? $"；等 {failing.Count} 家" : $"; {failing.Count} in all") : "");
        return Measurement.Of(compliant, new Words(List(true), List(false)));
    }

    /// <summary>A site samples only with booths and sampling staff: one without either adds nothing to the day's capacity.</summary>
    private static bool Samples(SamplingCapacity s) => s.Booths > 0 && s.Staff > 0 && s.PerDay > 0;

    private static Measurement NotRegistered(string zhWhat, string enWhat) =>
        Measurement.Cannot($"{zhWhat}尚无登记（平台尚未建立该登记）", $"{enWhat} are not registered on the platform yet");

    private static readonly Metric[] All =
    [
        // 001 §5.1.3(2) 二级及以上综合医院要…规范设置发热门诊和留观室
        new("level2GeneralHospitals", Hospitals, new("二级及以上综合医院数", "level-2+ general hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(Level2General))),
        new("level2GeneralHospitalsWithFeverClinic", Hospitals, new("设有发热门诊的二级及以上综合医院数", "level-2+ general hospitals with a fever clinic"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => Level2General(h) && h.FeverClinic))),
        // wujin-2020 七(四) names the same pair
        new("level2PlusGeneralHospitals", Hospitals, new("二级以上综合医院数", "level-2+ general hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(Level2General))),
        new("feverClinicCoverageLevel2PlusGeneralHospitals", Hospitals, new("开设发热门诊的二级以上综合医院数", "level-2+ general hospitals with a fever clinic"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => Level2General(h) && h.FeverClinic))),
        // autumn-2022 二(四)1 三级医院、二级医院配备发热门诊和留观室 (every kind of hospital)
        new("level2PlusHospitals", Hospitals, new("二级及以上医院数", "level-2+ hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(Level2Plus))),
        new("feverClinicCoverageLevel2PlusHospitals", Hospitals, new("设有发热门诊的二级及以上医院数", "level-2+ hospitals with a fever clinic"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => Level2Plus(h) && h.FeverClinic))),
        // 001 §5.1.3(2) 每个盟市确定1—2家盟市级定点救治医院，在城区指定盟市级后备医院，每个旗县（市、区）至少确定1家定点救治医院
        new("cityDesignatedHospitals", Hospitals, new("盟市级定点救治医院数", "city-level designated hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => h.CityLevel && h.Designation == Designation.Designated))),
        new("cityBackupHospitals", Hospitals, new("盟市级后备定点医院数", "city-level backup designated hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => h.CityLevel && h.Designation == Designation.Backup))),
        new("countyDesignatedHospitals", Hospitals, new("旗县定点救治医院数", "county designated hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => !h.CityLevel && h.Designation == Designation.Designated))),
        // 001 §5.1.3(2) 定点医院、后备定点医院床位数应达到本盟市二级及以上综合医院总床位数的10%
        new("designatedAndBackupHospitalBeds", Beds, new("定点医院、后备定点医院床位数", "beds set aside in designated and backup hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Where(h => h.Designation != Designation.None).Sum(h => h.DesignatedBeds))),
        new("level2GeneralHospitalBeds", Beds, new("二级及以上综合医院总床位数", "beds of level-2+ general hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Where(Level2General).Sum(h => h.Beds))),
        // 重症监护病区（病房）床位数应达到定点医院床位总数的10%；定点医院按照医护比1:2、床护比1:0.6配备医护人员
        new("designatedHospitalBeds", Beds, new("定点医院床位数", "beds set aside in designated hospitals"),
            (r, _) => Measurement.Of(Designated(r).Sum(h => h.DesignatedBeds))),
        new("designatedHospitalIcuBeds", Beds, new("定点医院重症监护床位数", "ICU beds of designated hospitals"),
            (r, _) => Measurement.Of(Designated(r).Sum(h => h.IcuBeds))),
        new("designatedHospitalDoctors", Persons, new("定点医院医师数", "doctors of designated hospitals"),
            (r, _) => Measurement.Of(Designated(r).Sum(h => h.Doctors))),
        new("designatedHospitalNurses", Persons, new("定点医院护士数", "nurses of designated hospitals"),
            (r, _) => Measurement.Of(Designated(r).Sum(h => h.Nurses))),
        // 001 §5.1.3(3) 全市三级医院、传染病专科医院、所有旗县（市、区）疾控中心、县级医院必须具备核酸检测能力
        new("tertiaryAndInfectiousDiseaseHospitals", Hospitals, new("三级医院、传染病专科医院数", "tertiary and infectious-disease hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(TertiaryOrInfectious))),
        new("nucleicAcidCapableTertiaryAndInfectiousDiseaseHospitals", Hospitals, new("具备核酸检测能力的三级医院、传染病专科医院数", "tertiary and infectious-disease hospitals with a PCR laboratory"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => TertiaryOrInfectious(h) && Tests(r, h)))),
        new("countyCdcAndCountyHospitals", Units, new("旗县疾控中心和县级医院数", "the county CDC and county hospitals"),
            // every county has one CDC (疾控中心), registered or not
            (r, _) => Measurement.Of(1 + r.Hospitals.Count(CountyHospital))),
        new("nucleicAcidCapableCountyCdcAndCountyHospitals", Units, new("具备核酸检测能力的旗县疾控中心和县级医院数", "county CDC and county hospitals with a PCR laboratory"),
            (r, _) => Measurement.Of((r.Labs.Any(l => l.Owner == LabOwner.CountyCdc && !l.CityLevel && l.PcrPerDay > 0) ? 1 : 0)
                + r.Hospitals.Count(h => CountyHospital(h) && Tests(r, h)))),
        // 000 §三(二)4 建立市级移动核酸检测实验室
        new("cityMobileTestingLabs", Units, new("市级移动核酸检测实验室数", "city mobile PCR laboratories"),
            (r, _) => Measurement.Of(r.Labs.Count(l => l.CityLevel && l.Mobile && l.PcrPerDay > 0))),
        // 001 §5.1.3(5) 按照确诊病例1:100的比例，确定隔离人员规模
        new("plannedConfirmedCases", Cases, new("计划应对确诊病例数（指挥部设定）", "planned confirmed cases (set by the headquarters)"),
            (r, _) => r.Sizing.PlannedConfirmedCases is { } cases ? Measurement.Of(cases)
                : Measurement.Cannot("指挥部尚未设定计划应对的确诊病例数", "the headquarters has not set the planned number of confirmed cases")),
        new("quarantinePlaces", Rooms, new("集中隔离房间数", "quarantine rooms"),
            (r, _) => Measurement.Of(r.QuarantineSites.Sum(s => s.Rooms))),
        // 每个旗县（市、区）按密切接触者不少于200个房间准备，无症状感染者不少于50个房间准备，同时至少准备1处…集中隔离备用场所
        new("quarantineRoomsForContacts", Rooms, new("密切接触者隔离房间数", "rooms for close contacts"),
            (r, _) => Measurement.Of(r.QuarantineSites.Sum(s => s.RoomsForContacts))),
        new("quarantineRoomsForAsymptomatic", Rooms, new("无症状感染者隔离房间数", "rooms for asymptomatic infections"),
            (r, _) => Measurement.Of(r.QuarantineSites.Sum(s => s.RoomsForAsymptomatic))),
        new("quarantineBackupSites", Sites, new("集中隔离备用场所数", "reserve quarantine sites"),
            (r, _) => Measurement.Of(r.QuarantineSites.Count(s => s.Status == SiteStatus.Reserve))),
        // autumn-2022 二(四)4 立足“一用一备”，提前签约具备隔离条件的宾馆、酒店
        new("contractedQuarantineSites", Sites, new("签约隔离宾馆、酒店数", "contracted quarantine hotels"),
            (r, _) => Measurement.Of(r.QuarantineSites.Count(s => s.ContractedHotel))),
        new("quarantineSitesContractedAndStaffed", Sites, new("已签约且配备工作人员的隔离场所数", "contracted quarantine sites with staff"),
            (r, _) => Measurement.Of(r.QuarantineSites.Count(s => s.ContractedHotel && s.Staff > 0))),
        // 003 §二(一) 各县区疫情防控指挥部每 1—2 个月要组织开展一次应急指挥演练: drills held in the last `withinMonths`
        new("drillsHeld", Times, new("近期已举行的演练次数", "drills held recently"),
            (r, norm) =>
            {
                var months = norm.TryGetValue("withinMonths", out var m) && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 12;
                var since = r.Today.AddMonths(-months);
                return Measurement.Of(r.Drills.Count(d => d.HeldOn is { } held && held > since && held <= r.Today));
            }),
        // 001 §5.1.3(1) 分级分类组建疫情研判、流行病学调查、实验室检测、消毒杀虫、医疗救治、社区防控、康复和心理疏导等方面队伍: a type counts
        // when a team of it has people on its roster.
        new("responseTeamTypes", TeamTypes, new("已组建的应急队伍类别数", "types of response team formed"),
            (r, _) => r.Teams is { } teams ? Measurement.Of(Formed(teams).Select(t => t.Type).Distinct().Count()) : NotRegistered("应急队伍", "Response teams")),
        new("formedResponseTeams", Teams, new("已组建的应急队伍数", "response teams formed"),
            (r, _) => r.Teams is { } teams ? Measurement.Of(Formed(teams).Count()) : NotRegistered("应急队伍", "Response teams")),
        // 001 §5.1.3(1) 加强培训和演练 (003 §二(四)5): the formed teams with a training or drill held within the norm's `withinDays`
        // (the plans give no interval: the plan file states the one it uses, 90 days when it names none).
        new("teamTrainingAndDrills", Teams, new("近期开展过培训或演练的已组建队伍数", "formed teams trained or drilled recently"),
            (r, norm) =>
            {
                if (r.Teams is not { } teams) return NotRegistered("应急队伍", "Response teams");
                if (r.Trainings is not { } trainings) return NotRegistered("队伍培训记录", "Team training records");
                var days = norm.TryGetValue("withinDays", out var d) && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 90;
                var since = r.Today.AddDays(-days);
                var trained = trainings.Where(t => t.HeldOn > since && t.HeldOn <= r.Today).Select(t => t.TeamId).ToHashSet();
                return Measurement.Of(Formed(teams).Count(t => trained.Contains(t.Id)));
            }),
        // 000 §三(二)4 组建市级机动核酸检测队伍; §三(二)3 组建市级流行病学调查机动队: mobile teams registered at the city.
        new("cityMobileTestingTeams", Teams, new("市级机动核酸检测队伍数", "city mobile testing teams"),
            (r, _) => r.Teams is { } teams ? Measurement.Of(Formed(teams).Count(t => t.CityLevel && t.Mobile && t.Type == TeamType.LaboratoryTesting)) : NotRegistered("应急队伍", "Response teams")),
        new("cityMobileEpiTeams", Teams, new("市级流行病学调查机动队数", "city mobile epidemiology teams"),
            (r, _) => r.Teams is { } teams ? Measurement.Of(Formed(teams).Count(t => t.CityLevel && t.Mobile && t.Type == TeamType.Epidemiology)) : NotRegistered("应急队伍", "Response teams")),
        // 000 §三(二)1 组建全市医疗救治、流行病调查、实验室检测、心理干预综合医疗卫生救援队伍: of those four types, the ones the city has formed.
        new("cityMedicalRescueTeamTypes", TeamTypes, new("综合医疗卫生救援队伍类别数", "types of medical rescue team"),
            (r, _) => r.Teams is { } teams
                ? Measurement.Of(Formed(teams).Where(t => t.CityLevel && MedicalRescueTypes.Contains(t.Type)).Select(t => t.Type).Distinct().Count())
                : NotRegistered("应急队伍", "Response teams")),
        // 001 §5.1.3(3) 各地要做好核酸采样场所和采样人员的准备…确保满足“应检尽检”和“愿检尽检”的需求; 003 二(四)2 一旦疫情扩散，立即实现全员检测目标:
        // the people the sampling sites (in use and reserve: a reserve site is opened for 全员检测) sample in a day, against the population
        // sampled within the norm's `withinDays` (the plans give no figure: the plan file states the one it assumes).
        new("samplingCapacityPerDay", PersonsPerDay, new("核酸采样点日采样能力", "people the sampling sites sample a day"),
            (r, _) => r.SamplingSites is { } sites ? Measurement.Of(sites.Where(Samples).Sum(s => (double)s.PerDay)) : NotRegistered("核酸采样点", "Sampling sites")),
        new("populationToSamplePerDay", PersonsPerDay, new("常住人口按预案天数全员采样的日需采样人数", "people to sample a day to test the whole population in the plan's days"),
            (r, norm) =>
            {
                if (r.Sizing.Population is not { } population) return Measurement.Cannot("指挥部尚未设定常住人口", "the headquarters has not set the resident population");
                var days = norm.TryGetValue("withinDays", out var d) && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
                return Measurement.Of((double)population / days);
            }),
        new("samplingSites", Sites, new("核酸采样点数", "sampling sites"),
            (r, _) => r.SamplingSites is { } sites ? Measurement.Of(sites.Count(Samples)) : NotRegistered("核酸采样点", "Sampling sites")),
        // 003 二(四)2 各县区…选取采样场所…为全员检测提供保障: sampling sites kept in reserve (备用) for whole-population testing.
        new("reserveSamplingSites", Sites, new("全员检测备用采样场所数", "reserve sampling sites for whole-population testing"),
            (r, _) => r.SamplingSites is { } sites ? Measurement.Of(sites.Count(s => s.Status == SiteStatus.Reserve && Samples(s))) : NotRegistered("核酸采样点", "Sampling sites")),
        new("samplingStaff", Persons, new("核酸采样人员数", "sampling staff"),
            (r, _) => r.SamplingSites is { } sites ? Measurement.Of(sites.Sum(s => s.Staff)) : NotRegistered("核酸采样点", "Sampling sites")),
        // 001 §5.1.3(2) 要对硬件条件不达标的定点医院和后备医院进行改造 (checklist: 三区两通道、供氧、通风、供暖、污水污物处理、重症设备配备)
        new("designatedAndBackupHospitals", Hospitals, new("定点医院和后备定点医院数", "designated and backup hospitals"),
            (r, _) => Measurement.Of(r.Hospitals.Count(h => h.Designation != Designation.None))),
        new("designatedHospitalFacilitiesCompliant", Hospitals, new("设施改造全部达标的定点医院和后备医院数", "designated and backup hospitals with every facility compliant"),
            (r, _) => RetrofitCompliant(r)),
        // 001 §5.1.3(4) 做好防护用品、药品、恢复期血浆、核酸检测试剂、消杀用品、医疗设备等的储备: a category counts when some of it is on hand.
        new("medicalSupplyCategoriesReserved", new("类", "categories"), new("已储备的医疗物资类别数", "categories of medical supply in reserve"),
            (r, _) => r.MedicalSupplyCategoriesInStock is { } categories ? Measurement.Of(categories.Distinct(StringComparer.Ordinal).Count()) : NotRegistered("物资储备", "Supply stocks")),
        // 001 §5.1.3(4) 医疗机构物资药品储备量原则上应当满足以2020年1—2月份单日最高发病数且持续20天累计病例的30天满负荷运转需要: the days the
        // stock on hand lasts at full load, the least over the reserve items with a use (Reserves); the items short name what is missing.
        new("medicalSupplyReserveDays", new("天", "days"), new("医疗物资可满负荷运转天数", "days of full-load reserves"), ReserveDaysOf),
        // 001 §5.1.7 每个单位…严格做到“五有”: every registered unit, so the norm is "none without" (atMost 0); none registered is not measurable.
        new("unitsWithoutFiveHaves", Units, new("未落实“五有”的单位数", "units without the five haves"),
            (r, _) => r.Units is not { } units ? NotRegistered("各单位“五有”情况", "Units' \"five haves\"")
                : units.Count == 0 ? Measurement.Cannot("尚无单位登记“五有”情况", "no unit has registered its \"five haves\" yet")
                : Measurement.Of(units.Count(u => !u.FiveHaves))),
        // 001 §5.1.9 “五有三严”: the five and 严格发热门诊设置管理、严肃流行病学调查、严防医院院内感染 — of the medical institutions.
        new("medicalUnitsWithoutFiveHavesThreeStricts", Units, new("未落实“五有三严”的医疗机构数", "medical institutions without the five haves and three stricts"),
            (r, _) => r.Units is not { } units ? NotRegistered("各单位“五有三严”情况", "Units' \"five haves, three stricts\"")
                : !units.Any(u => u.Medical) ? Measurement.Cannot("尚无医疗机构登记“五有三严”情况", "no medical institution has registered its \"five haves, three stricts\" yet")
                : Measurement.Of(units.Count(u => u.Medical && !(u.FiveHaves && u.ThreeStricts)))),
    ];

    private static Measurement ReserveDaysOf(CapacityRegisters r, IReadOnlyDictionary<string, string> norm)
    {
        if (r.Reserves is not { } reserves) return NotRegistered("物资储备", "Supply stocks");
        if (r.Sizing.PlannedConfirmedCases is not { } patients)
        {
            return Measurement.Cannot("指挥部尚未设定计划应对的确诊病例数（单日最高发病数×20天），无法测算满负荷需要",
                "the headquarters has not set the planned confirmed cases (peak daily incidence × 20 days), so the full-load need is unknown");
        }
        if (!reserves.Any(i => i.PerPatientDay > 0))
        {
            return Measurement.Cannot("预案未给出目录中储备物资的满负荷用量（reserveUse）", "the plan gives no full-load use for any item of the catalogue (reserveUse)");
        }
        if (patients <= 0) return Measurement.Cannot("计划应对确诊病例数为 0，没有满负荷需要", "the planned confirmed cases are 0: there is no full-load need");
        var required = norm.TryGetValue("atLeast", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 30;
        var read = reserves.Select(i => Reserves.Read(i, patients, required)).Where(x => x.Days is not null).ToList();
        var shortItems = read.Where(x => x.Missing > 0).OrderBy(x => x.Days).ThenBy(x => x.Item.Code, StringComparer.Ordinal).ToList();
        Words? detail = shortItems.Count == 0 ? null : new(
            string.Join("；", shortItems.Select(x => $"{x.Item.Name} {ReadinessEvaluator.Figure(x.Days!.Value)} 天，差 {x.Missing} {x.Item.Unit}")),
            string.Join("; ", shortItems.Select(x => $"{x.Item.Name} {ReadinessEvaluator.Figure(x.Days!.Value)} days, {x.Missing} {x.Item.Unit} short")));
        return new Measurement(read.Min(x => x.Days!.Value), null, detail);
    }

    public static IReadOnlyDictionary<string, Metric> ByName { get; } = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IReadOnlyList<Metric> List => All;

    public static Metric? Find(string? name) => name is null ? null : ByName.GetValueOrDefault(name);
}
