namespace EpiCommand.Web.Platform;

/// <summary>The Fangcang shelter hospitals' refusals (Shelters/ShelterService.cs).</summary>
public static partial class Messages
{
    public static Text SheltersHeadquartersOnly => new("只有指挥部可以登记方舱医院和调整其状态。", "Only headquarters may register Fangcang shelter hospitals and change their state.");
    public static Text ShelterMovementsNotAllowed => new("只有指挥部和医疗、疾控人员可以登记方舱医院的收治和出舱。", "Only headquarters and medical or CDC staff may record admissions and discharges.");
    public static Text ShelterRegistered(string name) => new($"“{name}”已登记。", $"'{name}' is already registered.");
    public static Text NoSuchShelter(long id) => new($"没有编号为 {id} 的方舱医院。", $"There is no Fangcang shelter hospital #{id}.");
    public static Text ShelterChanged(long id) => new($"方舱医院 #{id} 已被他人修改，请刷新。", $"Fangcang shelter hospital #{id} was changed by someone else; refresh.");

    public static Text ShelterLevelUnmet(string step, string stepEn, string needed, string clause, string? current) => new(
        $"方舱医院须在{needed}级及以上应急响应下才能{step}（§{clause}）；该地现行响应：{(current is null ? "无" : current + "级")}。",
        $"A Fangcang shelter hospital may be {stepEn} only under a level {needed} response or above (§{clause}); the response in force there: {current ?? "none"}.");

    public static Text ShelterNotActive(string name) => new($"“{name}”尚未启用，不能收治。", $"'{name}' is not activated; it admits no patients.");
    public static Text ShelterFull(int free) => new($"床位不足：仅余 {free} 张空床。", $"Not enough beds: {free} free.");
    public static Text ShelterDischargeTooMany(int occupied) => new($"出舱人数不能多于在舱人数（{occupied}）。", $"More discharged than in the shelter ({occupied}).");
    public static Text ShelterStillOccupied(int occupied) => new($"舱内仍有 {occupied} 名患者，不能撤回。", $"{occupied} patients are still in the shelter; it cannot stand down.");
    public static Text ShelterBedsFewerThanOccupied(int occupied) => new($"床位数不能少于在舱人数（{occupied}）。", $"Fewer beds than patients in the shelter ({occupied}).");
}
