using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>The evaluation report after a response ends (001 §8.2.2), pre-filled from the record and edited by people.</summary>
public sealed class EvaluationReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public long DecisionId { get; set; }
    public required string Title { get; set; }
    public required string Cause { get; set; }
    public required string SourceAndRoute { get; set; }
    public required string Course { get; set; }
    public required string Treatment { get; set; }
    public required string Measures { get; set; }
    public required string Problems { get; set; }
    public required string Lessons { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public int Version { get; set; }
}
