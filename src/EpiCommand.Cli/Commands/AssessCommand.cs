using System.CommandLine;
using System.Globalization;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Cli.Commands;

/// <summary><c>assess --plan ID --scenario FILE --as-of YYYY-MM-DD [--json]</c> (requirements.md, "Scenario files and assess").</summary>
public static class AssessCommand
{
    public static Command Create()
    {
        var plan = new Option<string>("--plan") { Description = "plan id, e.g. tongliao-2020", Required = true };
        var scenario = new Option<FileInfo>("--scenario") { Description = "scenario JSON file", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "assessment day, YYYY-MM-DD (China Standard Time)", Required = true };
        var json = new Option<bool>("--json") { Description = "print the assessment as JSON" };
        var plans = new Option<DirectoryInfo?>("--plans") { Description = "folder of plan files (default: the bundled plans)" };
        var command = new Command("assess", "Assess a scenario against a plan for one day") { plan, scenario, asOf, json, plans };
        command.SetAction(result => Run(
            result.GetValue(plan)!, result.GetValue(scenario)!, result.GetValue(asOf)!, result.GetValue(json), result.GetValue(plans),
            Console.Out, Console.Error));
        return command;
    }

    public static int Run(string planId, FileInfo scenarioFile, string asOfText, bool json, DirectoryInfo? plansFolder, TextWriter output, TextWriter errors)
    {
        if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            errors.WriteLine($"--as-of: '{asOfText}' is not a date (YYYY-MM-DD)");
            return 2;
        }
        PlanCatalog catalog;
        try
        {
            catalog = PlanCatalog.LoadFolder(plansFolder?.FullName ?? PlanCatalog.LocateFolder());
        }
        catch (PlanLoadException e)
        {
            foreach (var problem in e.Problems) errors.WriteLine(problem);
            return 3;
        }
        if (catalog.Find(planId) is not { } plan)
        {
            errors.WriteLine($"--plan: unknown plan '{planId}'; known plans: {string.Join(", ", catalog.All.Select(p => p.Id))}");
            return 2;
        }
        if (!scenarioFile.Exists)
        {
            errors.WriteLine($"--scenario: file not found: {scenarioFile.FullName}");
            return 2;
        }
        var read = ScenarioReader.Read(File.ReadAllText(scenarioFile.FullName));
        if (!read.Ok)
        {
            foreach (var problem in read.Problems) errors.WriteLine($"{scenarioFile.Name}: {problem}");
            return 1;
        }
        var result = AssessmentEngine.Assess(plan, read.Scenario!, asOf);
        if (json) output.WriteLine(AssessmentJson.Serialize(result));
        else WriteTable(plan, read.Scenario!, result, output);
        return 0;
    }

    /// <summary>The Chinese table: every fact by its label (FactLabels), regions, settings and judgments by name.</summary>
    public static void WriteTable(Plan plan, Scenario scenario, AssessmentResult result, TextWriter output)
    {
        var regionNames = scenario.Regions.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
        var settingNames = scenario.Settings.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First().Name);
        var text = new ReasonText(chinese: true, regionNames.GetValueOrDefault, settingNames.GetValueOrDefault);
        output.WriteLine($"{plan.Name}（{plan.Id}） 评估日期：{result.AsOf:yyyy-MM-dd}");
        output.WriteLine();
        output.WriteLine($"{"代码",-12} {"地区",-12} {"级别",-8} {"疫情分级",-6} {"待研判",-6} {"风险",-6} {"预警",-6} {"末例日期",-10} {"可终止自",-10}");
        foreach (var r in result.Regions.Where(r => r.Level.IsAssessed()))
        {
            output.WriteLine(string.Join(" ",
                Pad(r.Code, 14), Pad(r.Name, 14), Pad(r.Level.ToChinese(), 10),
                Pad(r.Grade?.ToChinese() ?? "—", 10), Pad(r.PendingGrade?.ToChinese() ?? "—", 8), Pad(r.Risk?.ToChinese() ?? "—", 8),
                Pad(r.Warning is { } w ? $"{w.ToChinese()}预警" : "—", 10),
                Pad(r.LastCaseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", 12), r.TerminationEligibleFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"));
            foreach (var reason in r.Reasons)
            {
                output.WriteLine($"    §{reason.Clause} {text.Status(reason.Status, reason.MissingJudgment, reason.Facts)} {reason.Criterion}");
                if (reason.Facts.Count > 0) output.WriteLine($"        {text.FactsLine(reason.Facts)}");
            }
        }
        output.WriteLine();
        if (result.Clusters.Count == 0)
        {
            output.WriteLine("聚集性疫情：无");
            return;
        }
        output.WriteLine("聚集性疫情（按形成日期）：");
        output.WriteLine($"{"场所",-14} {"所在旗县",-10} {"形成日期",-10} {"末例日期",-10} {"病例数",-4} 状态");
        foreach (var c in result.Clusters)
        {
            output.WriteLine(string.Join(" ",
                Pad(c.SettingName, 18), Pad(c.County is { } county ? regionNames.GetValueOrDefault(county, county) : "—", 14),
                Pad(c.FormedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 12),
                Pad(c.LastCaseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 12), Pad(c.Cases.ToString(CultureInfo.InvariantCulture), 8),
                c.Active ? "活跃（14天内有病例）" : "已无新增（14天以上）"));
        }
    }

    /// <summary>Pads by display width: CJK characters take two columns in a terminal.</summary>
    private static string Pad(string text, int width)
    {
        var shown = text.Sum(c => c > 0x2E80 ? 2 : 1);
        return text + new string(' ', Math.Max(1, width - shown));
    }
}
