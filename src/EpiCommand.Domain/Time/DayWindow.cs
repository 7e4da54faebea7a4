namespace EpiCommand.Domain.Time;

/// <summary>
/// "Within N days as of D": the days D−N+1 … D, both ends included (requirements: "Window").
/// </summary>
public readonly record struct DayWindow
{
    public DayWindow(DateOnly asOf, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        AsOf = asOf;
        Days = days;
    }

    public DateOnly AsOf { get; }
    public int Days { get; }
    public DateOnly First => AsOf.AddDays(-(Days - 1));

    public bool Contains(DateOnly day) => day >= First && day <= AsOf;

    public override string ToString() => $"{First:yyyy-MM-dd}…{AsOf:yyyy-MM-dd}";
}
