namespace EpiCommand.Web.Platform;

/// <summary>Messages of key-population management (requirements G1–G3).</summary>
public static partial class Messages
{
    public static Text KeyPersonIdRequired => new("请填写编号（字母、数字和 - _，最多 40 位）。", "An id of letters, digits and - _ (at most 40) is required.");
    public static Text ArrivedFromRequired => new("请填写来自何处。", "Where the person came from is required.");
    public static Text ArrivedAtRequired => new("请填写抵达时间。", "The arrival time is required.");
    public static Text NegativeTestAfterArrival => new("抵达时出示的核酸检测应早于抵达时间。", "A test presented on arrival was taken before it.");
    public static Text NoSuchKeyTest(string id, long testId) => new($"您的管辖范围内没有“{id}”的第 {testId} 项检测。", $"No test {testId} of '{id}' in your jurisdiction.");
    public static Text KeyTestRecorded(string by) => new($"该检测结果已由 {by} 记录。", $"The result was already recorded by {by}.");
}
