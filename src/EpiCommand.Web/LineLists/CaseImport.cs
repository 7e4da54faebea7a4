using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// Imports a case line list: each row passes the registry's own checks (<see cref="CaseRules"/>), and each new case is
/// registered through <see cref="CaseService.Add"/>: a "registered" event naming the file, and those of its report
/// clocks that are still running.
/// </summary>
public sealed class CaseImport(AppDbContext db, CaseService cases, FactsCache facts, TimeProvider clock) : LineListImport<CaseRecord>(db, clock), ICaseReferences
{
    private static readonly Dictionary<string, LineListColumn> Fields = new()
    {
        ["id"] = CaseColumns.Id, ["classification"] = CaseColumns.Classification, ["severity"] = CaseColumns.Severity, ["personName"] = CaseColumns.Name, ["residentId"] = CaseColumns.ResidentId, ["phone"] = CaseColumns.Phone,
        ["region"] = CaseColumns.Region, ["onsetAt"] = CaseColumns.OnsetAt, ["foundAt"] = CaseColumns.FoundAt, ["reportedAt"] = CaseColumns.ReportedAt, ["infectionSource"] = CaseColumns.Source, ["setting"] = CaseColumns.Setting, ["settings"] = CaseColumns.Setting,
        ["linkedTo"] = CaseColumns.LinkedTo,
    };

    private RegionIndex _regions = default!;
    private HashSet<string> _settings = [];
    private readonly HashSet<string> _takenElsewhere = new(StringComparer.Ordinal);

    /// <summary>Settings the file creates (场所名称 on the row naming a new id), by id; each is stored with the first case that names it.</summary>
    private readonly Dictionary<string, Setting> _newSettings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storedNew = new(StringComparer.Ordinal);
    private readonly HashSet<(string ClockId, string Subject)> _clockSubjects = [];

