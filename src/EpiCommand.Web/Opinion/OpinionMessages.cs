using EpiCommand.Data.Response;

namespace EpiCommand.Web.Platform;

/// <summary>The names and refusals of public-opinion monitoring (Opinion/OpinionService.cs).</summary>
public static partial class Messages
{
    public static Text OpinionSourceName(OpinionSource source) => source switch
    {
        OpinionSource.Platform => new("网络平台", "Online platform"),
        OpinionSource.Media => new("新闻媒体", "News media"),
        OpinionSource.Hotline => new("热线", "Hotline"),
        _ => new("其他", "Other"),
    };
    public static Text OpinionSensitivityName(OpinionSensitivity sensitivity) => sensitivity switch
    {
        OpinionSensitivity.General => new("一般", "General"),
        OpinionSensitivity.Sensitive => new("较敏感", "Sensitive"),
        _ => new("高度敏感", "Highly sensitive"),
    };
    public static Text OpinionStateName(OpinionState state) => state switch
    {
        OpinionState.Reported => new("已报告", "Reported"),
        OpinionState.Assessed => new("已研判", "Assessed"),
        OpinionState.Responded => new("已回应", "Responded"),
        _ => new("已办结", "Closed"),
    };
    public static Text OpinionReportNotAllowed => new("只有指挥部或疾控人员可以报告舆情。", "Only headquarters or CDC staff report public-opinion items.");
    public static Text OpinionHandleNotAllowed => new("舆情由所属本级指挥部研判、处置和办结；辟谣由本级指挥部或疾控人员起草（001 §5.3.9）。",
        "An item is assessed, handled and closed by the headquarters of its own level; its rebuttal is drafted there by the headquarters or CDC staff (001 §5.3.9).");
    public static Text OpinionLevel => new("舆情登记在市级或旗县市区级。", "Public-opinion items are recorded at city or county level.");
    public static Text OpinionLink => new("链接须为 http 或 https 网址。", "The link must be an http or https address.");
    public static Text NoSuchOpinion(long id) => new($"没有编号为 {id} 的舆情。", $"There is no public-opinion item #{id}.");
    public static Text OpinionChangedMeanwhile(long id) => new($"舆情 #{id} 已被他人修改，请刷新后重试。", $"Item #{id} was changed meanwhile; reload and try again.");
    public static Text OpinionAssessedAlready(long id) => new($"舆情 #{id} 已研判。", $"Item #{id} is assessed already.");
    public static Text OpinionNotAssessed(long id) => new($"舆情 #{id} 须先研判、且未办结，才能起草辟谣。", $"Item #{id} must be assessed, and not closed, before a rebuttal is drafted.");
    public static Text OpinionNotClosable(long id) => new($"舆情 #{id} 须先研判才能办结，已办结的不能再办结。", $"Item #{id} is closed once assessed, and only once.");
    public static Text RebuttalPending(long id) => new($"舆情 #{id} 已有辟谣草稿或已发布的辟谣。", $"Item #{id} has a rebuttal drafted or published already.");
    public static Text RebuttalHoldsPersonalData => new("辟谣内容中不得含有身份证号或电话号码。", "A rebuttal must not contain an ID number or a phone number.");
    public static Text RebuttalFromOpinion => new("辟谣从舆情监测起草（舆情研判后），不在此处生成。", "A rebuttal is drafted from an assessed public-opinion item, not here.");
}
