namespace EpiCommand.Web.Platform;

/// <summary>The refusals of leaders' instructions (Instructions/InstructionService.cs).</summary>
public static partial class Messages
{
    public static Text InstructionNotAllowed => new("只有指挥部（办公室）可以登记领导批示并交办（002 §四）。", "Only the headquarters (its office) records and assigns leaders' instructions (002 §4).");
    public static Text InstructionLevel => new("领导批示登记在市级或旗县市区级。", "Instructions are recorded at city or county level.");
    public static Text InstructionTextRequired => new("请填写批示内容。", "Write the instruction.");
    public static Text InstructionNeedsUnits => new("请至少交办一个承办单位。", "Assign it to at least one unit.");
    public static Text UnitAssignedTwice(string unit) => new($"“{unit}”已交办，不能重复。", $"'{unit}' is assigned already.");
    public static Text DueMustBeAhead => new("办结时限须晚于当前时间。", "The deadline must lie ahead.");
    public static Text NoSuchInstruction(long id) => new($"没有编号为 {id} 的领导批示。", $"There is no instruction #{id}.");
}
