using EpiCommand.Data.Readiness;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Time;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Demo;

/// <summary>
/// The demo city's capacity registers (issue 15). INVENTED: every hospital, bed count, laboratory, quarantine site and drill
/// below is made up to look believable for Tongliao, not taken from any source. Some norms are met and some not, so that the
/// readiness page has something to show: 奈曼旗 is 38 rooms for close contacts short of 001 §5.1.3(5), 科尔沁区 20; 库伦旗 has no
/// reserve quarantine site; 扎鲁特旗's hospital has no fever clinic; the development zone (150571) has registered nothing.
/// </summary>
internal static class DemoCapacity
{
    private sealed record County(string Code, string Hospital, int Beds, int Designated, int Icu, int Doctors, int Nurses, bool FeverClinic,
        int ContactRooms, int AsymptomaticRooms, bool ReserveSite, bool CdcLab, bool HospitalLab, int? DrillDaysAgo);

    private static readonly County[] Counties =
    [
        new(DemoSeeder.HorqinCode, "科尔沁区第一人民医院", 620, 70, 8, 36, 80, true, 180, 60, true, true, true, 20),
        new("150521", "科尔沁左翼中旗人民医院", 420, 45, 5, 24, 52, true, 210, 50, true, true, true, 35),
        new("150522", "科尔沁左翼后旗人民医院", 380, 40, 3, 22, 40, true, 200, 55, true, true, false, 75),
        new("150523", "开鲁县人民医院", 400, 42, 5, 25, 50, true, 220, 60, true, true, true, 15),
        new("150524", "库伦旗人民医院", 260, 30, 3, 16, 30, true, 200, 50, false, true, true, null),
        new("150525", "奈曼旗人民医院", 450, 48, 5, 28, 60, true, 162, 40, true, true, true, 50),
        new("150526", "扎鲁特旗人民医院", 360, 38, 4, 20, 42, false, 230, 60, true, false, true, 40),
        new("150581", "霍林郭勒市人民医院", 300, 32, 4, 18, 38, true, 200, 50, true, true, true, 10),
    ];

    /// <summary>
    /// INVENTED resident populations (of the order of the counties' published figures, not taken from them) and daily sampling capacity;
    /// <c>Reserve</c>: a site kept in reserve for whole-population testing.
    /// </summary>
    private sealed record SamplingPlan(string Code, int Population, int PerDay, bool Reserve);

    private static readonly SamplingPlan[] Sampling =
    [
        new(DemoSeeder.HorqinCode, 920_000, 300_000, true),
        new("150521", 400_000, 140_000, true),
        new("150522", 330_000, 96_000, true),
        new("150523", 330_000, 118_000, true),
        new("150524", 150_000, 38_000, false),
        new("150525", 360_000, 126_000, true),
        new("150526", 270_000, 92_000, true),
        new("150581", 120_000, 45_000, true),
    ];

    /// <summary>
    /// INVENTED retrofit checklists (001 §5.1.3(2)) by hospital name: every item 达标 unless listed here. 奈曼旗's hospital is still being
    /// retrofitted (三区两通道, 供氧), 库伦旗's sewage treatment is not up to standard, the city's backup hospital's heating is being retrofitted.
    /// </summary>
    private static readonly Dictionary<string, (RetrofitItem Item, RetrofitStatus Status)[]> RetrofitGaps = new()
    {
        ["奈曼旗人民医院"] = [(RetrofitItem.ThreeZonesTwoPassages, RetrofitStatus.InProgress), (RetrofitItem.Oxygen, RetrofitStatus.NotCompliant)],
        ["库伦旗人民医院"] = [(RetrofitItem.SewageAndWaste, RetrofitStatus.NotCompliant)],
        ["内蒙古民族大学附属医院"] = [(RetrofitItem.Heating, RetrofitStatus.InProgress)],
    };

