using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>A group-robot webhook (WeCom or DingTalk) of one member unit or working group (requirements J5).</summary>
public sealed class UnitWebhook
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Unit { get; set; }
    public required string Url { get; set; }
    public bool Enabled { get; set; } = true;
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
