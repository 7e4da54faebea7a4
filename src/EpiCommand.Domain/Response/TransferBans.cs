namespace EpiCommand.Domain.Response;

/// <summary>What a hospital states of a patient it asks to transfer to another hospital, as 001 §6 asks it.</summary>
public sealed record TransferFacts(
    bool UnexplainedFever, bool EpidemiologicalHistoryUnreleased, bool UnexplainedLungImaging, bool UnexplainedLowWhiteCells,
    bool NucleicAcidTested, bool CtScanned, bool HospitalApproved, bool Escorted, bool ConfirmedOrSuspected, bool OriginAuthoritiesApproved);

/// <summary>One prohibition of 001 §6, in the plan's words, and whether a transfer with <see cref="TransferFacts"/> breaks it.</summary>
public sealed record TransferBan(string Id, string Clause, string Text, string En, Func<TransferFacts, bool> Breaks);

/// <summary>
/// 001 §6 严防病例向区外输出: "市、旗两级卫生健康委要加强患者转院管理" — the prohibitions a transfer between hospitals is checked
/// against (the first, "随便离院", is about leaving, not transfer). Held here rather than in the plan file: they are one clause
/// of one plan, a list of yes/no questions, not levels or durations the other plans vary.
/// </summary>
public static class TransferBans
{
    public const string Clause = "6";

    public static readonly IReadOnlyList<TransferBan> All =
    [
        new("fever", Clause, "不准有不明原因发热等可疑症状的患者转院和出院", "no transfer of a patient with unexplained fever or other suspicious symptoms", f => f.UnexplainedFever),
        new("epidemiologicalHistory", Clause, "不准有流行病学史且未解除隔离的患者转院", "no transfer of a patient with an epidemiological history not released from isolation", f => f.EpidemiologicalHistoryUnreleased),
        new("lungImaging", Clause, "不准有不明原因肺部影像学改变的患者转院", "no transfer of a patient with unexplained changes on lung imaging", f => f.UnexplainedLungImaging),
        new("bloodCount", Clause, "不准有不明原因白细胞总数减少或淋巴细胞减少的患者转院", "no transfer of a patient with unexplained low white cells or lymphocytes", f => f.UnexplainedLowWhiteCells),
        new("untested", Clause, "不准未经核酸检测及CT检查的患者转院", "no transfer without a nucleic acid test and a CT scan", f => !f.NucleicAcidTested || !f.CtScanned),
        new("unapproved", Clause, "不准有未经医疗机构医务科及分管院长或院长同意情况下转院", "no transfer without the medical department's and the (deputy) director's consent", f => !f.HospitalApproved),
        new("unescorted", Clause, "不准有医疗机构在未经专人引导的情况下由患者自行离院或转院", "no patient leaves or transfers without an escort", f => !f.Escorted),
        new("covidWithoutConsent", Clause, "不准确诊或疑似新冠肺炎患者未经转出地卫生健康部门及社会管控部门同意自行转院", "no confirmed or suspected COVID-19 patient transfers without the consent of the sending area's health and social control authorities", f => f.ConfirmedOrSuspected && !f.OriginAuthoritiesApproved),
    ];

    /// <summary>The prohibitions the transfer breaks, in the plan's order; none means it may go ahead.</summary>
    public static IReadOnlyList<TransferBan> Broken(TransferFacts facts) => All.Where(b => b.Breaks(facts)).ToList();
}
