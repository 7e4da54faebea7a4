using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EpiCommand.Domain.Plans;

public sealed class PlanLoadException(IReadOnlyList<PlanProblem> problems)
    : Exception("The plan cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<PlanProblem> Problems { get; } = problems;
}

/// <summary>Reads one plan file (docs/plans.md). Every problem is collected; a plan with any problem is refused.</summary>
public static class PlanLoader
{
    private static readonly Dictionary<string, RegionLevel> Scopes = new()
    {
        ["province"] = RegionLevel.Province, ["city"] = RegionLevel.City, ["county"] = RegionLevel.County,
        ["township"] = RegionLevel.Township, ["community"] = RegionLevel.Community,
    };

    /// <summary>Issuers of warnings (001 §3.4.1): a region level, or the nation above them all (null).</summary>
    private static readonly Dictionary<string, RegionLevel?> IssuerLevels = new()
    {
        ["nation"] = null, ["province"] = RegionLevel.Province, ["city"] = RegionLevel.City, ["county"] = RegionLevel.County,
    };

    private static readonly Dictionary<string, WarningEnd> WarningEnds = Enum.GetValues<WarningEnd>().ToDictionary(e => EnumNames.Of(e));

    private static readonly Dictionary<string, Indicator> Indicators = Enum.GetValues<Indicator>().ToDictionary(i => EnumNames.Of(i));
    private static readonly Dictionary<string, JudgmentKind> JudgmentKinds = Enum.GetValues<JudgmentKind>().ToDictionary(k => EnumNames.Of(k));
    private static readonly Dictionary<string, Classification> Classifications = Enum.GetValues<Classification>().ToDictionary(c => EnumNames.Of(c));
    private static readonly Dictionary<string, DetectionKind> DetectionKinds = Enum.GetValues<DetectionKind>().ToDictionary(c => EnumNames.Of(c));
    private static readonly Dictionary<string, LastCaseDay> LastCaseDays = Enum.GetValues<LastCaseDay>().ToDictionary(c => EnumNames.Of(c));

    public static Plan LoadFile(string path) => Load(File.ReadAllText(path), Path.GetFileName(path));

