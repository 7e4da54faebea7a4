namespace EpiCommand.Web.Platform;

/// <summary>The refusals of inspections (Inspections/InspectionService.cs).</summary>
public static partial class Messages
{
    public static Text InspectionNotAllowed => new("只有指挥部（督查检查组）可以组织督查检查、下达整改和记录问责（002 §五(七)）。", "Only the headquarters (its inspection group) makes inspections, orders rectification and records accountability (002 §5(7)).");
    public static Text InspectionLevel => new("督查检查登记在市级或旗县市区级。", "Inspections are recorded at city or county level.");
    public static Text NoSuchChecklist(string id) => new($"预案中没有检查清单“{id}”。", $"The plan has no checklist '{id}'.");
    public static Text ChecklistRecordsNoRegister(string checklist) => new($"检查清单“{checklist}”不记入单位“五有”台账。", $"The checklist '{checklist}' records nothing in the units' register.");
    public static Text InspectionNeedsInspectors => new("请至少写明一个检查单位。", "Name at least one inspecting unit.");
    public static Text NoSuchInspection(long id) => new($"没有编号为 {id} 的督查检查。", $"There is no inspection #{id}.");
    public static Text NoSuchFinding(long id) => new($"本次督查检查没有编号为 {id} 的检查项。", $"This inspection has no finding #{id}.");
    public static Text InspectionAlreadyInspected(long id) => new($"督查检查 #{id} 的检查结果已经登记。", $"The results of inspection #{id} are recorded already.");
    public static Text InspectionChangedMeanwhile(long id) => new($"督查检查 #{id} 已被他人修改，请刷新后重试。", $"Inspection #{id} was changed meanwhile; reload and try again.");
    public static Text FindingChangedMeanwhile(long id) => new($"检查项 #{id} 已被他人处理，请刷新后重试。", $"Finding #{id} was dealt with meanwhile; reload and try again.");
    public static Text FindingsRequired => new("请逐项填写检查结果。", "Give the result of each checklist item.");
    public static Text NoSuchChecklistItem(string id) => new($"检查清单中没有“{id}”这一项。", $"The checklist has no item '{id}'.");
    public static Text ItemGivenTwice(string id) => new($"检查项“{id}”重复填写。", $"Item '{id}' is given twice.");
    public static Text FailedNeedsNote => new("不合格须写明发现的问题。", "A failed item needs a note of what was found.");
    public static Text ItemsWithoutResult(string items) => new($"以下检查项尚无结果：{items}。", $"These items have no result: {items}.");
    public static Text FindingNotOpen(long id) => new($"检查项 #{id} 不是待整改的问题（已合格、已销号或尚未检查）。", $"Finding #{id} is not an open finding (it passed, is closed, or was not inspected yet).");
    public static Text NotAPhoto(string name) => new($"“{name}”不是 JPEG、PNG 或 WebP 图片。", $"'{name}' is not a JPEG, PNG or WebP image.");
    public static Text TooManyPhotos(int max) => new($"每个检查项最多 {max} 张照片。", $"At most {max} photos per finding.");
    public static Text PhotoFieldMissing => new("请以表单字段“file”上传照片。", "Send the photo as the multipart form field 'file'.");
    public static Text NoSuchPhoto(long id) => new($"没有编号为 {id} 的照片。", $"There is no photo #{id}.");
    public static Text InspectionNotMadeYet(long id) => new($"督查检查 #{id} 尚未登记检查结果。", $"Inspection #{id} has no results yet.");
}
