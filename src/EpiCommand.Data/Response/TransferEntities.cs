using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

/// <summary>
/// A patient transfer between hospitals that passed the checks of 001 §6 (a refused one is not stored: the refusal names the
/// prohibitions). The patient is named only by the sending hospital's record number. Scoped by the sending hospital's region.
/// </summary>
public sealed class PatientTransfer : IRegional
{
    public long Id { get; set; }
    public int FromHospitalId { get; set; }
    public int ToHospitalId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string PatientRecord { get; set; }
    public required string Reason { get; set; }
    public bool ConfirmedOrSuspected { get; set; }
    public bool OriginAuthoritiesApproved { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
}
