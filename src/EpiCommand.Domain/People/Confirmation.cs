using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.People;

/// <summary>The steps by which a case is confirmed (001 §4.2).</summary>
public enum ConfirmationStep
{
    /// <summary>市疾控中心复核病毒核酸阳性.</summary>
    CityCdcRetest,
    /// <summary>自治区综合疾控中心复核病毒核酸阳性.</summary>
    RegionCdcRetest,
    /// <summary>自治区卫生健康委医疗防控专家组评估确认.</summary>
    RegionExpertConfirmation,
    /// <summary>市医疗救治、疫情防控专家组评估确认.</summary>
    CityExpertConfirmation,
    /// <summary>自治区医疗救治专家组复核确认（重型、危重型）.</summary>
    RegionExpertReview,
}

public sealed record RequiredStep(ConfirmationStep Step, string Clause, string Label, bool ByExperts);

/// <summary>001 §4.2: which confirmations a case needs, from its classification, severity and whether it is the city's first of the year.</summary>
public static class ConfirmationRules
{
    public static IReadOnlyList<RequiredStep> Required(Classification classification, bool firstOfYearInCity, bool severeOrCritical)
    {
        var steps = new List<RequiredStep>();
        switch (classification)
        {
            case Classification.Confirmed when firstOfYearInCity:
                // 001 §4.2.1 年度首例确诊病例确认
                steps.Add(new(ConfirmationStep.CityCdcRetest, "4.2.1", "市疾控中心复核核酸阳性", false));
                steps.Add(new(ConfirmationStep.RegionCdcRetest, "4.2.1", "自治区疾控中心复核核酸阳性", false));
                steps.Add(new(ConfirmationStep.RegionExpertConfirmation, "4.2.1", "自治区医疗防控专家组评估确认", true));
                break;
            case Classification.Confirmed:
                // 001 §4.2.2 后续病例确认
                steps.Add(new(ConfirmationStep.CityCdcRetest, "4.2.2", "市疾控中心复核核酸阳性", false));
                steps.Add(new(ConfirmationStep.CityExpertConfirmation, "4.2.2", "市医疗救治、疫情防控专家组评估确认", true));
                break;
            case Classification.Asymptomatic:
                // 001 §4.2.4 无症状感染者确认
                steps.Add(new(ConfirmationStep.CityCdcRetest, "4.2.4", "市疾控中心复核核酸阳性", false));
                steps.Add(new(ConfirmationStep.CityExpertConfirmation, "4.2.4", "市医疗救治、预防控制专家组评估确认", true));
                break;
        }
        if (classification == Classification.Confirmed && severeOrCritical)
        {
            // 001 §4.2.3 重型、危重型患者确认
            steps.Add(new(ConfirmationStep.RegionExpertReview, "4.2.3", "自治区医疗救治专家组复核确认（重型、危重型）", true));
        }
        return steps;
    }
}
