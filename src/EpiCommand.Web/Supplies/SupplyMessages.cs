using EpiCommand.Data.Supplies;

namespace EpiCommand.Web.Platform;

public static partial class Messages
{
    public static Text SuppliesManagersOnly => new("只有指挥部或系统管理员可以维护物资目录和储备库。", "Only the headquarters or an administrator may keep the catalogue and the depots.");
    public static Text StockMoversOnly => new("只有指挥部或系统管理员可以办理物资出入库、调拨和盘点。", "Only the headquarters or an administrator may receive, issue, transfer or count stock.");
    public static Text NoSuchDepot(int id) => new($"没有编号为 {id} 的储备库。", $"There is no depot {id}.");
    public static Text NoSuchDepotNamed(string name) => new($"您的管辖范围内没有名为“{name}”的储备库。", $"There is no depot named '{name}' in your jurisdiction.");
    public static Text NoSuchItem(int id) => new($"物资目录中没有编号为 {id} 的物资。", $"The catalogue has no item {id}.");
    public static Text NoSuchItemCode(string code) => new($"物资目录中没有编码为“{code}”的物资。", $"The catalogue has no item coded '{code}'.");
    public static Text ItemCodeTaken(string code) => new($"物资编码“{code}”已在目录中。", $"The code '{code}' is already in the catalogue.");
    public static Text DepotNameTaken(string name) => new($"该地区已有名为“{name}”的储备库。", $"The region already has a depot named '{name}'.");
    public static Text ItemCodeFormat => new("物资编码由字母、数字和 - _ 组成，最多 40 位。", "An item code is letters, digits and - _ (at most 40).");
    public static Text QuantityPositive => new("数量须为正整数。", "The quantity must be a whole number above zero.");
    public static Text CountNotNegative => new("盘点数量须为不小于 0 的整数。", "The counted quantity must be a whole number of at least zero.");
    public static Text MinimumNotNegative => new("最低库存须为不小于 0 的整数。", "The minimum must be a whole number of at least zero.");
    public static Text TransferToSameDepot => new("调入库不能与调出库相同。", "A transfer goes to another depot.");
    public static Text MovementKinds(string? kind) => OneOf(kind ?? "", "receipt, issue, transfer, stocktake");

    /// <summary>Issue 15 "Bad input and integrity": an issue larger than the stock is refused, naming what is available.</summary>
    public static Text NotEnoughStock(string item, string depot, int available, string unit) =>
        new($"{depot}的{item}库存不足：现有 {available} {unit}。", $"Not enough {item} in {depot}: {available} {unit} available.");

    public static Text StockRowDuplicated(int row) => new($"与第 {row} 行是同一储备库的同一物资。", $"The same depot and item as row {row}.");
    public static Text StockSheetHasErrors => new("盘点表有错误，未导入任何数据", "The stocktake sheet has errors; nothing was imported");
    public static Text StockSheetEmpty => new("盘点表中没有数据行。", "The stocktake sheet holds no rows.");
    public static Text StockSheetMissingColumn(string header) => new($"缺少“{header}”列。", $"The column '{header}' is missing.");
    public static Text NotAWholeNumber(string text) => new($"“{text}”不是整数。", $"'{text}' is not a whole number.");

    public static Text SupplyCategoryName(SupplyCategory category) => category switch
    {
        SupplyCategory.Protective => new("防护用品", "Protective equipment"),
        SupplyCategory.Drug => new("药品", "Drugs"),
        SupplyCategory.ConvalescentPlasma => new("恢复期血浆", "Convalescent plasma"),
        SupplyCategory.Reagent => new("试剂", "Reagents"),
        SupplyCategory.Disinfectant => new("消杀用品", "Disinfectants"),
        SupplyCategory.Equipment => new("设备", "Equipment"),
        _ => new("生活物资", "Living supplies"),
    };

    public static Text MovementKindName(MovementKind kind) => kind switch
    {
        MovementKind.Receipt => new("入库", "Receipt"),
        MovementKind.Issue => new("出库", "Issue"),
        MovementKind.TransferOut => new("调出", "Transfer out"),
        MovementKind.TransferIn => new("调入", "Transfer in"),
        _ => new("盘点调整", "Stocktake"),
    };
}
