using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Readiness;

/// <summary>The words of the registers' choices: the API's codes (camelCase names), and the Chinese and English a page and a sheet show.</summary>
public static class ReadinessLabels
{
    public static readonly IReadOnlyDictionary<HospitalLevel, Text> Levels = new Dictionary<HospitalLevel, Text>
    {
        [HospitalLevel.Level1] = new("一级", "Level 1"), [HospitalLevel.Level2] = new("二级", "Level 2"), [HospitalLevel.Level3] = new("三级", "Level 3"),
    };

    public static readonly IReadOnlyDictionary<HospitalKind, Text> Kinds = new Dictionary<HospitalKind, Text>
    {
        [HospitalKind.General] = new("综合医院", "General"), [HospitalKind.InfectiousDisease] = new("传染病专科医院", "Infectious-disease"),
        [HospitalKind.Other] = new("其他专科医院", "Other specialist"),
    };

    public static readonly IReadOnlyDictionary<Designation, Text> Designations = new Dictionary<Designation, Text>
    {
        [Designation.None] = new("否", "No"), [Designation.Designated] = new("定点医院", "Designated"), [Designation.Backup] = new("后备定点医院", "Backup designated"),
    };

    public static readonly IReadOnlyDictionary<LabOwner, Text> Owners = new Dictionary<LabOwner, Text>
    {
        [LabOwner.TertiaryHospital] = new("三级医院", "Tertiary hospital"), [LabOwner.InfectiousDiseaseHospital] = new("传染病专科医院", "Infectious-disease hospital"),
        [LabOwner.CountyCdc] = new("旗县疾控中心", "County CDC"), [LabOwner.CountyHospital] = new("县级医院", "County hospital"), [LabOwner.Other] = new("其他", "Other"),
    };

    public static readonly IReadOnlyDictionary<SiteStatus, Text> Statuses = new Dictionary<SiteStatus, Text>
    {
        [SiteStatus.InUse] = new("在用", "In use"), [SiteStatus.Reserve] = new("备用", "Reserve"),
    };

    /// <summary>001 §5.1.3(3) 核酸采样场所…充分调动社会检测机构积极性.</summary>
    public static readonly IReadOnlyDictionary<SamplingSiteKind, Text> SamplingKinds = new Dictionary<SamplingSiteKind, Text>
    {
        [SamplingSiteKind.Fixed] = new("固定采样点", "Fixed site"), [SamplingSiteKind.Hospital] = new("医疗机构采样点", "Hospital"),
        [SamplingSiteKind.SocialInstitution] = new("社会检测机构", "Social testing institution"), [SamplingSiteKind.Mobile] = new("流动采样点", "Mobile"),
    };

    /// <summary>001 §5.1.3(2), in the clause's order (the words are the domain's).</summary>
    public static readonly IReadOnlyDictionary<RetrofitItem, Text> RetrofitItems =
        ReadinessMetrics.RetrofitItems.ToDictionary(p => p.Key, p => new Text(p.Value.Zh, char.ToUpperInvariant(p.Value.En[0]) + p.Value.En[1..]));

    public static readonly IReadOnlyDictionary<RetrofitStatus, Text> RetrofitStatuses = new Dictionary<RetrofitStatus, Text>
    {
        [RetrofitStatus.Compliant] = new("达标", "Compliant"), [RetrofitStatus.InProgress] = new("改造中", "Being retrofitted"),
        [RetrofitStatus.NotCompliant] = new("未达标", "Not compliant"),
    };

    /// <summary>An item not checked yet: an empty cell, or this word.</summary>
    public static readonly Text NotChecked = new("未核查", "Not checked");

    /// <summary>001 §5.1.3(1), in the clause's order.</summary>
    public static readonly IReadOnlyDictionary<TeamType, Text> TeamTypes = new Dictionary<TeamType, Text>
    {
        [TeamType.SituationAssessment] = new("疫情研判", "Situation assessment"), [TeamType.Epidemiology] = new("流行病学调查", "Epidemiological investigation"),
        [TeamType.LaboratoryTesting] = new("实验室检测", "Laboratory testing"), [TeamType.Disinfection] = new("消毒杀虫", "Disinfection and vector control"),
        [TeamType.MedicalTreatment] = new("医疗救治", "Medical treatment"), [TeamType.CommunityControl] = new("社区防控", "Community control"),
        [TeamType.RehabilitationAndPsychology] = new("康复和心理疏导", "Rehabilitation and psychological support"),
    };

    public static readonly IReadOnlyDictionary<TrainingKind, Text> TrainingKinds = new Dictionary<TrainingKind, Text>
    {
        [TrainingKind.Training] = new("培训", "Training"), [TrainingKind.Drill] = new("演练", "Drill"),
    };

    /// <summary>001 §5.1.3(1), in the clause's order.</summary>
    public static readonly IReadOnlyDictionary<TrainingTopics, Text> Topics = new Dictionary<TrainingTopics, Text>
    {
        [TrainingTopics.CaseFinding] = new("病例发现与报告", "Case finding and reporting"), [TrainingTopics.ContactTracing] = new("流调追踪", "Investigation and tracing"),
        [TrainingTopics.Sampling] = new("标本采集", "Specimen collection"), [TrainingTopics.LabTesting] = new("实验室检测", "Laboratory testing"),
        [TrainingTopics.Triage] = new("预检分诊", "Triage"), [TrainingTopics.Treatment] = new("医疗救治", "Medical treatment"),
        [TrainingTopics.InfectionControl] = new("院感管理", "Infection control"), [TrainingTopics.ContactManagement] = new("密接管理", "Close-contact management"),
        [TrainingTopics.PersonalProtection] = new("个人防护", "Personal protection"),
    };

    public static readonly IReadOnlyDictionary<NormStatus, Text> NormStatuses = new Dictionary<NormStatus, Text>
    {
        [NormStatus.Met] = new("达标", "Met"), [NormStatus.NotMet] = new("未达标", "Not met"), [NormStatus.NotMeasurable] = new("无法计量", "Not measurable"),
    };

    /// <summary>A choice given as its API code (<c>level2</c>) or, as a sheet has it, its Chinese or English word (<c>二级</c>).</summary>
    public static bool TryParse<T>(IReadOnlyDictionary<T, Text> labels, string? text, out T value) where T : struct, Enum
    {
        var trimmed = text?.Trim() ?? "";
        if (EnumNames.TryParse(trimmed, out value)) return true;
        foreach (var (key, label) in labels)
        {
            if (label.Zh == trimmed || string.Equals(label.En, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = key;
                return true;
            }
        }
        return false;
    }

    public static string Choices<T>(IReadOnlyDictionary<T, Text> labels) where T : notnull => string.Join("、", labels.Values.Select(l => l.Zh));

    public static string Yes(bool value) => value ? "是" : "否";
}
