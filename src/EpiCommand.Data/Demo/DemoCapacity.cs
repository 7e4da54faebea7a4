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

        // The headquarters' sizing: 奈曼旗 plans for 3 confirmed cases (300 places at 1:100), others have not set theirs yet.
        if (paths.ContainsKey("150525"))
        {
            db.ReadinessSizings.Add(new ReadinessSizing { RegionCode = "150525", RegionPath = paths["150525"], PlannedConfirmedCases = 3, UpdatedBy = by, UpdatedAt = at, Version = 1 });
        }
    }
}