    public static Plan Load(string yaml, string fileName)
    {
        var problems = new PlanProblems(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PlanLoadException([new PlanProblem(fileName, (int)e.Start.Line, "$", $"not valid YAML: {e.InnerException?.Message ?? e.Message}")]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's parser gives up this way on some malformed flow collections, without a position.
            throw new PlanLoadException([new PlanProblem(fileName, 1, "$", $"not valid YAML: {e.Message}")]);
        }
        if (stream.Documents.Count != 1 || YamlMap.Of(stream.Documents[0].RootNode, "$", problems) is not { } root)
        {
            throw new PlanLoadException([.. problems.List, new PlanProblem(fileName, 1, "$", "a plan file holds one YAML mapping")]);
        }
        var plan = new Reader(problems).Read(root);
        var expectedId = Path.GetFileNameWithoutExtension(fileName);
        if (plan.Id != expectedId && problems.List.Count == 0)
        {
            problems.Add(root.Line, "$.id", $"id '{plan.Id}' must equal the file name '{expectedId}'");
        }
        if (problems.List.Count > 0) throw new PlanLoadException(problems.List);
        return plan;
    }

    private sealed class Reader(PlanProblems problems)
    {
        private readonly Dictionary<string, Condition> _conditions = new(StringComparer.Ordinal);

        public Plan Read(YamlMap root)
        {
            var id = root.String("id", required: true) ?? "";
            var planBase = root.String("base");
            var parameters = ReadParameters(root.Map("parameters"));

            if (root.Map("conditions") is { } conditions)
            {
                foreach (var (name, node) in conditions.Entries())
                {
                    if (ReadCondition(node, $"{conditions.Path}.{name}") is { } condition) _conditions[name] = new Named(name, condition);
                }
                conditions.RejectUnknownKeys();
            }

            var engineRequired = planBase is null;
            var grading = root.Maps("grading").Select(ReadCriterion).OfType<GradeCriterion>().ToList();
            if (engineRequired && grading.Count == 0) root.Problem("grading", "is required (at least one criterion) unless the plan has a base");
            var risk = root.Map("risk") is { } riskMap ? ReadRisk(riskMap) : null;
            if (engineRequired && risk is null) root.Problem("risk", "is required unless the plan has a base");
            var termination = root.Map("termination") is { } terminationMap ? ReadTermination(terminationMap) : null;
            if (engineRequired && termination is null) root.Problem("termination", "is required unless the plan has a base");
            var responseLevels = root.Maps("responseLevels").Select(ReadResponseLevel).ToList();
            if (engineRequired && responseLevels.Count == 0) root.Problem("responseLevels", "is required unless the plan has a base");
            CheckResponseLevels(root, responseLevels);

            var plan = new Plan
            {
                Id = id,
                Name = root.String("name", required: true) ?? "",
                NameEn = root.String("nameEn", required: true) ?? "",
                Seed = root.String("seed", required: true) ?? "",
                Jurisdiction = root.String("jurisdiction", required: true) ?? "",
                IssuingLevel = root.Enum("issuingLevel", Scopes, required: true) ?? RegionLevel.City,
                Base = planBase,
                Parameters = parameters,
                Conditions = _conditions,
                Grading = grading,
                Risk = risk,
                Warning = root.Map("warning") is { } warningMap ? ReadWarning(warningMap) : null,
                Termination = termination,
                Lockdown = root.Map("lockdown") is { } lockdownMap ? ReadLockdown(lockdownMap, responseLevels) : null,
                ShelterHospitals = root.Map("shelterHospitals") is { } shelterMap ? ReadShelters(shelterMap, responseLevels) : null,
                PublicPlaces = root.Maps("publicPlaces").Select(m => ReadPublicPlaces(m, responseLevels)).ToList(),
                ReportingClocks = root.Maps("reportingClocks").Select(ReadClock).ToList(),
                ResponseLevels = responseLevels,
                Readiness = root.Maps("readiness").Select(ReadReadiness).ToList(),
                Drills = root.Maps("drills").Select(ReadDrill).ToList(),
                Forecast = root.Map("forecast") is { } forecastMap ? ReadForecast(forecastMap) : [],
                ReserveUse = root.Maps("reserveUse").Select(ReadReserveUse).ToList(),
                KeyPopulations = root.Maps("keyPopulations").Select(ReadKeyPopulation).ToList(),
                Inspections = root.Maps("inspections").Select(ReadChecklist).ToList(),
                Organisation = root.Map("organisation") is { } organisation ? ReadOrganisation(organisation) : new Organisation(),
            };
            if (root.Map("support") is { } support) plan = plan with { Support = ReadSupport(support, plan.Organisation, plan.ResponseLevels) };
            root.RejectUnknownKeys();
            CheckUniqueIds(root, "responseLevels[].measures[].id", plan.ResponseLevels.SelectMany(l => l.Measures).Select(m => m.Id));
            CheckUniqueIds(root, "reportingClocks[].id", plan.ReportingClocks.Select(c => c.Id));
            CheckUniqueIds(root, "readiness[].id", plan.Readiness.Select(r => r.Id));
            CheckUniqueIds(root, "reserveUse[].item", plan.ReserveUse.Select(r => r.Item));
            CheckUniqueIds(root, "keyPopulations[].id", plan.KeyPopulations.Select(r => r.Id));
            CheckUniqueIds(root, "inspections[].id", plan.Inspections.Select(c => c.Id));
            return plan;
        }

        private void CheckUniqueIds(YamlMap root, string what, IEnumerable<string> ids)
        {
            foreach (var duplicate in ids.GroupBy(i => i).Where(g => g.Count() > 1))
            {
                problems.Add(root.Line, $"$.{what}", $"id '{duplicate.Key}' is used {duplicate.Count()} times");
            }
        }

        private static void CheckResponseLevels(YamlMap root, List<ResponseLevel> levels)
        {
            var names = levels.Select(l => l.Level).ToHashSet();
            foreach (var level in levels.Where(l => l.Inherits is not null && !names.Contains(l.Inherits)))
            {
                root.Problem("responseLevels", $"level '{level.Level}' inherits unknown level '{level.Inherits}'");
            }
        }

        private static PlanParameters ReadParameters(YamlMap? map)
        {
            if (map is null) return new PlanParameters();
            var defaults = new PlanParameters();
            var result = new PlanParameters
            {
                LongestIncubationDays = map.Int("longestIncubationDays", min: 1) ?? defaults.LongestIncubationDays,
                ClusterMinCases = map.Int("clusterMinCases", min: 1) ?? defaults.ClusterMinCases,
                ClusterWindowDays = map.Int("clusterWindowDays", min: 1) ?? defaults.ClusterWindowDays,
                CommunityTransmissionMinCases = map.Int("communityTransmissionMinCases", min: 1) ?? defaults.CommunityTransmissionMinCases,
                CommunityTransmissionWindowDays = map.Int("communityTransmissionWindowDays", min: 1) ?? defaults.CommunityTransmissionWindowDays,
                ChainWindowDays = map.Int("chainWindowDays", min: 1) ?? defaults.ChainWindowDays,
            };
            map.RejectUnknownKeys();
            return result;
        }

        private Condition? ReadCondition(YamlNode? node, string path)
        {
            if (YamlMap.Of(node, path, problems) is not { } map) return null;
            Condition? result;
            if (map.Has("all") || map.Has("any"))
            {
                var key = map.Has("all") ? "all" : "any";
                var parts = new List<Condition>();
                if (map.Node(key) is YamlSequenceNode sequence)
                {
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        if (ReadCondition(sequence.Children[i], $"{path}.{key}[{i}]") is { } part) parts.Add(part);
                    }
                }
                else map.Problem(key, "must be a list of conditions");
                result = key == "all" ? new AllOf(parts) : new AnyOf(parts);
            }
            else if (map.Has("not"))
            {
                result = ReadCondition(map.Node("not"), $"{path}.not") is { } inner ? new Not(inner) : null;
            }
            else if (map.Has("always"))
            {
                result = map.Bool("always") == true ? new Always() : null;
                if (result is null) map.Problem("always", "must be true");
            }
            else if (map.Has("condition"))
            {
                var name = map.String("condition", required: true);
                result = name is not null && _conditions.TryGetValue(name, out var named) ? named : null;
                if (name is not null && result is null) map.Problem("condition", $"unknown named condition '{name}' (define it under conditions, before it is used)");
            }
            else if (map.Has("judgment"))
            {
                var kind = map.Enum("judgment", JudgmentKinds, required: true);
                var inherited = map.Bool("inherited") ?? false;
                result = kind is null ? null : new JudgmentHeld(kind.Value, inherited);
            }
            else if (map.Has("indicator"))
            {
                result = ReadComparison(map);
            }
            else
            {
                problems.Add(node!, path, "a condition needs one of: all, any, not, always, condition, judgment, indicator");
                return null;
            }
            map.RejectUnknownKeys();
            return result;
        }

        private Condition? When(YamlMap map)
        {
            if (map.Node("when") is { } node) return ReadCondition(node, $"{map.Path}.when");
            map.Problem("when", "is required");
            return null;
        }

        private Comparison? ReadComparison(YamlMap map)
        {
            var indicator = map.Enum("indicator", Indicators, required: true);
            var days = map.Int("days", min: 1);
            var classification = map.Enum("classification", Classifications);
            var detectionKind = map.Enum("kind", DetectionKinds);
            var level = map.Enum("level", Scopes);
            var where = map.Has("where") ? ReadCondition(map.Node("where"), $"{map.Path}.where") : null;
            var atLeast = map.Int("atLeast", min: 0);
            var atMost = map.Int("atMost", min: 0);
            if (atLeast is null && atMost is null) problems.Add(map.Node("indicator")!, map.Path, "an indicator needs atLeast or atMost");
            if (indicator is null) return null;

            var allowsDays = indicator is Indicator.Cases or Indicator.LocalCases or Indicator.Detections or Indicator.Clusters;
            if (days is not null && !allowsDays) map.Problem("days", $"indicator '{EnumNames.Of(indicator.Value)}' takes no days");
            if (indicator is Indicator.Clusters && days is null) map.Problem("indicator", "clusters needs days (clusters formed within N days)");
            if (classification is not null && indicator is not (Indicator.Cases or Indicator.LocalCases)) map.Problem("classification", "only cases and localCases take a classification");
            if (classification is Classification.Suspected) map.Problem("classification", "suspected cases never count (requirements: Case)");
            if (detectionKind is not null && indicator is not Indicator.Detections) map.Problem("kind", "only detections take a kind");
            if (indicator is Indicator.Children && (level is null || where is null)) map.Problem("indicator", "children needs level and where");
            if (indicator is not Indicator.Children && (level is not null || where is not null)) map.Problem("indicator", "only children takes level and where");
            if (indicator is Indicator.NeighborsAffected && !_conditions.ContainsKey("affected")) map.Problem("indicator", "neighborsAffected needs a named condition 'affected'");
            return new Comparison(indicator.Value, days, classification, detectionKind, level, where, atLeast, atMost);
        }

        private GradeCriterion? ReadCriterion(YamlMap map)
        {
            var grade = map.Enum("grade", Grades.ByName, required: true);
            var scope = map.Enum("scope", Scopes, required: true);
            var clause = map.String("clause", required: true);
            var name = map.String("name") ?? "";
            var criterion = map.String("criterion", required: true);
            var when = When(map);
            var requires = map.Enum("requires", JudgmentKinds);
            map.RejectUnknownKeys();
            if (scope is RegionLevel.Township or RegionLevel.Community) map.Problem("scope", "grades are assessed for counties, cities and provinces only");
            return grade is null || scope is null || clause is null || criterion is null || when is null
                ? null
                : new GradeCriterion(grade.Value, scope.Value, clause, name, criterion, when, requires);
        }

        private RiskRules? ReadRisk(YamlMap map)
        {
            var scope = map.Enum("scope", Scopes, required: true);
            var over = map.Enum("override", JudgmentKinds);
            var rules = new List<RiskRule>();
            foreach (var rule in map.Maps("rules"))
            {
                var level = rule.Enum("level", Grades.RiskByName, required: true);
                var clause = rule.String("clause", required: true);
                var criterion = rule.String("criterion", required: true);
                var when = When(rule);
                rule.RejectUnknownKeys();
                if (level is not null && clause is not null && criterion is not null && when is not null) rules.Add(new RiskRule(level.Value, clause, criterion, when));
            }
            if (rules.Count == 0) map.Problem("rules", "needs at least one rule");
            map.RejectUnknownKeys();
            return scope is null ? null : new RiskRules(scope.Value, over, rules);
        }

        private WarningRules ReadWarning(YamlMap map)
        {
            var clause = map.String("clause", required: true) ?? "";
            var fromGrade = new Dictionary<Grade, Grade>();
            if (map.Map("fromGrade") is { } mapping)
            {
                foreach (var (key, value) in mapping.Entries())
                {
                    if (Grades.ByName.TryGetValue(key, out var grade) && value is YamlScalarNode { Value: { } v } && Grades.ByName.TryGetValue(v, out var warning)) fromGrade[grade] = warning;
                    else problems.Add(value, $"{mapping.Path}.{key}", "maps a grade (IV, III, II, I) to a warning level (IV, III, II, I)");
                }
            }
            var otherwise = new List<WarningRule>();
            foreach (var rule in map.Maps("otherwise"))
            {
                var level = rule.Enum("level", Grades.ByName, required: true);
                var ruleClause = rule.String("clause", required: true);
                var criterion = rule.String("criterion", required: true);
                var when = When(rule);
                rule.RejectUnknownKeys();
                if (level is not null && ruleClause is not null && criterion is not null && when is not null) otherwise.Add(new WarningRule(level.Value, ruleClause, criterion, when));
            }
            var levels = new List<WarningLevel>();
            foreach (var level in map.Maps("levels"))
            {
                var value = level.Enum("level", Grades.ByName, required: true);
                var issuerLevel = level.String("issuerLevel", required: true);
                if (issuerLevel is not null && !IssuerLevels.ContainsKey(issuerLevel)) level.Problem("issuerLevel", $"'{issuerLevel}' is not one of {string.Join(", ", IssuerLevels.Keys)}");
                var item = new WarningLevel(value ?? Grade.IV, level.String("name", required: true) ?? "", level.String("clause"), level.String("color"), level.String("issuer", required: true) ?? "",
                    level.Strings("audiences"), level.String("text"), issuerLevel is not null && IssuerLevels.TryGetValue(issuerLevel, out var issuer) ? issuer : null)
                {
                    Recipients = level.Strings("recipients"), CopyTo = level.Strings("copyTo"),
                };
                level.RejectUnknownKeys();
                levels.Add(item);
            }
            var result = new WarningRules(clause, fromGrade, otherwise, map.Int("issueWithinHours", min: 1), levels, map.Strings("contentFields"), map.Strings("channels"),
                ReadDuration(map.Map("duration")), ReadClauseText(map.Map("repeat")));
            map.String("text");
            map.RejectUnknownKeys();
            return result;
        }

        private static WarningDuration? ReadDuration(YamlMap? map)
        {
            if (map is null) return null;
            var result = new WarningDuration(map.String("clause", required: true) ?? "", map.String("text", required: true) ?? "", map.Enum("until", WarningEnds));
            map.RejectUnknownKeys();
            return result;
        }

        private static LockdownRule? ReadLockdown(YamlMap map, List<ResponseLevel> levels)
        {
            var minimum = map.String("minimumLevel", required: true);
            var clause = map.String("clause", required: true);
            map.RejectUnknownKeys();
            if (minimum is not null && levels.Count > 0 && levels.All(l => l.Level != minimum))
            {
                map.Problem("minimumLevel", $"'{minimum}' is not one of the plan's response levels ({string.Join(", ", levels.Select(l => l.Level))})");
            }
            return minimum is null || clause is null ? null : new LockdownRule(minimum, clause);
        }

        private static ShelterRule? ReadShelters(YamlMap map, List<ResponseLevel> levels)
        {
            var prepare = map.String("prepareLevel", required: true);
            var prepareClause = map.String("prepareClause", required: true);
            var activate = map.String("activateLevel", required: true);
            var activateClause = map.String("activateClause", required: true);
            map.RejectUnknownKeys();
            foreach (var (key, level) in new[] { ("prepareLevel", prepare), ("activateLevel", activate) })
            {
                if (level is not null && levels.Count > 0 && levels.All(l => l.Level != level))
                {
                    map.Problem(key, $"'{level}' is not one of the plan's response levels ({string.Join(", ", levels.Select(l => l.Level))})");
                }
            }
            return prepare is null || prepareClause is null || activate is null || activateClause is null ? null : new ShelterRule(prepare, prepareClause, activate, activateClause);
        }

        private static PublicPlaceRule ReadPublicPlaces(YamlMap map, List<ResponseLevel> levels)
        {
            var level = map.String("level", required: true) ?? "";
            var clause = map.String("clause", required: true) ?? "";
            var closed = map.Strings("closed");
            var limited = map.Strings("limited");
            map.RejectUnknownKeys();
            if (levels.Count > 0 && levels.All(l => l.Level != level))
            {
                map.Problem("level", $"'{level}' is not one of the plan's response levels ({string.Join(", ", levels.Select(l => l.Level))})");
            }
            foreach (var (key, kinds) in new[] { ("closed", closed), ("limited", limited) })
            {
                foreach (var kind in kinds.Where(k => k != Response.PlaceRules.EveryKind && !Response.PlaceRules.Kinds.ContainsKey(k)))
                {
                    map.Problem(key, $"'{kind}' is not a kind of public place ({string.Join(", ", Response.PlaceRules.Kinds.Keys)}, or *)");
                }
            }
            return new PublicPlaceRule(level, clause, closed, limited);
        }

        private static ClauseText? ReadClauseText(YamlMap? map)
        {
            if (map is null) return null;
            var result = new ClauseText(map.String("clause", required: true) ?? "", map.String("text", required: true) ?? "");
            map.RejectUnknownKeys();
            return result;
        }

        private static TerminationRule? ReadTermination(YamlMap map)
        {
            var clause = map.String("clause", required: true);
            var criterion = map.String("criterion", required: true);
            var lastCase = map.Map("lastCase");
            var classifications = new List<Classification>();
            var localOnly = false;
            LastCaseDay? day = LastCaseDay.Reported;
            if (lastCase is null) map.Problem("lastCase", "is required");
            else
            {
                var i = 0;
                foreach (var text in lastCase.Strings("classifications"))
                {
                    if (Classifications.TryGetValue(text, out var c) && c != Classification.Suspected) classifications.Add(c);
                    else lastCase.Problem("classifications", $"'{text}' at [{i}] is not confirmed or asymptomatic");
                    i++;
                }
                if (classifications.Count == 0) lastCase.Problem("classifications", "needs confirmed and/or asymptomatic");
                localOnly = lastCase.Bool("localOnly") ?? false;
                day = lastCase.Enum("day", LastCaseDays, required: true);
                lastCase.RejectUnknownKeys();
            }
            var daysAfter = map.Int("daysAfter", required: true, min: 0);
            var requires = map.Enum("requires", JudgmentKinds);
            map.RejectUnknownKeys();
            return clause is null || criterion is null || daysAfter is null || day is null
                ? null
                : new TerminationRule(clause, criterion, classifications, localOnly, day.Value, daysAfter.Value, requires);
        }

        private ReportingClock ReadClock(YamlMap map)
        {
            var clock = new ReportingClock(
                map.String("id", required: true) ?? "",
                map.String("clause", required: true) ?? "",
                map.String("name", required: true) ?? "",
                map.String("startsOn", required: true) ?? "",
                map.Number("dueHours"),
                map.Strings("responsible"),
                map.Strings("escalateTo"),
                map.String("text"),
                map.String("completionEvent"));
            map.RejectUnknownKeys();
            return clock;
        }

        private ResponseLevel ReadResponseLevel(YamlMap map)
        {
            var level = map.String("level", required: true) ?? "";
            Grade? trigger = null;
            if (map.Map("trigger") is { } triggerMap)
            {
                trigger = triggerMap.Enum("grade", Grades.ByName, required: true);
                triggerMap.RejectUnknownKeys();
            }
            var measures = map.Maps("measures").Select(m =>
            {
                var measure = new Measure(
                    m.String("id", required: true) ?? "",
                    m.String("clause", required: true) ?? "",
                    m.String("title", required: true) ?? "",
                    m.String("text", required: true) ?? "",
                    m.Strings("responsible"),
                    m.Number("deadlineHours"));
                m.RejectUnknownKeys();
                return measure;
            }).ToList();
            var result = new ResponseLevel(level, map.String("name", required: true) ?? "", map.String("clause", required: true) ?? "", trigger,
                map.Enum("respondingLevel", Scopes), map.String("inherits"), measures);
            map.String("text");
            map.RejectUnknownKeys();
            return result;
        }

        private ReadinessNorm ReadReadiness(YamlMap map)
        {
            var norm = new Dictionary<string, string>();
            if (map.Map("norm") is { } normMap)
            {
                foreach (var (key, value) in normMap.Entries())
                {
                    if (value is YamlScalarNode { Value: { } v }) norm[key] = v;
                    else problems.Add(value, $"{normMap.Path}.{key}", "must be a single value");
                    // docs/plans.md `readiness`: the comparisons the evaluator knows (Readiness/ReadinessEvaluator.cs)
                    if (key is not ("atLeast" or "atMost" or "ratioAtLeast" or "of" or "unit" or "withinDays"))
                    {
                        problems.Add(value, $"{normMap.Path}.{key}", "unknown norm key; expected atLeast, atMost, ratioAtLeast, of, unit, withinDays");
                    }
                    else if (key is "withinDays" && value is YamlScalarNode { Value: { } days }
                        && !(int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var within) && within >= 1))
                    {
                        problems.Add(value, $"{normMap.Path}.{key}", "must be a whole number of days, at least 1");
                    }
                    else if (key is "atLeast" or "atMost" or "ratioAtLeast" && value is YamlScalarNode { Value: { } number }
                        && !double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        problems.Add(value, $"{normMap.Path}.{key}", "must be a number");
                    }
                }
                if (norm.ContainsKey("ratioAtLeast") != norm.ContainsKey("of")) problems.Add(normMap.Line, normMap.Path, "ratioAtLeast and of go together");
            }
            var result = new ReadinessNorm(
                map.String("id", required: true) ?? "",
                map.String("clause", required: true) ?? "",
                map.String("title", required: true) ?? "",
                map.String("text"),
                map.String("scope"),
                map.String("metric"),
                norm,
                map.Strings("responsible"));
            map.RejectUnknownKeys();
            return result;
        }

