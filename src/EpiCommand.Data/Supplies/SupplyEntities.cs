using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Supplies;

/// <summary>The catalogue's categories of reserve (issue 15 §1: PPE, drugs, convalescent plasma, reagents, disinfectants, equipment; 003 §二(四) living supplies).</summary>
public enum SupplyCategory
{
    /// <summary>防护用品</summary>
    Protective,
    /// <summary>药品</summary>
    Drug,
    /// <summary>恢复期血浆</summary>
    ConvalescentPlasma,
    /// <summary>试剂</summary>
    Reagent,
    /// <summary>消杀用品</summary>
    Disinfectant,
    /// <summary>设备</summary>
    Equipment,
    /// <summary>生活物资</summary>
    Living,
}

/// <summary>What a ledger line records.</summary>
public enum MovementKind
{
    /// <summary>入库: goods received into the depot.</summary>
    Receipt,
    /// <summary>出库: goods issued out of the depot.</summary>
    Issue,
    /// <summary>调出: the leaving half of a transfer between depots.</summary>
    TransferOut,
    /// <summary>调入: the arriving half of a transfer between depots.</summary>
    TransferIn,
    /// <summary>盘点调整: the difference a stocktake found between the count and the ledger.</summary>
    Adjustment,
}

/// <summary>An item of the reserve catalogue (物资目录), the same for the whole city: counted in whole <see cref="Unit"/>s.</summary>
public sealed class SupplyItem
{
    public int Id { get; set; }

    /// <summary>The catalogue code, unique (e.g. "FH-N95").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public SupplyCategory Category { get; set; }

    /// <summary>The unit of measure every quantity of the item is counted in (个, 套, 人份, 升…).</summary>
    public required string Unit { get; set; }

    public string? Spec { get; set; }

    /// <summary>
    /// Litres one unit takes in a vehicle (issue 16 §4: transport capacity couples items). None: the allocation counts 1 L a unit
    /// (docs/support.md "Vehicles").
    /// </summary>
    public double? UnitVolume { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A material depot (物资储备库) of a jurisdiction, kept by one of its organisation's units.</summary>
public sealed class Depot : IRegional
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public string? Address { get; set; }

    /// <summary>The keeping unit (保管单位), a member unit, working group or office of the region or above.</summary>
    public required string KeepingUnit { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The stock of one item in one depot: a cached total of its ledger (<see cref="StockMovement"/>), written in the same
/// transaction as each movement and never otherwise — <see cref="OnHand"/> = Σ movements' quantities, and never below zero.
/// </summary>
public sealed class StockLevel : IRegional
{
    public int Id { get; set; }
    public int DepotId { get; set; }
    public Depot? Depot { get; set; }
    public int ItemId { get; set; }
    public SupplyItem? Item { get; set; }

    /// <summary>The depot's region, copied so that the jurisdiction scope and the region filter read one table.</summary>
    public required string RegionCode { get; set; }

    public required string RegionPath { get; set; }
    public int OnHand { get; set; }

    /// <summary>The minimum the keeping unit wants held; a stock below it is shown as low. Null: none set.</summary>
    public int? Minimum { get; set; }

    /// <summary>Raised by every movement: the concurrency token of the cached total.</summary>
    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One line of the append-only stock ledger (台账): a signed quantity (in: positive, out: negative) and the balance after it.
/// Lines are only ever added; a mistake is corrected by another line (a stocktake adjustment, a receipt back).
/// </summary>
public sealed class StockMovement : IRegional
{
    public long Id { get; set; }
    public int StockId { get; set; }
    public int DepotId { get; set; }
    public int ItemId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public MovementKind Kind { get; set; }

    /// <summary>Signed: receipts, transfers in and positive adjustments add; issues, transfers out and negative adjustments take.</summary>
    public int Quantity { get; set; }

    /// <summary>The stock on hand right after this line.</summary>
    public int BalanceAfter { get; set; }

    public string? Reason { get; set; }

    /// <summary>The paper or request it answers (a delivery note, a support request's number…).</summary>
    public string? Reference { get; set; }

    /// <summary>The two halves of a transfer share it.</summary>
    public Guid? TransferId { get; set; }

    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