    public override LineListLayout Layout => CaseColumns.Layout;

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        _regions = await RegionIndex.LoadAsync(Db, Context.Jurisdiction, ct);
        _settings = (await Context.Jurisdiction.Settings(Db).Select(s => s.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        _storedNew.Clear();
        _newSettings.Clear();
        _takenElsewhere.Clear();
        _clockSubjects.Clear();
    }

    ValueTask<(RegionAccess Access, Region? Region)> ICaseReferences.FindRegionAsync(string code, CancellationToken ct) => _regions.FindAsync(code, ct);

    ValueTask<bool> ICaseReferences.SettingExistsAsync(string id, CancellationToken ct) => ValueTask.FromResult(_settings.Contains(id) || _newSettings.ContainsKey(id));

    protected override async ValueTask<CaseRecord?> ParseAsync(LineListRow row, CancellationToken ct)
    {
        await DeclareSettingAsync(row, ct);
        var request = new NewCase(row[CaseColumns.Id], Term(row, CaseColumns.Classification, LineListWords.Classifications, required: true), Term(row, CaseColumns.Severity, LineListWords.Severities),
            row[CaseColumns.Name], IdNumber(row, CaseColumns.ResidentId), row[CaseColumns.Phone], row[CaseColumns.Region], Time(row, CaseColumns.OnsetAt), Time(row, CaseColumns.FoundAt), Time(row, CaseColumns.ReportedAt), Time(row, CaseColumns.ConfirmedAt),
            Time(row, CaseColumns.IsolatedAt), Term(row, CaseColumns.Source, LineListWords.Sources), null, row[CaseColumns.LinkedTo]?.Split(LineListWords.IdSeparators, StringSplitOptions.RemoveEmptyEntries),
            // Several settings in one cell, separated as ids are (issue 11).
            row[CaseColumns.Setting]?.Split(LineListWords.IdSeparators, StringSplitOptions.RemoveEmptyEntries));
        var (record, problem) = await CaseRules.CheckAsync(request, this, Context.User, Context.Now, ct);
        if (problem is { Kind: ProblemKind.Forbidden }) row.Error(CaseColumns.Region, problem.Detail);
        foreach (var (field, messages) in problem?.Errors ?? new Dictionary<string, Text[]>()) row.Error(Fields.GetValueOrDefault(field.Split('[')[0], CaseColumns.Id), messages[0]);
        if (record is not null && record.LinkedCaseIds.Contains(record.Id)) row.Error(CaseColumns.LinkedTo, Messages.LinkedToItself);
        return row.HasErrors ? null : record;
    }

    protected override string IdOf(CaseRecord item) => item.Id;

    protected override IEnumerable<LineListReference> ReferencesOf(CaseRecord item) => item.LinkedCaseIds.Select(id => new LineListReference(CaseColumns.LinkedTo, id, InFile: true));

    /// <summary>A case may be linked to any stored case, as in the registry: chains cross jurisdictions.</summary>
    protected override async Task<IReadOnlySet<string>> StoredReferencesAsync(LineListColumn column, IReadOnlyList<string> ids, CancellationToken ct) =>
        (await Db.Cases.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    protected override Text MissingReference(LineListReference reference) => Messages.LinkedCaseMissing(reference.Id);

    protected override async Task<bool[]> MatchStoredAsync(IReadOnlyList<(LineListRow Row, CaseRecord Item)> batch, CancellationToken ct)
    {
        var ids = batch.Select(b => b.Item.Id).ToList();
        var stored = await Db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var same = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (row, item) = batch[i];
            if (!stored.TryGetValue(item.Id, out var existing)) continue;
            if (!Context.Jurisdiction.Covers(existing))
            {
                row.Error(CaseColumns.Id, Messages.IdNotAvailable(item.Id));
                continue;
            }
            var differences = Differences(item, existing).ToList();
            foreach (var column in differences) row.Error(column, Messages.CaseStoredDifferently(item.Id, column.Header));
            same[i] = differences.Count == 0;
        }
        return same;
    }

    /// <summary>
    /// Stages the case as <see cref="CaseService.Add"/> stores one read from a line list: its "registered" event naming the
    /// file and those of its report clocks still running. The clocks go in one batch with the cases; one already running
    /// for its subject (a county's first case of the year) is skipped by the insert, as <see cref="Clocks.ClockService.Start"/> skips it.
    /// </summary>
    protected override void Add(CaseRecord item)
    {
        foreach (var id in CasesApi.CaseSettings(item))
        {
            if (_newSettings.TryGetValue(id, out var setting) && _storedNew.Add(id))
            {
                // Where the list does not say, a new setting is where its first case lives.
                if (setting.RegionCode.Length == 0) (setting.RegionCode, setting.RegionPath) = (item.RegionCode, item.RegionPath);
                Stage.Add(setting);
            }
        }
        Db.PersonLookup.Fill(item);
        Stage.Add(item);
        Stage.Add(CaseService.Registered(item, $"导入：{Context.FileName}"));
        foreach (var instance in cases.ImportedClocks(item, item.Classification == Classification.Suspected ? null : _regions.CountyOf(item.RegionPath)))
        {
            // A clock of the case itself is new with the case; one of a county is staged once per file.
            if (instance.Subject == item.Id || _clockSubjects.Add((instance.ClockId, instance.Subject))) Stage.Add(instance);
        }
    }

    protected override IReadOnlyList<(Type Type, bool AllNew)> Tables { get; } =
        [(typeof(Setting), true), (typeof(CaseRecord), true), (typeof(CaseEvent), true), (typeof(ReportingClockInstance), false)];

    /// <summary>
    /// A row that names one setting id in 场所编号 and gives 场所名称 declares that setting (issue 11: "settings can be created in the
    /// import"), of the type in 场所类型 (其他 when empty). A setting already stored keeps its record: the name must then match. An id
    /// taken outside the jurisdiction is "not available", as for a case (issue 13, defect 7).
    /// </summary>
    private async Task DeclareSettingAsync(LineListRow row, CancellationToken ct)
    {
        var name = row[CaseColumns.SettingName];
        var typeText = row[CaseColumns.SettingType];
        if (name is null && typeText is null) return;
        var ids = row[CaseColumns.Setting]?.Split(LineListWords.IdSeparators, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (ids.Length != 1)
        {
            row.Error(CaseColumns.SettingName, Messages.SettingNameNeedsOneId);
            return;
        }
        var id = ids[0].Trim();
        var type = "other";
        if (typeText is not null && !SettingTypes.TryParse(typeText, out type))
        {
            row.Error(CaseColumns.SettingType, Messages.OneOf(typeText, SettingTypes.Labels));
            return;
        }
        var errors = new FieldErrors();
        var checkedName = errors.Text("name", name, Limits.LineCharacters, Messages.SettingNameRequired);
        if (errors.Problem is { } bad)
        {
            row.Error(CaseColumns.SettingName, bad.Errors?.Values.FirstOrDefault()?[0] ?? Messages.SettingNameRequired);
            return;
        }
        if (_settings.Contains(id)) return;
        if (!CaseRules.RecordId().IsMatch(id))
        {
            row.Error(CaseColumns.Setting, Messages.RecordIdRequired);
            return;
        }
        if (_takenElsewhere.Contains(id) || await Db.Settings.AnyAsync(s => s.Id == id, ct))
        {
            _takenElsewhere.Add(id);
            row.Error(CaseColumns.Setting, Messages.IdNotAvailable(id));
            return;
        }
        if (_newSettings.TryGetValue(id, out var declared))
        {
            if (declared.Name != checkedName || declared.Type != type) row.Error(CaseColumns.SettingName, Messages.SettingDeclaredDifferently(id, declared.Name));
            return;
        }
        _newSettings[id] = new Setting { Id = id, Name = checkedName!, Type = type, RegionCode = "", RegionPath = "" };
    }

    /// <summary>The setting types in the words of a line list (商场/超市, 其他…) or the API's names.</summary>
    private static class SettingTypes
    {
        public static string Labels => string.Join("、", FactService.SettingTypes.Select(t => Messages.SettingType(t).Zh));

        public static bool TryParse(string text, out string type)
        {
            var word = text.Trim();
            type = FactService.SettingTypes.FirstOrDefault(t => t == word || Messages.SettingType(t).Zh == word || Messages.SettingType(t).Zh.Split('/').Contains(word)
                || (t == "other" && word == "其他")) ?? "";
            return type.Length > 0;
        }
    }

    protected override void Imported() => facts.Invalidate();

    /// <summary>The columns in which a listed case differs from the stored one, compared as the line list writes them.</summary>
    private static IEnumerable<LineListColumn> Differences(CaseRecord listed, CaseRecord stored)
    {
        if (listed.Classification != stored.Classification) yield return CaseColumns.Classification;
        if (listed.Severity != stored.Severity) yield return CaseColumns.Severity;
        if (listed.PersonName != stored.PersonName) yield return CaseColumns.Name;
        if (listed.ResidentId != stored.ResidentId) yield return CaseColumns.ResidentId;
        if ((listed.Phone ?? "") != (stored.Phone ?? "")) yield return CaseColumns.Phone;
        if (listed.RegionCode != stored.RegionCode) yield return CaseColumns.Region;
        if (!LineListTimes.SameMinute(listed.OnsetAt, stored.OnsetAt)) yield return CaseColumns.OnsetAt;
        if (!LineListTimes.SameMinute(listed.FoundAt, stored.FoundAt)) yield return CaseColumns.FoundAt;
        if (!LineListTimes.SameMinute(listed.ReportedAt, stored.ReportedAt)) yield return CaseColumns.ReportedAt;
        if (!LineListTimes.SameMinute(listed.ConfirmedAt, stored.ConfirmedAt)) yield return CaseColumns.ConfirmedAt;
        if (!LineListTimes.SameMinute(listed.IsolatedAt, stored.IsolatedAt)) yield return CaseColumns.IsolatedAt;
        if (listed.InfectionSource != stored.InfectionSource) yield return CaseColumns.Source;
        if (!CasesApi.CaseSettings(listed).ToHashSet().SetEquals(CasesApi.CaseSettings(stored))) yield return CaseColumns.Setting;
        if (!listed.LinkedCaseIds.ToHashSet().SetEquals(stored.LinkedCaseIds)) yield return CaseColumns.LinkedTo;
    }
}