        /// <summary>docs/plans.md `forecast`: every key of <see cref="EpiCommand.Domain.Readiness.ForecastAssumptions.Keys"/>, each {value, clause?, text?}.</summary>
        private static List<EpiCommand.Domain.Readiness.ForecastAssumption> ReadForecast(YamlMap map)
        {
            var result = new List<EpiCommand.Domain.Readiness.ForecastAssumption>();
            var optional = EpiCommand.Domain.Readiness.ForecastAssumptions.OptionalKeys;
            foreach (var key in EpiCommand.Domain.Readiness.ForecastAssumptions.Keys.Concat(optional))
            {
                if (map.Map(key) is not { } entry)
                {
                    if (!optional.Contains(key)) map.Problem(key, "is required");
                    continue;
                }
                var value = entry.Number("value");
                var range = EpiCommand.Domain.Readiness.ForecastAssumptions.Editable.FirstOrDefault(e => e.Key == key);
                if (value is null) entry.Problem("value", "is required");
                else if (value < 0 || (key is "windowDays" or "horizonDays" or "minCasesToFit" && (value != Math.Floor(value.Value) || value < 1)))
                {
                    entry.Problem("value", "must be ≥ 0 (a whole number ≥ 1 for days and counts)");
                }
                else if (key is "icuShare" && value > 1) entry.Problem("value", "is a share: 0 to 1");
                else if (key is "lengthOfStayDays" or "quarantineDays" or "minDoublingDays" && value == 0) entry.Problem("value", "must be above 0");
                else if (optional.Contains(key) && (value < range.Min || value > range.Max || (range.Whole && value != Math.Floor(value.Value))))
                {
                    entry.Problem("value", $"must be {(range.Whole ? "a whole number " : "")}from {range.Min} to {range.Max}");
                }
                result.Add(new(key, value ?? 0, entry.String("clause"), entry.String("text")));
                entry.RejectUnknownKeys();
            }
            map.RejectUnknownKeys();
            return result;
        }

