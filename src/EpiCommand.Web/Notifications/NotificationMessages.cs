namespace EpiCommand.Web.Platform;

/// <summary>Messages of reporting clocks, notifications and the units' group robots (B3, J5).</summary>
public static partial class Messages
{
    public static Text NoSuchClock(long id) => new($"您的管辖范围内没有编号为 {id} 的报告时限。", $"No clock {id} in your jurisdiction.");
    public static Text ClockDone(string by) => new($"该报告已由 {by} 标记完成。", $"Completed by {by}.");
    public static Text NoUnreadNotification(long id) => new($"没有编号为 {id} 的未读通知。", $"No unread notification {id}.");

    public static Text RobotsNotAllowed => new("只有系统管理员或指挥部可以查看和管理单位群机器人。", "Only administrators and headquarters may see and manage the units' group robots.");
    public static Text RobotExists(string region, string unit) =>
        new($"{region}的“{unit}”已配置群机器人，请修改原有配置。", $"'{unit}' of {region} already has a group robot; change that one.");
    public static Text RobotConfiguredMeanwhile(string region, string unit) =>
        new($"{region}的“{unit}”刚刚已被配置群机器人，请刷新。", $"A group robot was just configured for '{unit}' of {region}; refresh.");
    public static Text RobotRegionFixed(long id, string region) =>
        new($"群机器人 #{id} 属于 {region}，不能改到其他地区；请删除后重新添加。", $"Robot #{id} belongs to {region} and cannot move to another region; delete it and add a new one.");
    public static Text NoSuchRobot(long id) => new($"没有编号为 {id} 的群机器人。", $"There is no group robot #{id}.");
    public static Text NotARobotUnit(string unit, string region, IReadOnlyList<string> units) =>
        new($"“{unit}”不是{region}的成员单位、工作组或预案措施的责任单位；可选：{string.Join("、", units.Take(12))}{(units.Count > 12 ? " 等" : "")}。",
            $"'{unit}' is not a member unit, working group or responsible unit of the plan's measures in {region}; choose from: {string.Join(", ", units.Take(12))}{(units.Count > 12 ? " …" : "")}.");
    public static Text NotAnHttpsAddress(string url) =>
        new($"“{url}”不是 https:// 开头的完整地址（企业微信或钉钉群机器人的 Webhook）。", $"'{url}' is not a full https:// address (the webhook of a WeCom or DingTalk group robot).");
}
