using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Time;

namespace EpiCommand.Data.Demo;

/// <summary>
/// The demo city's normal-time registers (issue 15; 001 §5.1.7, §5.1.9; 003 §二(四)6, 8). INVENTED: every unit, vaccination figure and
/// price below is made up to look believable, not taken from any source. In each county a middle school, an enterprise and the
/// county hospital are registered; 奈曼旗's enterprise has no isolation and transfer arranged (the "五有" norm is not met there) and
/// 扎鲁特旗's hospital has not passed the fever-clinic strict (its "五有三严" norm is not met). Vaccination coverage is reported
/// a few days ago for every county but the development zone; pork rose 15 % in 奈曼旗 this week (a price alert).
/// </summary>
internal static class DemoNormalTime
{
    public static void Add(AppDbContext db, IReadOnlyDictionary<string, string> paths, IReadOnlyDictionary<string, string> names, DateOnly today)
    {
        var at = ChinaTime.StartOf(today);
        const string by = "demo";
        var counties = names.Keys.Where(c => c != "150571").OrderBy(c => c, StringComparer.Ordinal).ToList();
        for (var i = 0; i < counties.Count; i++)
        {
            var code = counties[i];
            var county = names[code];
            UnitPreparedness Unit(string name, UnitKind kind, string responsible, bool isolation = true, bool feverClinic = true) => new()
            {
                RegionCode = code, RegionPath = paths[code], Name = name, Kind = kind, Responsible = responsible, HasGuide = true, HasSystem = true,
                HasMaterials = true, HasMedicalSupport = true, HasIsolationTransfer = isolation,
                StrictFeverClinic = kind == UnitKind.MedicalInstitution && feverClinic, StrictInvestigation = kind == UnitKind.MedicalInstitution,
                StrictInfectionControl = kind == UnitKind.MedicalInstitution, CheckedOn = today.AddDays(-7 - i), UpdatedBy = by, UpdatedAt = at,
            };
            db.UnitPreparedness.AddRange(
                Unit($"{county}第一中学", UnitKind.School, "校长"),
                Unit($"{county}乳业有限公司", UnitKind.Enterprise, "总经理", isolation: code != "150525"),
                Unit($"{county}人民医院", UnitKind.MedicalInstitution, "院长", feverClinic: code != "150526"));

            // Cumulative doses this season of each key group, about a third to a half of the group (003 §二(四)6).
            foreach (var (group, population, share) in new[] { (VaccinationGroup.Elderly, 52_000 + 3_000 * i, 0.38 + 0.02 * i), (VaccinationGroup.Children, 41_000 + 2_000 * i, 0.30 + 0.03 * i), (VaccinationGroup.MedicalStaff, 2_400 + 150 * i, 0.72 + 0.02 * i) })
            {
                db.VaccinationReports.Add(new VaccinationReport
                {
                    RegionCode = code, RegionPath = paths[code], Group = group, AsOf = today.AddDays(-3), Population = population, Vaccinated = (int)(population * share),
                    ReportedBy = by, ReportedAt = at,
                });
            }

            // Prices a fortnight apart and today (元/公斤); 奈曼旗's pork rose 15 % (003 §二(四)8 重点商品价格波动).
            foreach (var (item, price) in new[] { (PriceItem.Pork, 26.0m + i * 0.4m), (PriceItem.Rice, 6.0m + i * 0.1m), (PriceItem.Eggs, 10.5m + i * 0.2m) })
            {
                var rise = code == "150525" && item == PriceItem.Pork ? 1.15m : 1.01m;
                foreach (var (days, factor) in new[] { (28, 1m), (14, 1m), (0, rise) })
                {
                    db.PriceReports.Add(new PriceReport
                    {
                        RegionCode = code, RegionPath = paths[code], Item = item, ObservedOn = today.AddDays(-days), Price = decimal.Round(price * factor, 2),
                        ReportedBy = by, ReportedAt = at,
                    });
                }
            }
        }
    }
}