        /// <summary>docs/plans.md `reserveUse`: {item (a catalogue code), perPatientDay (≥ 0), clause?, text?}.</summary>
        private static EpiCommand.Domain.Readiness.ReserveUse ReadReserveUse(YamlMap map)
        {
            var item = map.String("item", required: true) ?? "";
            var perDay = map.Number("perPatientDay");
            if (perDay is null) map.Problem("perPatientDay", "is required");
            else if (perDay < 0) map.Problem("perPatientDay", "must be ≥ 0");
            var result = new EpiCommand.Domain.Readiness.ReserveUse(item, perDay ?? 0, map.String("clause"), map.String("text"));
            map.RejectUnknownKeys();
            return result;
        }

        private DrillRule ReadDrill(YamlMap map)
        {
            var every = map.Map("everyMonths");
            var drill = new DrillRule(
                map.String("id", required: true) ?? "",
                map.String("clause", required: true) ?? "",
                map.String("scope"),
                every?.Int("min", min: 1),
                every?.Int("max", min: 1),
                map.String("text"));
            every?.RejectUnknownKeys();
            map.RejectUnknownKeys();
            return drill;
        }

        private KeyPopulationProtocol ReadKeyPopulation(YamlMap map)
        {
            var observation = map.Map("observation");
            var tests = new List<(string, int)>();
            foreach (var test in map.Maps("tests"))
            {
                tests.Add((test.String("kind", required: true) ?? "", test.Int("count", required: true, min: 1) ?? 1));
                test.RejectUnknownKeys();
            }
            var protocol = new KeyPopulationProtocol(
                map.String("id", required: true) ?? "",
                map.String("clause", required: true) ?? "",
                map.String("name", required: true) ?? "",
                observation?.String("kind"),
                observation?.Int("days", min: 0),
                observation?.String("from"),
                tests,
                map.Bool("closedLoop") ?? false,
                map.String("text"),
                map.Int("exemptIfNegativeWithinDays", min: 1),
                map.Int("testWithinHours", min: 1));
            observation?.RejectUnknownKeys();
            map.RejectUnknownKeys();
            return protocol;
        }

