namespace EpiCommand.Web.Platform;

/// <summary>Messages of reporting clocks and notifications (B3, J5).</summary>
public static partial class Messages
{
    public static Text NoSuchClock(long id) => new($"您的管辖范围内没有编号为 {id} 的报告时限。", $"No clock {id} in your jurisdiction.");
    public static Text ClockDone(string by) => new($"该报告已由 {by} 标记完成。", $"Completed by {by}.");
    public static Text NoUnreadNotification(long id) => new($"没有编号为 {id} 的未读通知。", $"No unread notification {id}.");
}
