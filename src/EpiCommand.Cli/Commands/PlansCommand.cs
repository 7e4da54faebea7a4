using System.CommandLine;
using EpiCommand.Domain.Plans;

namespace EpiCommand.Cli.Commands;

/// <summary><c>plans [--plans FOLDER]</c>: loads and checks every plan file, then lists them.</summary>
public static class PlansCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--plans") { Description = "folder of plan files (default: the bundled plans)" };
        var command = new Command("plans", "Check every plan file and list the plans") { folder };
        command.SetAction(result =>
        {
            try
            {
                var catalog = PlanCatalog.LoadFolder(result.GetValue(folder)?.FullName ?? PlanCatalog.LocateFolder());
                foreach (var plan in catalog.All)
                {
                    var measures = plan.ResponseLevels.Sum(l => l.Measures.Count);
                    Console.WriteLine($"{plan.Id,-16} {plan.Name}  (seed {plan.Seed}{(plan.Base is null ? "" : $", base {plan.Base}")}): " +
                        $"{plan.Grading.Count} criteria, {plan.ResponseLevels.Count} response levels, {measures} measures, " +
                        $"{plan.ReportingClocks.Count} clocks, {plan.Readiness.Count} readiness norms, {plan.Organisation.Units.Count} units, {plan.Organisation.WorkingGroups.Count} working groups");
                }
                return 0;
            }
            catch (PlanLoadException e)
            {
                foreach (var problem in e.Problems) Console.Error.WriteLine(problem);
                return 1;
            }
        });
        return command;
    }
}
