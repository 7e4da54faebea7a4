using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Tests.Support;
using SupportKind = EpiCommand.Domain.Support.SupportKind;

namespace EpiCommand.Domain.Tests;

/// <summary>Plan files (docs/plans.md): the real ones load; a bad one is refused with file, line, YAML path and reason.</summary>
public class PlanLoaderTests
{
    /// <summary>A small valid plan. Line numbers matter to the tests below: line 11 is grading[0].when.indicator.</summary>
    private const string ValidPlan = """
        id: test-plan
        name: 测试预案
        nameEn: Test plan
        seed: "001"
        jurisdiction: 测试市
        issuingLevel: city
        grading:
          - grade: IV
            scope: county
            clause: "1.5.1.1"
            when: {indicator: cases, days: 14, atLeast: 1}
            criterion: 出现病例
          - {grade: IV, scope: county, clause: "1.5.1.2", criterion: 检出核酸, when: {condition: affected}}
        conditions:
          affected: {indicator: detections, days: 14, atLeast: 1}
        risk:
          scope: county
          rules:
            - {level: low, clause: "1.6.1", criterion: 无病例, when: {always: true}}
        termination:
          clause: "8.1"
          criterion: 末例病例后14天
          lastCase: {classifications: [confirmed], day: reported}
          daysAfter: 14
        responseLevels:
          - level: IV
            name: 四级
            clause: "5.2"
            measures:
              - {id: m1, clause: "5.2.1", title: 措施, text: 原文}
        """;

    [Fact]
    public void AChecklistItemNamesARegisterEntryOfTheUnitsFiveHavesOrIsRefused()
    {
        // 001 §5.1.9: the "五有三严" checklist records in the units' register, each item its own entry.
        var checklist = TestPlans.Tongliao.Inspections.Single(c => c.Id == "five-haves-three-stricts");
        Assert.Equal(ChecklistItem.RegisterItems, checklist.Items.Select(i => i.Register));

        var problem = SingleProblem(ValidPlan + "\ninspections:\n  - {id: c, name: 清单, clause: \"5.1.9\", items: [{id: a, clause: \"5.1.9\", text: 有防护指南, register: hats}]}\n");
        Assert.EndsWith("items[0].register", problem.Path);
        Assert.Contains("'hats' is not one of", problem.Message);
    }

    private static PlanProblem SingleProblem(string yaml)
    {
        var error = Assert.Throws<PlanLoadException>(() => PlanLoader.Load(yaml, "test-plan.yaml"));
        return Assert.Single(error.Problems);
    }

    [Theory]
    [InlineData("tongliao-2020")]
    [InlineData("wujin-2020")]
    [InlineData("taiping-2020")]
    [InlineData("autumn-2022")]
    public void EveryRealPlanFileLoads(string id)
    {
        var plan = PlanLoader.LoadFile(Path.Combine(TestPlans.Folder, id + ".yaml"));

        Assert.Equal(id, plan.Id);
        Assert.NotEmpty(plan.Name);
    }

    [Fact]
    public void CatalogHoldsEveryPlanOfTheFolder()
    {
        Assert.Equal(["autumn-2022", "taiping-2020", "tongliao-2020", "wujin-2020"], TestPlans.Catalog.All.Select(p => p.Id));
    }

    [Fact]
    public void ComposedPlanTakesGradingFromItsBase()
    {
        var taiping = TestPlans.Catalog.Get("taiping-2020");

        Assert.Equal("tongliao-2020", taiping.Base);
        Assert.Equal(TestPlans.Tongliao.Grading, taiping.Grading);
        Assert.Equal(TestPlans.Tongliao.Termination, taiping.Termination);
    }

    [Fact]
    public void RealPlansHaveTheEngineSectionsOfTheRequirements()
    {
        var tongliao = TestPlans.Tongliao;
        var wujin = TestPlans.Wujin;

        Assert.Equal(14, tongliao.Termination!.DaysAfter);
        Assert.Null(tongliao.Termination.Requires);
        Assert.Equal(LastCaseDay.Reported, tongliao.Termination.Day);
        Assert.Equal(28, wujin.Termination!.DaysAfter);
        Assert.Equal(Scenarios.JudgmentKind.ImportRiskLow, wujin.Termination.Requires);
        Assert.Equal(LastCaseDay.IsolatedElseReported, wujin.Termination.Day);
        Assert.True(wujin.Termination.LocalOnly);
        Assert.Null(wujin.Warning);
        Assert.All(wujin.Grading, c => Assert.Equal(RegionLevel.County, c.Scope));
    }

    [Fact]
    public void SmallValidPlanLoads()
    {
        var plan = PlanLoader.Load(ValidPlan, "test-plan.yaml");

        Assert.Equal("test-plan", plan.Id);
        Assert.Equal(2, plan.Grading.Count);
        Assert.Equal(new PlanParameters(), plan.Parameters);
    }