    /// <summary>Adds the hospitals first (the laboratories name them), then the rest; the caller saves.</summary>
    public static async Task AddAsync(AppDbContext db, IReadOnlyDictionary<string, string> paths, IReadOnlyDictionary<string, string> names, DateOnly today, CancellationToken ct)
    {
        var at = ChinaTime.StartOf(today);
        const string by = "demo";
        Hospital Hospital(string region, string name, HospitalLevel level, HospitalKind kind, bool fever, Designation designation, int beds, int designated, int icu, int doctors, int nurses) =>
            new()
            {
                RegionCode = region, RegionPath = paths[region], Name = name, Level = level, Kind = kind, FeverClinic = fever, Designation = designation, Beds = beds,
                DesignatedBeds = designated, IcuBeds = icu, Doctors = doctors, Nurses = nurses, UpdatedBy = by, UpdatedAt = at,
            };

        // City level (盟市级): two designated hospitals, one backup in the urban area (001 §5.1.3(2)).
        var cityHospital = Hospital(DemoSeeder.CityCode, "通辽市医院", HospitalLevel.Level3, HospitalKind.General, true, Designation.Designated, 1200, 160, 18, 70, 150);
        var infectious = Hospital(DemoSeeder.CityCode, "通辽市传染病医院", HospitalLevel.Level2, HospitalKind.InfectiousDisease, true, Designation.Designated, 300, 200, 22, 40, 95);
        var university = Hospital(DemoSeeder.CityCode, "内蒙古民族大学附属医院", HospitalLevel.Level3, HospitalKind.General, true, Designation.Backup, 1500, 150, 15, 0, 0);
        var mongolian = Hospital(DemoSeeder.CityCode, "通辽市蒙医整骨医院", HospitalLevel.Level3, HospitalKind.Other, false, Designation.None, 500, 0, 0, 0, 0);
        db.Hospitals.AddRange(cityHospital, infectious, university, mongolian);
        var countyHospitals = Counties.Where(c => paths.ContainsKey(c.Code)).ToDictionary(c => c.Code,
            c => Hospital(c.Code, c.Hospital, HospitalLevel.Level2, HospitalKind.General, c.FeverClinic, Designation.Designated, c.Beds, c.Designated, c.Icu, c.Doctors, c.Nurses));
        db.Hospitals.AddRange(countyHospitals.Values);
        foreach (var h in countyHospitals.Values.Concat([cityHospital, infectious, university]))
        {
            foreach (var item in Enum.GetValues<RetrofitItem>()) HospitalRetrofit.Set(h, item, RetrofitStatus.Compliant);
            foreach (var (item, status) in RetrofitGaps.GetValueOrDefault(h.Name) ?? []) HospitalRetrofit.Set(h, item, status);
            h.RetrofitCheckedOn = today.AddDays(-20);
            h.RetrofitNote = RetrofitGaps.ContainsKey(h.Name) ? "改造工程已立项，预计年底前完工。" : null;
        }
        // Invented: a few ILI sentinel hospitals (流感样病例哨点医院, 001 §5.1.4) — two at the city, three counties'; the others are not.
        cityHospital.IliSentinel = university.IliSentinel = true;
        foreach (var code in new[] { DemoSeeder.HorqinCode, "150523", "150525" })
        {
            if (countyHospitals.TryGetValue(code, out var sentinel)) sentinel.IliSentinel = true;
        }
        await db.SaveChangesAsync(ct);

        Laboratory Lab(string region, string name, LabOwner owner, Hospital? hospital, int pcr, bool mobile = false) => new()
        {
            RegionCode = region, RegionPath = paths[region], Name = name, Owner = owner, HospitalId = hospital?.Id, PcrPerDay = pcr, Mobile = mobile, UpdatedBy = by, UpdatedAt = at,
        };
        db.Laboratories.AddRange(
            Lab(DemoSeeder.CityCode, "通辽市医院核酸检测实验室", LabOwner.TertiaryHospital, cityHospital, 3000),
            Lab(DemoSeeder.CityCode, "通辽市传染病医院核酸检测实验室", LabOwner.InfectiousDiseaseHospital, infectious, 1500),
            Lab(DemoSeeder.CityCode, "内蒙古民族大学附属医院核酸检测实验室", LabOwner.TertiaryHospital, university, 4000),
            Lab(DemoSeeder.CityCode, "市级移动核酸检测实验室（方舱）", LabOwner.Other, null, 10000, mobile: true));
        foreach (var c in Counties.Where(c => paths.ContainsKey(c.Code)))
        {
            if (c.CdcLab) db.Laboratories.Add(Lab(c.Code, $"{names[c.Code]}疾控中心实验室", LabOwner.CountyCdc, null, 800));
            if (c.HospitalLab) db.Laboratories.Add(Lab(c.Code, $"{c.Hospital}核酸检测实验室", LabOwner.CountyHospital, countyHospitals[c.Code], 1200));

            // The rooms for close contacts in one contracted hotel and, if any, a reserve site; the asymptomatic in the first.
            var inUse = c.ReserveSite ? c.ContactRooms - 40 : c.ContactRooms;
            db.QuarantineSites.Add(new QuarantineSite
            {
                RegionCode = c.Code, RegionPath = paths[c.Code], Name = $"{names[c.Code]}集中隔离点（宾馆）", Rooms = inUse + c.AsymptomaticRooms, RoomsForContacts = inUse,
                RoomsForAsymptomatic = c.AsymptomaticRooms, Status = SiteStatus.InUse, ContractedHotel = true, Staff = 24, UpdatedBy = by, UpdatedAt = at,
            });
            if (c.ReserveSite)
            {
                db.QuarantineSites.Add(new QuarantineSite
                {
                    RegionCode = c.Code, RegionPath = paths[c.Code], Name = $"{names[c.Code]}备用集中隔离点", Rooms = 40, RoomsForContacts = 40, RoomsForAsymptomatic = 0,
                    Status = SiteStatus.Reserve, ContractedHotel = false, Staff = 6, UpdatedBy = by, UpdatedAt = at,
                });
            }
            var next = today.AddDays(30);
            if (c.DrillDaysAgo is { } ago)
            {
                db.Drills.Add(new Drill
                {
                    RegionCode = c.Code, RegionPath = paths[c.Code], Title = "应急指挥演练", ScheduledOn = today.AddDays(-ago), HeldOn = today.AddDays(-ago),
                    Findings = "流调队伍集结用时偏长；隔离点转运车辆调度需明确专人。", UpdatedBy = by, UpdatedAt = at,
                });
                next = today.AddDays(60 - ago);
            }
            db.Drills.Add(new Drill { RegionCode = c.Code, RegionPath = paths[c.Code], Title = "应急指挥演练", ScheduledOn = next, UpdatedBy = by, UpdatedAt = at });
        }
        // Teams (001 §5.1.3(1); 000 §三(二)) on the rosters of the liaisons: the city's mobile testing and epidemiology teams, one team in
        // 科尔沁区. The city has formed two of the four medical rescue team types of 000 §三(二)1, a county one of the seven types.
        var people = await db.People.Where(p => p.Liaison).ToDictionaryAsync(p => p.Name, ct);
        Team Team(string region, string name, TeamType type, bool mobile, params (string Person, string Role)[] roster) => new()
        {
            RegionCode = region, RegionPath = paths[region], Name = name, Type = type, Mobile = mobile, UpdatedBy = by, UpdatedAt = at,
            Members = [.. roster.Where(r => people.ContainsKey(r.Person)).Select(r => new TeamMember { PersonId = people[r.Person].Id, Role = r.Role, OnDuty = true })],
        };
        db.Teams.Add(Team(DemoSeeder.CityCode, "市级机动核酸检测队", TeamType.LaboratoryTesting, true, ("赵敏", "队长")));
        // Training records (001 §5.1.3(1) 加强培训和演练), INVENTED: 科尔沁区's team trained 25 days ago (its norm met), the city's teams
        // drilled 40 days ago; every other county has no formed team, so its training norm is not met.
        TeamTraining Training(Team team, int daysAgo, TrainingKind kind, TrainingTopics topics, int participants, string note) => new()
        {
            Team = team, RegionCode = team.RegionCode, RegionPath = team.RegionPath, HeldOn = today.AddDays(-daysAgo), Kind = kind, Topics = topics,
            Participants = participants, Note = note, UpdatedBy = by, UpdatedAt = at,
        };
        var cityEpi = Team(DemoSeeder.CityCode, "市级流行病学调查机动队", TeamType.Epidemiology, true, ("王海燕", "队长"), ("李建国", "队员"));
        db.Teams.Add(cityEpi);
        db.TeamTrainings.Add(Training(cityEpi, 40, TrainingKind.Drill, TrainingTopics.ContactTracing | TrainingTopics.ContactManagement | TrainingTopics.PersonalProtection, 2,
            "跨旗县流调支援拉练"));
        if (paths.ContainsKey(DemoSeeder.HorqinCode))
        {
            var horqinEpi = Team(DemoSeeder.HorqinCode, "科尔沁区流行病学调查队", TeamType.Epidemiology, false, ("张立新", "队长"));
            db.Teams.Add(horqinEpi);
            db.TeamTrainings.Add(Training(horqinEpi, 25, TrainingKind.Training, TrainingTopics.CaseFinding | TrainingTopics.ContactTracing | TrainingTopics.Sampling, 1,
                "流调追踪和标本采集培训"));
        }

        // The headquarters' sizing: 奈曼旗 plans for 3 confirmed cases (300 places at 1:100), others have not set theirs yet. Each county
        // (not the development zone) has set its resident population, which sizes the whole-population sampling norm (001 §5.1.3(3)).
        foreach (var c in Sampling.Where(c => paths.ContainsKey(c.Code)))
        {
            db.ReadinessSizings.Add(new ReadinessSizing
            {
                RegionCode = c.Code, RegionPath = paths[c.Code], PlannedConfirmedCases = c.Code == "150525" ? 3 : null, Population = c.Population, UpdatedBy = by, UpdatedAt = at, Version = 1,
            });
        }

        // Sampling sites (001 §5.1.3(3); 003 二(四)2), INVENTED: each county's daily sampling capacity split over a hospital site, fixed sites
        // in use, a reserve site for whole-population testing, a mobile team and a social testing institution; booths at about 1,200 people a
        // day each, two samplers a booth. Against population ÷ 3 days (the plan's assumption): 科尔沁区 is 6,667 people a day short,
        // 科尔沁左翼后旗 14,000 and 库伦旗 12,000 (库伦旗 also has no reserve site, the autumn-2022 norm); the others meet it.
        var townships = await db.Regions.Where(r => r.Level == Domain.Regions.RegionLevel.Township).Select(r => new { r.Code, r.Path }).ToListAsync(ct);
        foreach (var c in Sampling.Where(c => paths.ContainsKey(c.Code)))
        {
            var places = townships.Where(t => t.Path.StartsWith(paths[c.Code], StringComparison.Ordinal)).OrderBy(t => t.Code).Select(t => t.Code).ToList();
            (string Name, SamplingSiteKind Kind, SiteStatus Status, double Share, string Address)[] split = c.Reserve
                ? [("人民医院采样点", SamplingSiteKind.Hospital, SiteStatus.InUse, 0.05, "人民医院门诊楼北侧"), ("城区便民固定采样点（合计）", SamplingSiteKind.Fixed, SiteStatus.InUse, 0.30, "城区各社区"),
                   ("全员核酸备用采样点（体育馆、学校）", SamplingSiteKind.Fixed, SiteStatus.Reserve, 0.45, "旗县体育馆及中小学"), ("流动采样队", SamplingSiteKind.Mobile, SiteStatus.InUse, 0.12, "各苏木乡镇巡回"),
                   ("第三方医学检验所采样点", SamplingSiteKind.SocialInstitution, SiteStatus.InUse, 0.08, "城区商业街")]
                : [("人民医院采样点", SamplingSiteKind.Hospital, SiteStatus.InUse, 0.10, "人民医院门诊楼北侧"), ("城区便民固定采样点（合计）", SamplingSiteKind.Fixed, SiteStatus.InUse, 0.70, "城区各社区"),
                   ("流动采样队", SamplingSiteKind.Mobile, SiteStatus.InUse, 0.20, "各苏木乡镇巡回")];
            var left = c.PerDay;
            for (var i = 0; i < split.Length; i++)
            {
                var perDay = i == split.Length - 1 ? left : (int)Math.Round(c.PerDay * split[i].Share / 100) * 100;
                left -= perDay;
                var booths = Math.Max(1, (int)Math.Ceiling(perDay / 1200.0));
                db.SamplingSites.Add(new SamplingSite
                {
                    RegionCode = c.Code, RegionPath = paths[c.Code], Name = $"{names[c.Code]}{split[i].Name}", PlaceCode = places.Count > 0 ? places[i % places.Count] : null,
                    Address = split[i].Address, Kind = split[i].Kind, Status = split[i].Status, Booths = booths, Staff = booths * 2, PerDay = perDay, UpdatedBy = by, UpdatedAt = at,
                });
            }
        }
        // The city plans for 100 confirmed cases — a peak of 5 a day sustained 20 days (001 §5.1.3(4)) — so its reserve days are read
        // over all its depots at that scale (met); 奈曼旗's 3 cases against its one depot, which holds no gloves, swabs, alcohol, drugs or
        // plasma (not met). Invented, as every figure here.
        if (paths.ContainsKey("150500"))
        {
            db.ReadinessSizings.Add(new ReadinessSizing { RegionCode = "150500", RegionPath = paths["150500"], PlannedConfirmedCases = 100, UpdatedBy = by, UpdatedAt = at, Version = 1 });
        }
    }
}
