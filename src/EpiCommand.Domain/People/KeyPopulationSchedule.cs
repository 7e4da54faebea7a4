using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Time;

namespace EpiCommand.Domain.People;

public sealed record ScheduledTest(string Kind, int Number, DateTimeOffset DueAt);

/// <summary>What a protocol asks of one arriving person: exempt or not, observation until which day, which tests when.</summary>
public sealed record KeyPopulationPlan(bool Exempt, DateOnly? ObservationEnds, IReadOnlyList<ScheduledTest> Tests);

/// <summary>
/// Turns a key-population protocol (003 §二(三); 001 §5.1.8(4)) into a schedule for one person. With an observation
/// period of D days from arrival, a kind tested once is tested on the last day (the release test), and a kind tested
/// n ≥ 2 times is tested on the first day and then spread evenly to the last; without an observation period, or when
/// the protocol sets <c>testWithinHours</c>, tests are due that many hours after arrival (24 by default).
/// Test times are 10:00 China time on their day.
/// </summary>
public static class KeyPopulationSchedule
{
    public static KeyPopulationPlan For(KeyPopulationProtocol protocol, DateTimeOffset arrivedAt, DateTimeOffset? negativeTestAt)
    {
        // 001 §5.1.8(4): a negative test within the last N days before arrival means free movement.
        if (protocol.ExemptIfNegativeWithinDays is { } days && negativeTestAt is { } tested && tested <= arrivedAt && arrivedAt - tested <= TimeSpan.FromDays(days))
        {
            return new KeyPopulationPlan(true, null, []);
        }
        var arrivalDay = ChinaTime.DayOf(arrivedAt);
        DateOnly? ends = protocol.ObservationDays is { } observation and > 0 ? arrivalDay.AddDays(observation) : null;
        var tests = new List<ScheduledTest>();
        foreach (var (kind, count) in protocol.Tests)
        {
            for (var n = 1; n <= count; n++)
            {
                DateTimeOffset due;
                if (protocol.TestWithinHours is { } hours || ends is null)
                {
                    due = arrivedAt.AddHours(protocol.TestWithinHours ?? 24);
                }
                else
                {
                    var span = ends.Value.DayNumber - arrivalDay.DayNumber;
                    var offset = count == 1 ? span : (int)Math.Round((double)(n - 1) * span / (count - 1));
                    due = AtTen(arrivalDay.AddDays(Math.Max(offset, 1)));
                }
                tests.Add(new ScheduledTest(kind, n, due));
            }
        }
        return new KeyPopulationPlan(false, ends, tests.OrderBy(t => t.DueAt).ToList());
    }

    private static DateTimeOffset AtTen(DateOnly day) => ChinaTime.StartOf(day).AddHours(10);
}