        /// <summary>An inspection checklist: an id, a name, a clause and at least one item, each item's id unique within it.</summary>
        private static InspectionChecklist ReadChecklist(YamlMap map)
        {
            var items = map.Maps("items").Select(item =>
            {
                var register = item.String("register");
                if (register is not null && !ChecklistItem.RegisterItems.Contains(register))
                    item.Problem("register", $"'{register}' is not one of {string.Join(", ", ChecklistItem.RegisterItems)}");
                var read = new ChecklistItem(item.String("id", required: true) ?? "", item.String("clause", required: true) ?? "", item.String("text", required: true) ?? "", register);
                item.RejectUnknownKeys();
                return read;
            }).ToList();
            if (items.Count == 0) map.Problem("items", "is required (at least one item)");
            foreach (var duplicate in items.GroupBy(i => i.Id).Where(g => g.Count() > 1)) map.Problem("items", $"id '{duplicate.Key}' is used {duplicate.Count()} times");
            var checklist = new InspectionChecklist(map.String("id", required: true) ?? "", map.String("name", required: true) ?? "", map.String("clause", required: true) ?? "", items);
            map.RejectUnknownKeys();
            return checklist;
        }

        private static readonly Dictionary<string, SupportKind> SupportKinds =
            Enum.GetValues<SupportKind>().ToDictionary(EnumNames.Of, k => k, StringComparer.Ordinal);

