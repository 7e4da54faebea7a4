namespace EpiCommand.Domain.Plans;

/// <summary>
/// The plans of a folder (<c>plans/*.yaml</c>), with composed plans (<c>base:</c>) completed from their base:
/// the engine sections come from the base when the plan has none; lists are the base's followed by the plan's own;
/// a plan with its own headquarters keeps its own organisation.
/// </summary>
public sealed class PlanCatalog
{
    private readonly Dictionary<string, Plan> _plans;

    public PlanCatalog(IEnumerable<Plan> plans)
    {
        var raw = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _plans = raw.Values.ToDictionary(p => p.Id, p => Compose(p, raw, []), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Plan> All => _plans.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    public Plan? Find(string id) => _plans.GetValueOrDefault(id);

    public Plan Get(string id) => Find(id) ?? throw new KeyNotFoundException($"unknown plan '{id}'; known plans: {string.Join(", ", _plans.Keys.Order())}");

    /// <summary>Loads every <c>*.yaml</c> file of a folder; all problems of all files are reported together.</summary>
    public static PlanCatalog LoadFolder(string folder)
    {
        var plans = new List<Plan>();
        var problems = new List<PlanProblem>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                plans.Add(PlanLoader.LoadFile(file));
            }
            catch (PlanLoadException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        var ids = plans.Select(p => p.Id).ToHashSet();
        foreach (var plan in plans.Where(p => p.Base is not null && !ids.Contains(p.Base)))
        {
            problems.Add(new PlanProblem($"{plan.Id}.yaml", 1, "$.base", $"unknown base plan '{plan.Base}'"));
        }
        if (problems.Count > 0) throw new PlanLoadException(problems);
        return new PlanCatalog(plans);
    }

    /// <summary>Finds the plans folder: the <c>plans</c> folder beside the program, else the nearest one above the working folder.</summary>
    public static string LocateFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "plans");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "plans");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any()) return candidate;
        }
        throw new DirectoryNotFoundException("no plans folder found beside the program or above the working folder");
    }

    private static Plan Compose(Plan plan, IReadOnlyDictionary<string, Plan> raw, HashSet<string> visiting)
    {
        if (plan.Base is null || !raw.TryGetValue(plan.Base, out var baseRaw)) return plan;
        if (!visiting.Add(plan.Id)) throw new PlanLoadException([new PlanProblem($"{plan.Id}.yaml", 1, "$.base", "plans compose onto each other in a loop")]);
        var basePlan = Compose(baseRaw, raw, visiting);
        var engineFromBase = plan.Grading.Count == 0;
        return plan with
        {
            Parameters = engineFromBase ? basePlan.Parameters : plan.Parameters,
            Conditions = engineFromBase ? basePlan.Conditions : plan.Conditions,
            Grading = engineFromBase ? basePlan.Grading : plan.Grading,
            Risk = plan.Risk ?? basePlan.Risk,
            Warning = plan.Warning ?? basePlan.Warning,
            Termination = plan.Termination ?? basePlan.Termination,
            Lockdown = plan.Lockdown ?? basePlan.Lockdown,
            ShelterHospitals = plan.ShelterHospitals ?? basePlan.ShelterHospitals,
            PublicPlaces = plan.PublicPlaces.Count == 0 ? basePlan.PublicPlaces : plan.PublicPlaces,
            ResponseLevels = plan.ResponseLevels.Count == 0 ? basePlan.ResponseLevels : plan.ResponseLevels,
            ReportingClocks = [.. basePlan.ReportingClocks, .. plan.ReportingClocks],
            Readiness = [.. basePlan.Readiness, .. plan.Readiness],
            Drills = [.. basePlan.Drills, .. plan.Drills],
            Forecast = plan.Forecast.Count == 0 ? basePlan.Forecast : plan.Forecast,
            ReserveUse = plan.ReserveUse.Count == 0 ? basePlan.ReserveUse : plan.ReserveUse,
            KeyPopulations = [.. basePlan.KeyPopulations, .. plan.KeyPopulations],
            Support = plan.Support ?? basePlan.Support,
            Inspections = [.. basePlan.Inspections.Where(b => plan.Inspections.All(c => c.Id != b.Id)), .. plan.Inspections],
            Organisation = plan.Organisation.Headquarters is not null ? plan.Organisation : new Organisation
            {
                Headquarters = basePlan.Organisation.Headquarters,
                Units = [.. basePlan.Organisation.Units, .. plan.Organisation.Units],
                WorkingGroups = [.. basePlan.Organisation.WorkingGroups, .. plan.Organisation.WorkingGroups],
                ExpertGroups = [.. basePlan.Organisation.ExpertGroups, .. plan.Organisation.ExpertGroups],
                Liaison = [.. basePlan.Organisation.Liaison, .. plan.Organisation.Liaison],
            },
        };
    }
}
