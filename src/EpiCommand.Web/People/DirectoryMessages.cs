namespace EpiCommand.Web.Platform;

public static partial class Messages
{
    public static Text NoSuchPerson(int id) => new($"没有编号为 {id} 的人员。", $"There is no person {id}.");
    public static Text NoSuchDuty(long id) => new($"没有编号为 {id} 的值班安排。", $"There is no duty assignment {id}.");
    public static Text PeopleManagersOnly => new("只有指挥部或系统管理员可以维护人员和值班表。", "Only the headquarters or an administrator may keep the people and the duty roster.");
    public static Text PersonChangedMeanwhile(string name) => new($"{name}的信息已被他人修改，请刷新后再改。", $"{name} was changed by someone else meanwhile; reload and change again.");
    public static Text AlreadyOnDuty(string name, DateOnly day) => new($"{name}已排在 {day:yyyy-MM-dd} 的值班表上。", $"{name} is already on duty on {day:yyyy-MM-dd}.");
}
