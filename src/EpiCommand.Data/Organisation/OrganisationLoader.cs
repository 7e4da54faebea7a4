using Plan = EpiCommand.Domain.Plans.Plan;

namespace EpiCommand.Data.Organisation;

/// <summary>
/// Copies the organisation a plan ships into a jurisdiction's editable records: its headquarters, member units, working groups and
/// expert groups (001 §2.1.1, §2.2.1; 000 §三), and a headquarters with the same working groups for each region directly below it.
/// Used by the demo city and by <c>epicommand init</c>; the caller saves.
/// </summary>
public static class OrganisationLoader
{
    /// <summary>Adds the plan's organisation to <paramref name="regionCode"/>.</summary>
    public static void Add(AppDbContext db, string regionCode, Plan plan)
    {
        var organisation = plan.Organisation;
        if (organisation.Headquarters is { } hq)
        {
            db.Headquarters.Add(new CommandHeadquarters
            {
                RegionCode = regionCode, Name = hq.Name, Commander = hq.Commander, DeputyCommanders = [.. hq.DeputyCommanders],
                OfficeName = hq.OfficeName, OfficeLocatedAt = hq.OfficeLocatedAt, PlanId = plan.Id, Clause = hq.Clause,
            });
        }
        var order = 0;
        foreach (var unit in organisation.Units.DistinctBy(u => u.Name))
        {
            db.MemberUnits.Add(new MemberUnit { RegionCode = regionCode, Name = unit.Name, Clause = unit.Clause, Duties = [.. unit.Duties], SortOrder = order++ });
        }
        order = 0;
        foreach (var group in organisation.WorkingGroups.DistinctBy(g => g.Name))
        {
            db.WorkingGroups.Add(new WorkingGroup
            {
                RegionCode = regionCode, Name = group.Name, Clause = group.Clause, Lead = group.Lead, Members = [.. group.Members], Duties = [.. group.Duties], SortOrder = order++,
            });
        }
        foreach (var group in organisation.ExpertGroups)
        {
            db.ExpertGroups.Add(new ExpertGroup { RegionCode = regionCode, Name = group.Name, Clause = group.Clause, Duties = [.. group.Duties] });
        }
    }

    /// <summary>
    /// 000 §三: each lower headquarters sets up its support mechanism "参照市级做法" (after the higher level's model):
    /// a headquarters led by its government, the same working groups, and the county's own counterpart of each city department
    /// ("市卫生健康委员会" → "科尔沁区卫生健康委员会"), so that the county's people and liaisons belong to units of their own.
    /// </summary>
    public static void AddBelow(AppDbContext db, string code, string name, Plan plan)
    {
        db.Headquarters.Add(new CommandHeadquarters
        {
            RegionCode = code, Name = $"{name}新冠肺炎疫情防控工作指挥部", Commander = $"{name}人民政府主要负责人", DeputyCommanders = [$"{name}人民政府分管负责人"],
            OfficeName = "指挥部办公室", OfficeLocatedAt = $"{name}卫生健康委员会", PlanId = plan.Id, Clause = "三",
        });
        var order = 0;
        foreach (var group in plan.Organisation.WorkingGroups.DistinctBy(g => g.Name))
        {
            db.WorkingGroups.Add(new WorkingGroup { RegionCode = code, Name = group.Name, Clause = group.Clause, Duties = [.. group.Duties], SortOrder = order++ });
        }
        order = 0;
        foreach (var unit in plan.Organisation.Units.Where(u => u.Name.StartsWith('市')).DistinctBy(u => u.Name))
        {
            db.MemberUnits.Add(new MemberUnit { RegionCode = code, Name = name + unit.Name[1..], Clause = "三", Duties = [.. unit.Duties], SortOrder = order++ });
        }
    }
}