        /// <summary>The support mechanism: every kind routed once, to a working group of the plan's organisation (seed 000 §三).</summary>
        private static SupportRules ReadSupport(YamlMap map, Organisation organisation, IReadOnlyList<ResponseLevel> responseLevels)
        {
            var levels = responseLevels.Select(l => l.Level).ToHashSet(StringComparer.Ordinal);
            var groups = organisation.WorkingGroups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
            var routes = new List<SupportRoute>();
            foreach (var route in map.Maps("routes"))
            {
                var kind = route.Enum("kind", SupportKinds, required: true);
                var group = route.String("group", required: true);
                if (group is not null && !groups.Contains(group)) route.Problem("group", $"'{group}' is not one of organisation.workingGroups");
                if (kind is { } k && routes.Any(r => r.Kind == k)) route.Problem("kind", $"'{EnumNames.Of(k)}' is routed twice");
                var clause = route.String("clause", required: true) ?? "";
                var item = new SupportRoute(kind ?? default, group ?? "", clause, route.String("name", required: true) ?? "",
                    route.Map("when") is { } when ? ReadSupportCondition(when, clause, levels) : null, route.Bool("viaRegion") ?? false);
                route.RejectUnknownKeys();
                if (kind is not null) routes.Add(item);
            }
            var escalationGroup = map.String("escalationGroup");
            if (escalationGroup is not null && !groups.Contains(escalationGroup)) map.Problem("escalationGroup", $"'{escalationGroup}' is not one of organisation.workingGroups");
            var rules = new SupportRules(map.String("clause", required: true) ?? "", map.String("escalateTo"), map.String("escalationClause"), escalationGroup, routes);
            map.RejectUnknownKeys();
            return rules;
        }

