using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Response;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Response;

/// <summary>The tasks an approved decision creates and the open tasks it ends.</summary>
public sealed record TaskChange(IReadOnlyList<ResponseTask> Created, IReadOnlyList<ResponseTask> Ended);

/// <summary>
/// Measures → tasks (requirements E1). Activating or raising a level creates one task per measure in force (the level's own
/// and, through <c>inherits</c>, those of the levels below, 001 §5.3 "在Ⅳ级响应基础上") and per responsible unit or working
/// group, due when the plan gives hours, else when the headquarters' default says. Lowering cancels the open tasks of measures no longer in force; terminating closes
/// every open task of the jurisdiction. Each ended task carries its reason.
/// </summary>
public static class TaskPlanner
{
    /// <param name="open">The jurisdiction's open tasks (tracked: they are ended in place).</param>
    /// <param name="existing">(measure, unit) of every task of the jurisdiction not ended, so that a raise does not repeat a task.</param>
    /// <param name="defaultHours">The headquarters' deadline for measures the plan gives none (issue 14); null: no deadline.</param>
    public static TaskChange Plan(Plan plan, ResponseDecision decision, Region region, IReadOnlyList<ResponseTask> open, IReadOnlySet<(string MeasureId, string Unit)> existing, DateTimeOffset now,
        int? defaultHours = null)
    {
        var inForce = decision.ToLevel is null ? [] : plan.LeveledMeasuresInForce(decision.ToLevel);
        var ended = new List<ResponseTask>();
        foreach (var task in open)
        {
            if (decision.Kind == DecisionKind.Terminate)
            {
                End(task, TaskState.Closed, $"应急响应已终止（决定 #{decision.Id}，§{decision.Clause}）", now);
                ended.Add(task);
            }
            else if (!inForce.Any(m => m.Measure.Id == task.MeasureId))
            {
                End(task, TaskState.Cancelled, $"响应调整为{Ui.Numeral(decision.ToLevel)}级，本措施不再适用（决定 #{decision.Id}）", now);
                ended.Add(task);
            }
        }

        var created = new List<ResponseTask>();
        foreach (var (level, measure) in inForce)
        {
            foreach (var unit in measure.Responsible.Distinct())
            {
                if (existing.Contains((measure.Id, unit)) && !ended.Any(t => t.MeasureId == measure.Id && t.Unit == unit)) continue;
                created.Add(new ResponseTask
                {
                    PlanId = plan.Id, RegionCode = region.Code, RegionPath = region.Path, DecisionId = decision.Id, Level = level, MeasureId = measure.Id,
                    Clause = measure.Clause, Title = measure.Title, Text = measure.Text, Unit = unit, CreatedAt = now,
                    DueAt = (measure.DeadlineHours ?? defaultHours) is { } hours ? now.AddHours(hours) : null, State = TaskState.Open,
                });
            }
        }
        return new TaskChange(created, ended);
    }

    private static void End(ResponseTask task, TaskState state, string reason, DateTimeOffset now)
    {
        task.State = state;
        task.ClosedAt = now;
        task.ClosedReason = reason;
        task.Version++;
    }
}
