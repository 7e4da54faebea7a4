using System.Globalization;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.LineLists;

/// <summary>
/// A column of a line list, found by its Chinese header or one of its other names. <see cref="ExportOnly"/> columns
/// are written for the reader of an export (a region's name, an outcome) and skipped when the file comes back.
/// </summary>
public sealed record LineListColumn(string Header, string Example, bool Required = false, bool ExportOnly = false, params string[] Aliases)
{
    public bool Answers(string header) => header == Header || Aliases.Contains(header);
}

/// <summary>
/// The columns of one kind of line list in template order (docs/linelists.md); the first is the record's id. <see cref="ImportOnly"/>
/// columns are read when a file has them and never written (the settings a case list creates: 场所名称, 场所类型).
/// </summary>
public sealed record LineListLayout(string Kind, string SheetName, IReadOnlyList<LineListColumn> Columns)
{
    public IReadOnlyList<LineListColumn> ImportOnly { get; init; } = [];

    public LineListColumn Id => Columns[0];

    /// <summary>The columns of the import template (the optional <see cref="ImportOnly"/> ones are added by those who need them).</summary>
    public IEnumerable<LineListColumn> Imported => Columns.Where(c => !c.ExportOnly);
}

public static class CaseColumns
{
    public static readonly LineListColumn Id = new("病例编号", "KL-2611-001", Required: true);
    public static readonly LineListColumn Classification = new("分类", "确诊病例", Required: true);
    public static readonly LineListColumn Severity = new("临床分型", "普通型");
    public static readonly LineListColumn Name = new("姓名", "张某", Required: true);
    public static readonly LineListColumn ResidentId = new("身份证号", "11010519491231002X", Aliases: ["身份证号码"]);
    public static readonly LineListColumn Phone = new("联系电话", "13904750000", Aliases: ["电话"]);
    public static readonly LineListColumn Region = new("现住地代码", "150523103207", Required: true);
    public static readonly LineListColumn OnsetAt = new("发病时间", "2026-11-10 08:00");
    public static readonly LineListColumn FoundAt = new("发现时间", "2026-11-11 09:30");
    public static readonly LineListColumn ReportedAt = new("报告时间", "2026-11-11 10:00", Required: true);
    public static readonly LineListColumn ConfirmedAt = new("确诊时间", "2026-11-11 10:00");
    public static readonly LineListColumn IsolatedAt = new("隔离时间", "2026-11-11 09:30");
    public static readonly LineListColumn Source = new("感染来源", "来源不明");
    public static readonly LineListColumn Setting = new("场所编号", "");
    public static readonly LineListColumn LinkedTo = new("关联病例编号", "");
    public static readonly LineListColumn RegionName = new("现住地", "", ExportOnly: true);
    public static readonly LineListColumn Outcome = new("转归", "", ExportOnly: true);

    /// <summary>A setting the list names for the first time (issue 11): its name and type, on the row that names its id in 场所编号.</summary>
    public static readonly LineListColumn SettingName = new("场所名称", "", Aliases: ["场所"]);
    public static readonly LineListColumn SettingType = new("场所类型", "");

    public static readonly LineListLayout Layout = new("cases", "病例一览表",
        [Id, Classification, Severity, Name, ResidentId, Phone, Region, OnsetAt, FoundAt, ReportedAt, ConfirmedAt, IsolatedAt, Source, Setting, LinkedTo, RegionName, Outcome])
    {
        ImportOnly = [SettingName, SettingType],
    };
}

public static class ContactColumns
{
    public static readonly LineListColumn Id = new("密接编号", "KL-MJ-001", Required: true);
    public static readonly LineListColumn Name = new("姓名", "李某", Required: true);
    public static readonly LineListColumn ResidentId = new("身份证号", "11010519491231002X", Aliases: ["身份证号码"]);
    public static readonly LineListColumn Phone = new("电话", "13904750001", Aliases: ["联系电话"]);
    public static readonly LineListColumn Region = new("现住地代码", "150523103207", Required: true);
    public static readonly LineListColumn SourceCase = new("关联病例编号", "KL-2611-001");
    public static readonly LineListColumn SourceContact = new("关联密接编号", "");
    public static readonly LineListColumn LastContactAt = new("末次接触时间", "2026-11-20 18:00", Required: true);
    public static readonly LineListColumn Site = new("隔离点", "开鲁县集中隔离点一", Required: true);
    public static readonly LineListColumn RegionName = new("现住地", "", ExportOnly: true);
    public static readonly LineListColumn ObservationEnds = new("观察期满", "", ExportOnly: true);
    public static readonly LineListColumn Status = new("状态", "", ExportOnly: true);

    public static readonly LineListLayout Layout = new("contacts", "密切接触者一览表",
        [Id, Name, ResidentId, Phone, Region, SourceCase, SourceContact, LastContactAt, Site, RegionName, ObservationEnds, Status]);
}

/// <summary>The words a line list uses for one of the platform's enums; the English names of the API are accepted too.</summary>
public sealed class LineListTerms<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _labels;
    private readonly Dictionary<string, T> _words = [];

    public LineListTerms(params (T Value, string Label, string[] Aliases)[] terms)
    {
        _labels = terms.ToDictionary(t => t.Value, t => t.Label);
        foreach (var (value, label, aliases) in terms)
        {
            _words[label] = value;
            _words[EnumNames.Of(value)] = value;
            foreach (var alias in aliases) _words[alias] = value;
        }
    }

    public string Label(T value) => _labels[value];

    public bool TryParse(string text, out T value) => _words.TryGetValue(text, out value);

    /// <summary>"确诊病例/无症状感染者/疑似病例", for error messages.</summary>
    public string Labels => string.Join("/", _labels.Values);
}