    [Fact]
    public void UnknownIndicatorIsRefusedWithFileLineAndPath()
    {
        var problem = SingleProblem(ValidPlan.Replace("{indicator: cases,", "{indicator: casez,"));

        Assert.Equal("test-plan.yaml", problem.File);
        Assert.Equal(11, problem.Line);
        Assert.Equal("$.grading[0].when.indicator", problem.Path);
        Assert.Contains("casez", problem.Message);
        Assert.StartsWith("test-plan.yaml:11: $.grading[0].when.indicator: ", problem.ToString());
    }

    [Fact]
    public void UnknownKeyIsRefused()
    {
        var problem = SingleProblem(ValidPlan.Replace("    criterion: 出现病例", "    criterion: 出现病例\n    requirez: spreadTrend"));

        Assert.Equal("test-plan.yaml", problem.File);
        Assert.Equal(13, problem.Line);
        Assert.Equal("$.grading[0].requirez", problem.Path);
        Assert.Equal("unknown key", problem.Message);
    }

    [Fact]
    public void MisspeltNamedConditionIsRefused()
    {
        var problem = SingleProblem(ValidPlan.Replace("{condition: affected}", "{condition: afected}"));

        Assert.Equal("test-plan.yaml", problem.File);
        Assert.Equal(13, problem.Line);
        Assert.Equal("$.grading[1].when.condition", problem.Path);
        Assert.Contains("afected", problem.Message);
    }

    [Fact]
    public void IdThatIsNotTheFileNameIsRefused()
    {
        var error = Assert.Throws<PlanLoadException>(() => PlanLoader.Load(ValidPlan, "other-plan.yaml"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("other-plan.yaml", problem.File);
        Assert.Equal("$.id", problem.Path);
    }

    [Fact]
    public void BadlyIndentedYamlIsRefusedWithItsLine()
    {
        var error = Assert.Throws<PlanLoadException>(() => PlanLoader.Load("id: test-plan\nname: x\n  nameEn: y\n", "test-plan.yaml"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("test-plan.yaml", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("not valid YAML", problem.Message);
    }

    [Fact]
    public void UnclosedFlowSequenceIsRefusedAsInvalidYaml()
    {
        var error = Assert.Throws<PlanLoadException>(() => PlanLoader.Load("id: [unclosed\nname: x\n", "test-plan.yaml"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("test-plan.yaml", problem.File);
        Assert.Equal("$", problem.Path);
    }

    [Fact]
    public void TongliaoMeasuresAtIIIIncludeEveryMeasureOfIV()
    {
        var tongliao = TestPlans.Tongliao;
        var atIV = tongliao.MeasuresInForce("IV").Select(m => m.Id).ToList();
        var atIII = tongliao.MeasuresInForce("III").Select(m => m.Id).ToList();
        var ownIV = tongliao.ResponseLevels.Single(l => l.Level == "IV").Measures.Select(m => m.Id).ToList();
        var ownIII = tongliao.ResponseLevels.Single(l => l.Level == "III").Measures.Select(m => m.Id).ToList();

        Assert.NotEmpty(ownIV);
        Assert.NotEmpty(ownIII);
        Assert.Contains("5.2.1", ownIV);
        Assert.Contains("5.3.1", ownIII);
        Assert.All(ownIV, id => Assert.Contains(id, atIII));
        Assert.All(atIV, id => Assert.Contains(id, atIII));
        Assert.Equal(atIV.Count + ownIII.Count, atIII.Count);
        Assert.Equal([.. atIV, .. ownIII], atIII);
    }
}

/// <summary>The support routes of seed 000 (docs/plans.md `support`): plan data, checked against the plan's own working groups.</summary>
public class SupportRoutesTests
{
    [Fact]
    public void TongliaoRoutesEachKindToTheGroupOf000()
    {
        var rules = PlanCatalog.LoadFolder(PlanCatalog.LocateFolder()).Get("tongliao-2020").Support!;
        Assert.Equal("医疗防控组", rules.Route(SupportKind.PcrLab)!.Group);
        Assert.Equal("物资保障组", rules.Route(SupportKind.MedicalMaterials)!.Group);
        Assert.Equal("社会管控组", rules.Route(SupportKind.SocialControl)!.Group);
        Assert.Equal("交通保障组", rules.Route(SupportKind.Transport)!.Group);
        Assert.Equal("综合协调组", rules.EscalationGroup);
        Assert.Equal(Enum.GetValues<SupportKind>().Length, rules.Routes.Count);
    }

    [Fact]
    public void ARouteToAGroupThePlanDoesNotHaveIsRefused()
    {
        var yaml = """
            id: test-plan
            name: 测试预案
            nameEn: Test plan
            seed: "000"
            jurisdiction: 测试市
            issuingLevel: city
            base: tongliao-2020
            organisation:
              workingGroups:
                - {name: 物资保障组}
            support:
              clause: "三(六)1"
              routes:
                - {kind: medicalMaterials, group: 物资保障组, clause: "三(四)2", name: 物资}
                - {kind: pcrLab, group: 不存在的组, clause: "三(二)4", name: 检测}
            """;
        var error = Assert.Throws<PlanLoadException>(() => PlanLoader.Load(yaml, "test-plan.yaml"));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.support.routes[1].group", problem.Path);
    }
}
