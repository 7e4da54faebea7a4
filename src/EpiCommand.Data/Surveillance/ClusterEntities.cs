namespace EpiCommand.Data.Surveillance;

/// <summary>
/// A cluster the platform has seen form (001 §4.4; requirements.md "Cluster"), recorded once: its key is the cluster's stable id
/// (<see cref="Id"/> = setting id and formation day), so that of two watchers or writers seeing the same formation at once only
/// one records it, notifies the headquarters and starts the plan's <c>clusterFound</c> clock. What the cluster holds (its cases,
/// last case, whether it is active) is always computed by the engine from the facts; this row only remembers the announcement.
/// </summary>
public sealed class ClusterRecord : IRegional
{
    /// <summary><c>{settingId}@{yyyy-MM-dd}</c> — a setting has at most one cluster formed on a day.</summary>
    public required string Id { get; set; }
    public required string SettingId { get; set; }
    public DateOnly FormedOn { get; set; }

    /// <summary>The county the setting lies in (the cluster belongs to it), or the setting's region above county level.</summary>
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>When the platform recorded it.</summary>
    public DateTimeOffset SeenAt { get; set; }

    /// <summary>
    /// When the headquarters were notified and the clock started; null for a cluster already over when the platform first saw it
    /// (an old line list imported): announcing it would only raise an alarm for a report made, or missed, long ago.
    /// </summary>
    public DateTimeOffset? AnnouncedAt { get; set; }
}