public static class LineListWords
{
    public static readonly LineListTerms<Classification> Classifications = new(
        (Classification.Confirmed, "确诊病例", ["确诊"]), (Classification.Asymptomatic, "无症状感染者", ["无症状"]), (Classification.Suspected, "疑似病例", ["疑似"]));

    public static readonly LineListTerms<Severity> Severities = new(
        (Severity.Mild, "轻型", []), (Severity.Moderate, "普通型", []), (Severity.Severe, "重型", []), (Severity.Critical, "危重型", []));

    public static readonly LineListTerms<InfectionSource> Sources = new(
        (InfectionSource.Imported, "境外输入", ["输入"]), (InfectionSource.Linked, "关联病例", ["关联"]), (InfectionSource.Unknown, "来源不明", ["不明"]));

    public static readonly LineListTerms<CaseOutcome> Outcomes = new(
        (CaseOutcome.Recovered, "治愈", []), (CaseOutcome.Died, "死亡", []), (CaseOutcome.Excluded, "排除", []));

    public static readonly LineListTerms<ContactStatus> ContactStatuses = new(
        (ContactStatus.UnderObservation, "医学观察中", []), (ContactStatus.Released, "已解除", []), (ContactStatus.BecameCase, "已转为病例", []));

    /// <summary>Separators between ids in one cell: the full-width semicolon of the template, and what people type instead.</summary>
    public static readonly char[] IdSeparators = ['；', ';', ',', '，', '、', ' '];

    public const string IdSeparator = "；";
}

/// <summary>The order of day, month and year a user chose for the dates of a line list; year first unless chosen.</summary>
public enum LineListDateOrder { YearFirst, DayFirst, MonthFirst }

/// <summary>Times in a line list: China Standard Time, written "yyyy-MM-dd HH:mm" (requirements J6).</summary>
public static class LineListTimes
{
    private static readonly string[] Formats = ["yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyy-M-d", "yyyy/M/d"];

    // Day-first and month-first dates only when the user chose that order for the file (issue 11): "03/02/2020" is
    // ambiguous and never guessed. Year-first dates are unambiguous and read whatever the choice.
    private static readonly string[] DayFirst = ["d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d/M/yyyy"];
    private static readonly string[] MonthFirst = ["M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy"];

    /// <summary>The date orders a user may choose for an import, by the name shown and accepted (<c>dateFormat</c>).</summary>
    public static readonly IReadOnlyDictionary<string, LineListDateOrder> Orders = new Dictionary<string, LineListDateOrder>(StringComparer.Ordinal)
    {
        ["yyyy-MM-dd"] = LineListDateOrder.YearFirst, ["dd/MM/yyyy"] = LineListDateOrder.DayFirst, ["MM/dd/yyyy"] = LineListDateOrder.MonthFirst,
    };

    public static string NameOf(LineListDateOrder order) => Orders.First(o => o.Value == order).Key;

    /// <summary>Excel's serial day numbers, for .xlsx cells formatted as dates: 1 is 1900-01-01, 2958465 is 9999-12-31.</summary>
    private const double LastSerial = 2958466;

    public static string Format(DateTimeOffset? instant) => instant is { } at ? ChinaTime.Format(at) : "";

    /// <summary>A text time, or in an .xlsx an Excel date (its serial number), taken as China time to the minute.</summary>
    public static bool TryParse(string text, bool excelSerials, out DateTimeOffset instant) => TryParse(text, excelSerials, LineListDateOrder.YearFirst, out instant);

    /// <summary>As above, also reading the day-first or month-first dates of the order the user chose.</summary>
    public static bool TryParse(string text, bool excelSerials, LineListDateOrder order, out DateTimeOffset instant)
    {
        // Years 1 and 9999 are left out: China time at their ends is outside what a DateTimeOffset holds (found by FuzzTests),
        // and no line list holds them.
        var chosen = order switch { LineListDateOrder.DayFirst => DayFirst, LineListDateOrder.MonthFirst => MonthFirst, _ => [] };
        if ((DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out var local)
            || (chosen.Length > 0 && DateTime.TryParseExact(text, chosen, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out local)))
            && local.Year is > 1 and < 9999)
        {
            instant = new DateTimeOffset(local, ChinaTime.Offset);
            return true;
        }
        if (excelSerials && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < LastSerial - 366)
        {
            // A serial stored as binary floating point lands a few microseconds off the minute it shows.
            var ticks = DateTime.FromOADate(serial).Ticks;
            instant = new DateTimeOffset(new DateTime((ticks + TimeSpan.TicksPerMinute / 2) / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute), ChinaTime.Offset);
            return true;
        }
        instant = default;
        return false;
    }

    /// <summary>A line list holds minutes: a stored time is the same as a listed one when they fall in the same minute.</summary>
    public static bool SameMinute(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null || b is null ? a is null && b is null : a.Value.UtcTicks / TimeSpan.TicksPerMinute == b.Value.UtcTicks / TimeSpan.TicksPerMinute;
}
