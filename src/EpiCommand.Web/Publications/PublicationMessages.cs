using EpiCommand.Data.Response;

namespace EpiCommand.Web.Platform;

/// <summary>The refusals of public information (Publications/PublicationService.cs).</summary>
public static partial class Messages
{
    public static Text PublicationKindName(PublicationKind kind) => kind switch
    {
        PublicationKind.Bulletin => new("疫情通报", "Daily bulletin"),
        PublicationKind.RiskAreas => new("中高风险地区", "Medium and high-risk areas"),
        PublicationKind.Rebuttal => new("辟谣", "Rumour rebuttal"),
        _ => new("发热门诊和定点医院", "Fever clinics and designated hospitals"),
    };
    public static Text DraftPublicationNotAllowed => new("只有本级指挥部或疾控人员可以起草公开信息。", "Only the region's own headquarters or CDC staff may draft public information.");
    public static Text PublishNotAllowed => new("公开信息须由所属本级指挥部审核发布（001 §4.5）。", "Public information is approved by the headquarters of the level that owns it (001 §4.5).");
    public static Text PublisherMustDiffer => new("起草人不能审核自己起草的公开信息，须由本级指挥部另一人审核。", "The drafter cannot approve their own draft; another person of the headquarters approves it.");
    public static Text PublicationLevel => new("公开信息由市级或旗县市区级指挥部发布。", "Public information is released by a city or county headquarters.");
    public static Text BulletinIsTheCitys => new("疫情信息由市卫生健康委统一发布（001 §4.5），旗县市区不单独发布疫情通报。", "Case figures are released for the whole city by the city (001 §4.5); a county does not release its own bulletin.");
    public static Text NoSuchPublication(long id) => new($"没有编号为 {id} 的公开信息。", $"There is no publication #{id}.");
    public static Text OnlyDraftsPublishable(long id) => new($"公开信息 #{id} 不是草稿，不能发布。", $"Publication #{id} is not a draft and cannot be published.");
    public static Text OnlyPublishedWithdrawn(long id) => new($"公开信息 #{id} 未发布，不能撤回。", $"Publication #{id} is not published and cannot be withdrawn.");
    public static Text PublicationChangedMeanwhile(long id) => new($"公开信息 #{id} 已被他人修改，请刷新后重试。", $"Publication #{id} was changed meanwhile; reload and try again.");
    public static Text PublicationDay(DateOnly first) => new($"日期须在 {first:yyyy-MM-dd} 与今天之间。", $"The day must lie between {first:yyyy-MM-dd} and today.");
    public static Text NoteHoldsPersonalData => new("说明中不得含有身份证号或电话号码。", "The note must not contain an ID number or a phone number.");
}
