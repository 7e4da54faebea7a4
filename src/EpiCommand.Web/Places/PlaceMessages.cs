
namespace EpiCommand.Web.Platform;

/// <summary>The public places' and checkpoints' refusals (Places/PlaceService.cs).</summary>
public static partial class Messages
{
    public static Text PlacesHeadquartersOnly => new("只有指挥部可以登记和调整公共场所、卡口。", "Only headquarters may register and change public places and checkpoints.");
    public static Text PlaceInCounty(string region) => new($"场所和卡口登记到旗县市区及以下，“{region}”是其上级。", $"Places and checkpoints are registered in a county or below; '{region}' is above.");
    public static Text PlaceRegistered(string name) => new($"“{name}”已登记。", $"'{name}' is already registered.");
    public static Text NoSuchPlace(long id) => new($"没有编号为 {id} 的公共场所。", $"There is no public place #{id}.");
    public static Text PlaceChanged(long id) => new($"场所 #{id} 已被他人修改，请刷新。", $"Place #{id} was changed by someone else; refresh.");
    public static Text NoSuchCheckpoint(long id) => new($"没有编号为 {id} 的卡口。", $"There is no checkpoint #{id}.");
    public static Text CountRange(int min, int max) => new($"应为 {min} 至 {max} 的整数。", $"Must be a whole number from {min} to {max}.");
    public static Text TurnedBackExceedsPeople => new("劝返人数不能多于查验人数。", "More people turned back than checked.");
    public static Text CheckpointDayTooOld(int days) => new($"只能补报或更正最近 {days} 天的数据。", $"Counts can be given or corrected for the last {days} days only.");
    public static Text CheckpointCountedMeanwhile(DateOnly day) => new($"{day:yyyy-MM-dd} 的数据刚被他人报送，请刷新。", $"The counts of {day:yyyy-MM-dd} were just reported by someone else; refresh.");
}
