using EpiCommand.Domain.Response;

namespace EpiCommand.Web.Platform;

/// <summary>The patient transfers' refusals (Transfers/TransferService.cs).</summary>
public static partial class Messages
{
    public static Text TransferNotAllowed => new("只有指挥部（卫生健康部门）和医疗、疾控人员可以申请转院。", "Only headquarters (health commission) and medical or CDC staff may request transfers.");
    public static Text TransferAnswerRequired => new("请回答是或否（001 §6 转院管理）。", "Answer yes or no (001 §6, transfer control).");
    public static Text TransferSameHospital => new("转入医院不能与转出医院相同。", "The receiving hospital is the sending one.");
    public static Text NoSuchHospital(int id) => new($"医院登记中没有编号为 {id} 的医院。", $"There is no hospital #{id} in the register.");

    /// <summary>001 §6: each prohibition broken, in the plan's words.</summary>
    public static Text TransferBanned(IReadOnlyList<(string Zh, string En)> broken) =>
        new($"不予转院（001 §{TransferBans.Clause}）：{string.Join("；", broken.Select(b => b.Zh))}。",
            $"Transfer refused under 001 §{TransferBans.Clause}: {string.Join("; ", broken.Select(b => b.En))}.");
}
