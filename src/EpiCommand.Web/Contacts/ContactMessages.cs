using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.Platform;

/// <summary>Messages of close-contact observation (001 §5.2.7).</summary>
public static partial class Messages
{
    public static Text ContactIdRequired => new("请填写密接编号。", "The contact id is required.");
    public static Text NotAContactId(string id) => new($"“{id}”不是有效的密接编号（字母、数字和 - _，最多 40 位）。", $"'{id}' is not a contact id (letters, digits and - _, at most 40).");
    public static Text NoSuchContact(string id) => new($"您的管辖范围内没有密接“{id}”。", $"No contact '{id}' in your jurisdiction.");
    public static Text NoSuchCase(string id) => new($"您的管辖范围内没有病例“{id}”。", $"No case '{id}' in your jurisdiction.");
    public static Text SourceRequired => new("请填写接触的病例（sourceCaseId），密接的密接请填写所接触的密接（sourceContactId）。",
        "Name the case (sourceCaseId) or, for a contact of a contact, the contact (sourceContactId) this person was in contact with.");
    public static Text SourceEitherOr => new("来源病例与来源密接只能填写一个。", "Name either the source case or the source contact, not both.");
    public static Text LastContactRequired => new("请填写最后接触时间。", "The time of the last contact is required.");
    public static Text ObservationOver(DateOnly endsOn) => new($"此次接触后的 14 天医学观察已于 {endsOn:yyyy-MM-dd} 结束（001 §5.2.7）。",
        $"The 14-day observation after this contact ended on {endsOn:yyyy-MM-dd} (001 §5.2.7).");
    public static Text SiteRequired => new("请填写集中隔离医学观察点。", "The observation site (隔离点) is required.");
    public static Text NoSuchCheck(string id, int slot, int count) => new($"密接“{id}”没有第 {slot} 次健康监测（共 {count} 次，从 1 起编号）。",
        $"Contact '{id}' has no check {slot} (it has {count}, numbered from 1).");
    public static Text CheckAlreadyRecorded(DateTimeOffset due, DateTimeOffset? done) => done is { } at
        ? new($"{ChinaTime.Format(due)} 的健康监测已于 {ChinaTime.Format(at)} 记录。", $"The check due at {ChinaTime.Format(due)} was already recorded at {ChinaTime.Format(at)}.")
        : new($"{ChinaTime.Format(due)} 的健康监测已有人记录。", $"The check due at {ChinaTime.Format(due)} was already recorded.");
    public static Text CheckTooEarly(DateTimeOffset due, DateTimeOffset from) => new($"{ChinaTime.Format(due)} 的健康监测最早于 {ChinaTime.Format(from)} 记录。",
        $"The check due at {ChinaTime.Format(due)} cannot be recorded before {ChinaTime.Format(from)}.");
    public static Text TemperatureRequired => new("请填写体温。", "The temperature is required.");
    public static Text NotABodyTemperature(decimal t) => new($"{t} °C 不是体温（{Observation.LowestTemperature}–{Observation.HighestTemperature}）。",
        $"{t} °C is not a body temperature ({Observation.LowestTemperature}–{Observation.HighestTemperature}).");
    public static Text SymptomsRequired => new("请说明有无发热、干咳、腹泻等症状。", "Say whether the person has symptoms (fever, dry cough, diarrhoea…).");
    public static Text ContactChanged(string id) => new($"登记病例期间密接“{id}”已被他人更改，未作任何保存。", $"Contact '{id}' changed while the case was registered; nothing was stored.");
    public static Text ObservationRunsUntil(string id, DateOnly ends) => new($"“{id}”的医学观察至 {ends:yyyy-MM-dd}（最后接触后 14 天，001 §5.2.7），自该日起方可解除。",
        $"Observation of '{id}' runs until {ends:yyyy-MM-dd}, 14 days after the last contact (001 §5.2.7); release from that day on.");
    public static Text LatestCheckAbnormal(string id, DateTimeOffset at) => new($"“{id}”最近一次健康监测（{ChinaTime.Format(at)}）有发热或症状：请转为疑似病例，或先记录一次正常的监测。",
        $"The latest check of '{id}' ({ChinaTime.Format(at)}) showed fever or symptoms: turn the contact into a suspected case, or record a normal check first.");
    public static Text NoLongerObserved(string id) => new($"密接“{id}”已不在医学观察中。", $"Contact '{id}' is no longer under observation.");
    public static Text AlreadyBecameCase(string id, string caseId) => new($"密接“{id}”已转为病例“{caseId}”。", $"Contact '{id}' already became case '{caseId}'.");
    public static Text AlreadyReleased(string id) => new($"密接“{id}”已解除医学观察。", $"Contact '{id}' was released from observation.");
}