        /// <summary>A route's <c>when</c> (docs/plans.md): response levels over the city or the county, a declared severe shortage.</summary>
        private static SupportCondition ReadSupportCondition(YamlMap when, string routeClause, HashSet<string> levels)
        {
            IReadOnlyList<string> Levels(string key)
            {
                var given = when.Strings(key);
                foreach (var level in given.Where(l => levels.Count > 0 && !levels.Contains(l))) when.Problem(key, $"'{level}' is not one of the plan's response levels");
                return given;
            }
            var condition = new SupportCondition(Levels("cityResponse"), Levels("countyResponse"), when.Bool("severeShortage") ?? false, when.String("clause") ?? routeClause);
            if (condition is { CityResponse.Count: 0, CountyResponse.Count: 0, SevereShortage: false }) when.Problem("cityResponse", "a condition needs cityResponse, countyResponse or severeShortage");
            when.RejectUnknownKeys();
            return condition;
        }

        private static Organisation ReadOrganisation(YamlMap map)
        {
            Headquarters? headquarters = null;
            if (map.Map("headquarters") is { } hq)
            {
                var office = hq.Map("office");
                headquarters = new Headquarters(hq.String("name", required: true) ?? "", hq.String("clause"), hq.String("commander"),
                    hq.Strings("deputyCommanders"), office?.String("name"), office?.String("locatedAt"));
                hq.String("text");
                office?.RejectUnknownKeys();
                hq.RejectUnknownKeys();
            }
            var units = map.Maps("units").Select(u =>
            {
                var unit = new OrgUnit(u.String("name", required: true) ?? "", u.String("clause"), u.Strings("duties"));
                u.RejectUnknownKeys();
                return unit;
            }).ToList();
            var groups = map.Maps("workingGroups").Select(g =>
            {
                var group = new WorkingGroup(g.String("name", required: true) ?? "", g.String("clause"), g.String("lead"), g.Strings("members"), g.Strings("duties"));
                g.RejectUnknownKeys();
                return group;
            }).ToList();
            var experts = map.Maps("expertGroups").Select(g =>
            {
                var group = new ExpertGroup(g.String("name", required: true) ?? "", g.String("clause"), g.Strings("duties"));
                g.RejectUnknownKeys();
                return group;
            }).ToList();
            var liaison = map.Maps("liaison").Select(l =>
            {
                var item = new Liaison(l.String("role", required: true) ?? "", l.String("clause"), l.String("text"));
                l.RejectUnknownKeys();
                return item;
            }).ToList();
            map.RejectUnknownKeys();
            return new Organisation { Headquarters = headquarters, Units = units, WorkingGroups = groups, ExpertGroups = experts, Liaison = liaison };
        }
    }
}
