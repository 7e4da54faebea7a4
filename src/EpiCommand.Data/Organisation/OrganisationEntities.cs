namespace EpiCommand.Data.Organisation;

/// <summary>The command headquarters (指挥部) of a jurisdiction (001 §2.1.1; 002 §三 领导小组).</summary>
public sealed class CommandHeadquarters
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Commander { get; set; }
    public List<string> DeputyCommanders { get; set; } = [];
    public string? OfficeName { get; set; }
    public string? OfficeLocatedAt { get; set; }
    public string? PlanId { get; set; }
    public string? Clause { get; set; }
}

/// <summary>A member unit (成员单位) with its duties (001 §2.2.1).</summary>
public sealed class MemberUnit
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Clause { get; set; }
    public List<string> Duties { get; set; } = [];
    public int SortOrder { get; set; }
}

/// <summary>A working group (工作组) with its lead, members and duties (000 §三; 004 §六(一)).</summary>
public sealed class WorkingGroup
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Clause { get; set; }
    public string? Lead { get; set; }
    public List<string> Members { get; set; } = [];
    public List<string> Duties { get; set; } = [];
    public int SortOrder { get; set; }
}

/// <summary>An expert group (专家组) (004 §六(二)).</summary>
public sealed class ExpertGroup
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Clause { get; set; }
    public List<string> Duties { get; set; } = [];
}
