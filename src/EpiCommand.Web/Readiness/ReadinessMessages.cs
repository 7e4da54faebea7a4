namespace EpiCommand.Web.Platform;

public static partial class Messages
{
    public static Text ReadinessManagersOnly => new("只有指挥部或系统管理员可以维护能力登记和测算参数。", "Only the headquarters or an administrator may keep the capacity registers and the sizing.");
    public static Text NoSuchRegistryEntry(string what, int id) => new($"没有编号为 {id} 的{what}。", $"There is no {what} {id}.");
    public static Text RegistryEntryChanged(string name) => new($"“{name}”已被他人修改，请刷新后再改。", $"'{name}' was changed by someone else meanwhile; reload and change again.");
    public static Text RegistryNameTaken(string name, string region) => new($"{region}已登记了“{name}”。", $"{region} has already registered '{name}'.");
    public static Text RegistryRegionLevel => new("能力登记只登记在市或旗县（市、区）。", "Capacity is registered at the city or at a county.");
    public static Text CountOutOfRange(int max) => new($"请填写 0 至 {max} 之间的整数。", $"Enter a whole number from 0 to {max}.");
    public static Text NotMoreThan(Text other) => new($"不能多于{other.Zh}。", $"Cannot be more than {other.En}.");
    public static Text VersionRequired => new("请带上读取时的版本号（version）。", "Send the version from the last read.");
    public static Text DrillHeldAhead => new("举行日期不能晚于今天。", "The day held cannot be after today.");
    public static Text HospitalOutsideRegion(int id) => new($"编号为 {id} 的医院不在本辖区的登记中。", $"Hospital {id} is not in this jurisdiction's register.");
    public static Text RegistryImportEmpty => new("文件里没有数据行。", "The file has no data rows.");
    public static Text RegistryImportHeader(string header) => new($"缺少列“{header}”。", $"The column '{header}' is missing.");
    public static Text RegistryImportCell(int row, string header, Text problem) =>
        new($"第 {row} 行“{header}”列：{problem.Zh}", $"Row {row}, column '{header}': {problem.En}");
    public static Text RegistryImportRegion(string value) => new($"没有名为“{value}”的市或旗县（市、区）。", $"There is no city or county named '{value}'.");
    public static Text RegistryImportDuplicate(string name) => new($"“{name}”在文件中出现了不止一次。", $"'{name}' appears more than once in the file.");
    public static Text RegistryImportChoice(string value, string choices) => new($"“{value}”不是可选值之一（{choices}）。", $"'{value}' is not one of: {choices}.");
    public static Text RegistryImportYesNo(string value) => new($"“{value}”请填“是”或“否”。", $"'{value}': enter 是 (yes) or 否 (no).");
    public static Text LabHospitalNotFound(string hospital, string region) =>
        new($"“{region}”及其所在市没有登记名为“{hospital}”的医院。", $"No hospital '{hospital}' is registered in '{region}' or its city.");
    public static Text TrainingTeamNotFound(string team, string region) => new($"“{region}”没有登记名为“{team}”的应急队伍。", $"No team '{team}' is registered in '{region}'.");
    public static Text TrainingTeamUnknown(int id) => new($"本辖区的应急队伍中没有编号为 {id} 的队伍。", $"There is no team {id} in this jurisdiction's register.");
    public static Text TeamTooLarge(int max) => new($"一支队伍最多登记 {max} 人。", $"A roster takes at most {max} people.");
    public static Text TeamPersonUnknown(int id) => new($"本辖区的人员名录中没有编号为 {id} 的人员。", $"There is no person {id} in this jurisdiction's directory.");
    public static Text TeamPersonTwice(string name) => new($"“{name}”在名单中出现了不止一次。", $"'{name}' is on the roster more than once.");
    public static Text ReadinessNormRequired => new("请指明标准（norm）。", "Name the norm.");
    public static Text NoSuchNorm(string id) => new($"本市预案中没有编号为“{id}”的准备标准。", $"The city's plans have no readiness norm '{id}'.");
    public static Text NormNotForRegion(string id) => new($"标准“{id}”不适用于这一地区。", $"The norm '{id}' does not apply to this region.");
    public static Text NormHasNoGap(string title) => new($"“{title}”现在没有缺口（已达标或无法计量），不必建任务。", $"'{title}' has no gap now (met or not measurable): no task is needed.");
    public static Text GapTaskExists(string title) => new($"“{title}”的缺口已有未办结的任务，请督办该任务。", $"The gap of '{title}' already has an open task: press that one.");
    public static Text ForecastCountyOnly => new("情景测算请选择一个旗县（市、区）。", "A scenario is run for one county.");
    public static Text ForecastCasesPerDay(int max) => new($"每日新增确诊病例请填写 1 至 {max} 之间的整数。", $"Enter whole cases a day from 1 to {max}.");
    public static Text ForecastScenarioDays(int max) => new($"持续天数请填写 1 至 {max} 之间的整数。", $"Enter whole days from 1 to {max}.");
    public static Text ForecastAssumptionRange(string label, double min, double max, bool whole) =>
        new($"“{label}”请填写 {min} 至 {max} 之间的{(whole ? "整数" : "数")}（留空则沿用预案或市指挥部的值）。",
            $"'{label}': enter a {(whole ? "whole number" : "number")} from {min} to {max} (or leave it empty for the plan's or the city's value).");
    public static Text ForecastAssumptionsChanged(string region, string by, DateTimeOffset at, int version) =>
        new($"{region}的预测假设已被 {by} 于 {EpiCommand.Domain.Time.ChinaTime.Format(at)} 修改（版本 {version}），请刷新后再改。",
            $"{region}'s forecast assumptions were changed by {by} at {EpiCommand.Domain.Time.ChinaTime.Format(at)} (version {version}); reload and change again.");
    public static Text ReserveUseRange(string item, string unit, double max) =>
        new($"“{item}”每名患者每日用量请填写 0 至 {max} 之间的数（单位：{unit}；留空则沿用预案或市指挥部的值）。",
            $"'{item}': enter a use per patient-day from 0 to {max} ({unit}), or leave it empty for the plan's or the city's value.");
    public static Text ReserveUseUnknownItem(string code) => new($"“{code}”不是预案储备物资用量（reserveUse）中的物资。", $"'{code}' is not a reserve item of the plan (reserveUse).");
    public static Text ReserveUseChanged(string region, string by, DateTimeOffset at, int version) =>
        new($"{region}的测算参数（预测假设和物资用量）已被 {by} 于 {EpiCommand.Domain.Time.ChinaTime.Format(at)} 修改（版本 {version}），请刷新后再改。",
            $"{region}'s planning figures (forecast assumptions and reserve uses) were changed by {by} at {EpiCommand.Domain.Time.ChinaTime.Format(at)} (version {version}); reload and change again.");
    public static Text ForecastAsymptomaticPerDay(int max) => new($"每日新增无症状感染者请填写 0 至 {max} 之间的整数。", $"Enter whole asymptomatic infections a day from 0 to {max}.");
    public static Text ForecastNotConfigured(string plan) => new($"预案“{plan}”未给出测算参数（forecast）。", $"The plan '{plan}' sets no forecast assumptions.");
}

public static partial class Messages
{
    public static Text SamplingPlaceOutside(string value) =>
        new($"“{value}”不是本旗县（市、区）的苏木乡镇（街道）或社区（嘎查村）。", $"'{value}' is not a township or community of the county the site is registered in.");
    public static Text SamplingPlaceCounty => new("采样点登记在旗县（市、区）时才能填写所在苏木乡镇或社区。", "A township or community is given for a site registered in a county.");
    public static Text PopulationOutOfRange(int max) => new($"常住人口请填写 0 至 {max} 之间的整数。", $"Enter a population from 0 to {max}.");
}
