using System.Linq.Expressions;
using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Readiness;

/// <summary>
/// The kinds of unit the "五有" apply to (001 §5.1.7 机关企事业单位; §4.1.7 学校、养老福利院等集体单位), medical institutions being those
/// the "三严" of §5.1.9 (发热门诊、流行病学调查、院内感染) also apply to.
/// </summary>
public enum UnitKind { Government, Enterprise, PublicInstitution, School, MedicalInstitution, ElderlyCare, Other }

/// <summary>
/// A unit's "五有" (001 §5.1.7: 有防护指南、有防控管理制度和责任人、有防控物资设备、有医护力量支持、有隔离转运安排) as last checked, and for a
/// medical institution the "三严" of the "五有三严" supervision (§5.1.9: 严格发热门诊设置管理、严肃流行病学调查、严防医院院内感染).
/// A register kept by the unit's county (or the city for the city's own units), read by the readiness norms.
/// </summary>
public sealed class UnitPreparedness : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }

    /// <summary>The person responsible (责任人) — the second of the five asks for one by name.</summary>
    public string? Responsible { get; set; }

    public bool HasGuide { get; set; }
    public bool HasSystem { get; set; }
    public bool HasMaterials { get; set; }
    public bool HasMedicalSupport { get; set; }
    public bool HasIsolationTransfer { get; set; }
    public bool StrictFeverClinic { get; set; }
    public bool StrictInvestigation { get; set; }
    public bool StrictInfectionControl { get; set; }

    /// <summary>When the unit was last checked (by itself or an inspection); null: never.</summary>
    public DateOnly? CheckedOn { get; set; }

    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>001 §5.1.7: all five in place. Written once, read in SQL (<see cref="Standing"/>) and in memory (<see cref="FiveHaves"/>).</summary>
    public static readonly Expression<Func<UnitPreparedness, bool>> HasFiveHaves =
        u => u.HasGuide && u.HasSystem && u.HasMaterials && u.HasMedicalSupport && u.HasIsolationTransfer;

    /// <summary>§5.1.9: all three stricts kept (a medical institution's).</summary>
    public static readonly Expression<Func<UnitPreparedness, bool>> KeepsThreeStricts =
        u => u.StrictFeverClinic && u.StrictInvestigation && u.StrictInfectionControl;

    private static readonly Func<UnitPreparedness, bool> FiveHavesOf = HasFiveHaves.Compile();
    private static readonly Func<UnitPreparedness, bool> ThreeStrictsOf = KeepsThreeStricts.Compile();

    /// <summary>A unit's standing as the readiness norms read it, projected in SQL from the two rules above.</summary>
    public static readonly Expression<Func<UnitPreparedness, UnitStanding>> Standing = StandingOf();

    public bool FiveHaves => FiveHavesOf(this);
    public bool ThreeStricts => ThreeStrictsOf(this);

    private static Expression<Func<UnitPreparedness, UnitStanding>> StandingOf()
    {
        var u = HasFiveHaves.Parameters[0];
        var three = new Rebind(KeepsThreeStricts.Parameters[0], u).Visit(KeepsThreeStricts.Body);
        return Expression.Lambda<Func<UnitPreparedness, UnitStanding>>(Expression.New(typeof(UnitStanding).GetConstructors()[0],
            Expression.Property(u, nameof(Id)), Expression.Property(u, nameof(RegionPath)), Expression.Property(u, nameof(Kind)), HasFiveHaves.Body, three), u);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>What the readiness norms read of a unit: whether it has the five and keeps the three.</summary>
public sealed record UnitStanding(int Id, string RegionPath, UnitKind Kind, bool FiveHaves, bool ThreeStricts);

/// <summary>The key groups 003 §二(四)6 asks to be vaccinated against influenza: 老年人、儿童、医务人员.</summary>
public enum VaccinationGroup { Elderly, Children, MedicalStaff }

/// <summary>
/// A county's cumulative influenza vaccination of one key group as of a day (003 §二(四)6 提高流感疫苗接种率): the group's population
/// and those vaccinated this season. Reports are rows never changed; the latest of a season is the coverage.
/// </summary>
public sealed class VaccinationReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public VaccinationGroup Group { get; set; }
    public DateOnly AsOf { get; set; }
    public int Population { get; set; }
    public int Vaccinated { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>The daily necessities whose prices are watched (003 §二(四)8 重点商品价格波动; 001 §5.4.5 加强价格监测; 004 生活物资保障组 粮油、肉类、禽蛋、牛奶、蔬菜、水果).</summary>
public enum PriceItem { Rice, Flour, CookingOil, Pork, BeefMutton, Eggs, Milk, Vegetables, Fruit }

/// <summary>A retail price observed in a county on a day (元/公斤, 元/升 for oil and milk); rows never changed.</summary>
public sealed class PriceReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public PriceItem Item { get; set; }
    public DateOnly ObservedOn { get; set; }
    public decimal Price { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}
