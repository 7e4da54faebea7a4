namespace EpiCommand.Domain.Support;

/// <summary>
/// What a county may ask the city for (000 §三(六)1: 当出现应急处置能力不足、医疗防控物资供应短缺等困难时 … 提出支援申请),
/// one kind per working-group duty of 000 §三(一)–(五). Which group answers a kind is plan data (<see cref="SupportRules"/>).
/// </summary>
public enum SupportKind
{
    /// <summary>医疗救治专家组远程指导 (000 §三(二)2).</summary>
    ExpertsRemote,
    /// <summary>医疗救治专家组现场指导 (000 §三(二)2).</summary>
    ExpertsOnSite,
    /// <summary>流行病学调查机动队 (000 §三(二)3).</summary>
    EpiTeam,
    /// <summary>移动核酸检测实验室及机动核酸检测队伍 (000 §三(二)4).</summary>
    PcrLab,
    /// <summary>社会管控支援队伍 (000 §三(三)2).</summary>
    SocialControl,
    /// <summary>医疗防控储备物资, catalogue items and quantities (000 §三(四)2).</summary>
    MedicalMaterials,
    /// <summary>生活必需品 (000 §三(四)3).</summary>
    LivingNecessities,
    /// <summary>市场监督专项组 (000 §三(四)5).</summary>
    MarketSupervision,
    /// <summary>防疫物资、生活物资、医护人员的运输保障 (000 §三(五)2).</summary>
    Transport,
    /// <summary>自治区机动支援力量: the region's mobile forces, asked for through the city at level II and above (001 §5.4.9, §5.4.10).</summary>
    MobileForces,
}

/// <summary>
/// A kind of support and the working group the plan names to answer it; <paramref name="When"/> the plan's condition on it, if any;
/// <paramref name="ViaRegion"/>: the city does not cover this kind itself, it passes it on to the region (what it accepts is escalated).
/// </summary>
public sealed record SupportRoute(SupportKind Kind, string Group, string Clause, string Name, SupportCondition? When = null, bool ViaRegion = false);

/// <summary>
/// When the plan lets a kind of support be given (000 §三(四)2–3, 001 §5.4.9), each part optional:
/// <paramref name="CityResponse"/> the response levels one of which must be in force over the city when the city grants it
/// (市级疫情防控响应等级调整为三级、四级); <paramref name="CountyResponse"/> the levels one of which must be in force over the
/// requesting county when it asks; <paramref name="SevereShortage"/> the county must declare that its short-term supply is in
/// severe difficulty (短期生活必需品供应出现严重困难). <paramref name="Clause"/> is cited when the condition is not met.
/// </summary>
public sealed record SupportCondition(IReadOnlyList<string> CityResponse, IReadOnlyList<string> CountyResponse, bool SevereShortage, string Clause);

/// <summary>
/// The plan's support mechanism (seed 000): who answers each kind of request, and where what the city cannot cover goes
/// (000 §三(一)3 争取自治区方面的支持和援助, §三(四)4 及时向自治区申请调拨).
/// </summary>
public sealed record SupportRules(string Clause, string? EscalateTo, string? EscalationClause, string? EscalationGroup, IReadOnlyList<SupportRoute> Routes)
{
    public SupportRoute? Route(SupportKind kind) => Routes.FirstOrDefault(r => r.Kind == kind);

    /// <summary>Materials kinds carry catalogue items and quantities and are dispatched from depots through the stock ledger.</summary>
    public static bool IsMaterials(SupportKind kind) => kind is SupportKind.MedicalMaterials or SupportKind.LivingNecessities;
}
