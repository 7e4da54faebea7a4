using EpiCommand.Domain.Regions;

namespace EpiCommand.Data.Regions;

/// <summary>An administrative region (requirements A1), keyed by its GB/T 2260-style code.</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public RegionLevel Level { get; set; }
    public string? ParentCode { get; set; }

    /// <summary>The codes from the top down, as "/150000/150500/150502/": a region's subtree is every path that starts with its own.</summary>
    public required string Path { get; set; }

    /// <summary>
    /// When an import of the national division last found this region missing from its data; null while the data holds it.
    /// A missing region is kept, with its cases and settings, never deleted.
    /// </summary>
    public DateTimeOffset? MissingSince { get; set; }

    public List<RegionNeighbor> Neighbors { get; set; } = [];

    public static string PathOf(string? parentPath, string code) => (parentPath ?? "/") + code + "/";
}

public sealed class RegionNeighbor
{
    public required string RegionCode { get; set; }
    public required string NeighborCode { get; set; }
}
