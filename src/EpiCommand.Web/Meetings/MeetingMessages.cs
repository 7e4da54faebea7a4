namespace EpiCommand.Web.Platform;

/// <summary>The refusals of coordination meetings (Meetings/MeetingService.cs).</summary>
public static partial class Messages
{
    public static Text CallMeetingNotAllowed => new("只有指挥部或成员单位人员可以提出召开协调会议（002 §五(一)）。", "Only headquarters or member-unit staff may call a coordination meeting (002 §5(1)).");
    public static Text CallForOwnUnit(string unit) => new($"成员单位只能以本单位（{unit}）名义提出会议。", $"A member unit calls meetings in its own name ({unit}).");
    public static Text NotAnOrganisationUnit(string unit) => new($"“{unit}”不是本级组织机构中的成员单位或工作组。", $"'{unit}' is not a member unit or working group of this level's organisation.");
    public static Text MeetingNeedsAttendees => new("请至少邀请一个参会单位。", "Invite at least one unit.");
    public static Text TooManyItems(int max) => new($"最多 {max} 项。", $"At most {max} items.");
    public static Text PlaceRequired => new("请写明会议地点或线上会议方式。", "Give the place, or how to join online.");
    public static Text TopicRequired => new("请写明会议议题。", "Give the topic.");
    public static Text MinutesRequired => new("请填写会议纪要。", "Write the minutes.");
    public static Text DecisionTextRequired => new("请写明议定事项。", "Write what was decided.");
    public static Text DueRequired => new("请写明完成时限。", "Give the deadline.");
    public static Text DueMustFollowMeeting => new("完成时限须晚于会议时间。", "The deadline must come after the meeting.");
    public static Text NoSuchMeeting(long id) => new($"没有编号为 {id} 的会议。", $"There is no meeting #{id}.");
    public static Text MeetingChangeNotAllowed => new("只有召集人或本级指挥部可以记录或取消会议。", "Only whoever called the meeting or the headquarters may record or cancel it.");
    public static Text MeetingNotScheduled(long id) => new($"会议 #{id} 已召开或已取消。", $"Meeting #{id} was already held or cancelled.");
    public static Text MeetingNotYetStarted(long id) => new($"会议 #{id} 尚未开始，不能记录纪要。", $"Meeting #{id} has not started yet; its minutes cannot be recorded.");
    public static Text MeetingChangedMeanwhile(long id) => new($"会议 #{id} 已被他人修改，请刷新后重试。", $"Meeting #{id} was changed meanwhile; reload and try again.");
}
