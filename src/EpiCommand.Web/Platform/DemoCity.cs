using EpiCommand.Data;
using EpiCommand.Data.Demo;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Contacts;
using System.Security.Claims;
using EpiCommand.Data.Identity;
using EpiCommand.Web.Sentinels;
using EpiCommand.Web.Shelters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Loads the demo city — the one path taken by the web start (<c>Database:SeedDemo</c>) and by <c>epicommand seed-demo</c>.
/// Regions, organisation, users and the outbreak's facts come from <see cref="DemoSeeder"/>; what people would since have
/// done with them (reporting clocks, close contacts, sentinel reports) goes through the services the pages and the API use.
/// Every time is taken relative to the <see cref="TimeProvider"/> given, so a test seeds at an instant of its choosing.
/// </summary>
public sealed class DemoCity(AppDbContext db, DemoSeeder seeder, PlanCatalog plans, IOptions<PlansOptions> options, ClockService clocks,
    ContactService contacts, SentinelService sentinels, ShelterService shelters, MonitoringService monitoring, Clusters.ClusterAnnouncer clusters, TimeProvider clock)
{
    public string PlanId => options.Value.CityPlan;

    /// <summary>Loads the city, with its outbreak ending today when <paramref name="outbreak"/>; false (and nothing loaded) when the database already holds regions.</summary>
    public async Task<bool> SeedAsync(bool outbreak, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await seeder.SeedAsync(plans.Get(PlanId), ChinaTime.DayOf(now), outbreak, cancellationToken)) return false;
        if (!outbreak) return true;
        await StartClocksAsync(now, cancellationToken);
        // The outbreak's clusters, announced as the platform would have when they formed (their report clocks long done or not
        // started): so that a platform started on the demo does not announce them again.
        await clusters.AnnounceAsync(cancellationToken);
        await AddContactsAsync(cancellationToken);
        await AddSentinelReportsAsync(now, cancellationToken);
        await AddSheltersAndMonitoringAsync(now, cancellationToken);
        return true;
    }

    /// <summary>
    /// The demo outbreak's reporting clocks, as the county CDCs would have left them: every report made on time
    /// except those of the latest cases, so that the clock view shows work due and work overdue.
    /// </summary>
    private async Task StartClocksAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.ReportedAt).ToListAsync(cancellationToken);
        foreach (var item in cases)
        {
            clocks.Start("caseFound", item.Id, item.RegionCode, item.RegionPath, item.FoundAt ?? item.ReportedAt);
            clocks.Start("caseReported", item.Id, item.RegionCode, item.RegionPath, item.ReportedAt);
        }
        await db.SaveChangesAsync(cancellationToken);
        var latest = cases.TakeLast(2).Select(c => c.Id).ToHashSet();
        // Two passes: completing an investigation starts the questionnaire clock, which is then completed too.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var running in await db.Clocks.Where(c => c.CompletedAt == null).ToListAsync(cancellationToken))
            {
                if (!latest.Contains(running.Subject) || running.ClockId != "epi-investigation" && running.DueAt < now.AddHours(-6))
                {
                    clocks.Complete(running, "cdc", running.StartedAt.AddMinutes((running.DueAt - running.StartedAt).TotalMinutes / 2));
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Close contacts of the demo outbreak's latest cases, under centralised observation (001 §5.2.7).</summary>
    private async Task AddContactsAsync(CancellationToken cancellationToken)
    {
        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == DemoSeeder.CityCode, cancellationToken);
        var jurisdiction = new Jurisdiction(city.Code, city.Path);
        var sources = await db.Cases.AsNoTracking().OrderByDescending(c => c.ReportedAt).Take(3).ToListAsync(cancellationToken);
        var number = 0;
        foreach (var source in sources)
        {
            foreach (var name in new[] { "王", "李", "张" })
            {
                number++;
                var request = new NewContact($"MJ{number:D3}", $"{name}某{number}", null, null, source.RegionCode, source.Id, null,
                    source.ReportedAt.AddHours(-number * 5), "科尔沁区集中隔离点（某宾馆）");
                (await contacts.RegisterAsync(request, jurisdiction, "cdc", cancellationToken)).Expect();
            }
        }
    }

    /// <summary>Two pharmacy reports of the demo city (003 §二(二)), one already checked by the market regulator.</summary>
    private async Task AddSentinelReportsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == DemoSeeder.CityCode, cancellationToken);
        var jurisdiction = new Jurisdiction(city.Code, city.Path);
        var first = (await sentinels.ReportAsync(new NewSentinelReport("pharmacy", "科尔沁区某大药房", "赵某", null, "实名购买退热药（布洛芬）", "150502004001", now.AddHours(-5)),
            jurisdiction, "city", cancellationToken)).Expect();
        (await sentinels.ReportAsync(new NewSentinelReport("clinic", "开鲁镇某诊所", "钱某", null, "发热37.8℃，咳嗽", "150523100001", now.AddHours(-2)),
            jurisdiction, "city", cancellationToken)).Expect();
        (await sentinels.AdvanceAsync(first.Id, "已核实购药记录", jurisdiction, "city", cancellationToken)).Expect();
    }

    /// <summary>
    /// Two Fangcang sites in reserve (004 §七(十)), eight past weeks of ILI from two sentinel hospitals (below the alert line) and
    /// an unexplained pneumonia in 开鲁县 — through the services, as the city's headquarters.
    /// </summary>
    private async Task AddSheltersAndMonitoringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == DemoSeeder.CityCode, cancellationToken);
        var jurisdiction = new Jurisdiction(city.Code, city.Path);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "city"), new Claim(ClaimTypes.Role, Roles.Headquarters)], "demo"));
        (await shelters.RegisterAsync(new NewShelter(DemoSeeder.HorqinCode, "科尔沁区体育馆方舱医院", "科尔沁区西拉木伦大街体育馆", 800, 120), user, jurisdiction, cancellationToken)).Expect();
        (await shelters.RegisterAsync(new NewShelter("150523", "开鲁县会展中心方舱医院", "开鲁县开鲁镇会展中心", 400, 60), user, jurisdiction, cancellationToken)).Expect();

        var hospitals = await db.Hospitals.AsNoTracking().Where(h => h.Name == "通辽市医院" || h.Name == "科尔沁区第一人民医院" || h.Name == "开鲁县人民医院")
            .ToDictionaryAsync(h => h.Name, h => h.Id, cancellationToken);
        var thisWeek = MonitoringService.MondayOf(ChinaTime.DayOf(now));
        int[] iliPerMille = [28, 31, 30, 34, 37, 36, 41, 44];
        for (var back = 8; back >= 1; back--)
        {
            var week = MonitoringService.WeekName(thisWeek.AddDays(-7 * back));
            var rate = iliPerMille[8 - back];
            (await monitoring.ReportIliAsync(new NewIliReport(hospitals["通辽市医院"], week, 2400 * rate / 1000, 2400), user, jurisdiction, cancellationToken)).Expect();
            (await monitoring.ReportIliAsync(new NewIliReport(hospitals["科尔沁区第一人民医院"], week, 1300 * (rate - 3) / 1000, 1300), user, jurisdiction, cancellationToken)).Expect();
        }
        (await monitoring.ReportPneumoniaAsync(new NewPneumoniaReport(hospitals["开鲁县人民医院"], "KL2020-0117", ChinaTime.DayOf(now).AddDays(-3),
            "发热、咳嗽5天，CT示双肺多发磨玻璃影，常见呼吸道病原体检测阴性"), user, jurisdiction, cancellationToken)).Expect();
    }
}

public static class DemoCitySetup
{
    public static WebApplicationBuilder AddDemoCity(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<DemoCity>();
        return builder;
    }
}
