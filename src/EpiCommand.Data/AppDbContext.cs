using EpiCommand.Data.Identity;
using EpiCommand.Data.Organisation;
using EpiCommand.Data.People;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Data.Surveillance;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data;

/// <summary>
/// The platform's database. Each provider has a subclass of its own (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>) so that each keeps its own migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionNeighbor> RegionNeighbors => Set<RegionNeighbor>();
    public DbSet<CommandHeadquarters> Headquarters => Set<CommandHeadquarters>();
    public DbSet<MemberUnit> MemberUnits => Set<MemberUnit>();
    public DbSet<WorkingGroup> WorkingGroups => Set<WorkingGroup>();
    public DbSet<ExpertGroup> ExpertGroups => Set<ExpertGroup>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<DutyAssignment> DutyAssignments => Set<DutyAssignment>();
    public DbSet<CaseRecord> Cases => Set<CaseRecord>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<CaseConfirmation> CaseConfirmations => Set<CaseConfirmation>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<Detection> Detections => Set<Detection>();
    public DbSet<ExpertJudgment> Judgments => Set<ExpertJudgment>();
    public DbSet<CloseContact> Contacts => Set<CloseContact>();
    public DbSet<HealthCheck> HealthChecks => Set<HealthCheck>();
    public DbSet<ReportingClockInstance> Clocks => Set<ReportingClockInstance>();
    public DbSet<KeyPerson> KeyPeople => Set<KeyPerson>();
    public DbSet<SentinelReport> SentinelReports => Set<SentinelReport>();
    public DbSet<KeyPersonTest> KeyPersonTests => Set<KeyPersonTest>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<UnmaskingRecord> Unmaskings => Set<UnmaskingRecord>();
    public DbSet<ResponseDecision> Decisions => Set<ResponseDecision>();
    public DbSet<ResponseActivation> Activations => Set<ResponseActivation>();
    public DbSet<ResponseTask> Tasks => Set<ResponseTask>();
    public DbSet<TaskUpdate> TaskUpdates => Set<TaskUpdate>();
    public DbSet<WarningNotice> Warnings => Set<WarningNotice>();
    public DbSet<ControlZone> ControlZones => Set<ControlZone>();
    public DbSet<ScreeningHousehold> ScreeningHouseholds => Set<ScreeningHousehold>();
    public DbSet<PublicPlace> PublicPlaces => Set<PublicPlace>();
    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();
    public DbSet<CheckpointDay> CheckpointDays => Set<CheckpointDay>();
    public DbSet<PatientTransfer> PatientTransfers => Set<PatientTransfer>();
    public DbSet<ShelterHospital> ShelterHospitals => Set<ShelterHospital>();
    public DbSet<ShelterMovement> ShelterMovements => Set<ShelterMovement>();
    public DbSet<IliReport> IliReports => Set<IliReport>();
    public DbSet<PneumoniaReport> PneumoniaReports => Set<PneumoniaReport>();
    public DbSet<Publication> Publications => Set<Publication>();
    public DbSet<OpinionItem> OpinionItems => Set<OpinionItem>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<MeetingDecision> MeetingDecisions => Set<MeetingDecision>();
    public DbSet<Instruction> Instructions => Set<Instruction>();
    public DbSet<InstructionAssignment> InstructionAssignments => Set<InstructionAssignment>();
    public DbSet<Inspection> Inspections => Set<Inspection>();
    public DbSet<InspectionInspector> InspectionInspectors => Set<InspectionInspector>();
    public DbSet<InspectionFinding> InspectionFindings => Set<InspectionFinding>();
    public DbSet<InspectionPhoto> InspectionPhotos => Set<InspectionPhoto>();
    public DbSet<InspectionAccountability> InspectionAccountabilities => Set<InspectionAccountability>();
    public DbSet<DailyReport> DailyReports => Set<DailyReport>();
    public DbSet<EvaluationReport> EvaluationReports => Set<EvaluationReport>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Hospital> Hospitals => Set<Hospital>();
    public DbSet<Laboratory> Laboratories => Set<Laboratory>();
    public DbSet<QuarantineSite> QuarantineSites => Set<QuarantineSite>();
    public DbSet<SamplingSite> SamplingSites => Set<SamplingSite>();
    public DbSet<Drill> Drills => Set<Drill>();
    public DbSet<UnitPreparedness> UnitPreparedness => Set<UnitPreparedness>();
    public DbSet<VaccinationReport> VaccinationReports => Set<VaccinationReport>();
    public DbSet<PriceReport> PriceReports => Set<PriceReport>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<TeamTraining> TeamTrainings => Set<TeamTraining>();
    public DbSet<ReadinessSizing> ReadinessSizings => Set<ReadinessSizing>();
    public DbSet<ForecastSetting> ForecastSettings => Set<ForecastSetting>();
    public DbSet<NormChange> NormChanges => Set<NormChange>();
    public DbSet<UnitWebhook> UnitWebhooks => Set<UnitWebhook>();
    public DbSet<ClusterRecord> Clusters => Set<ClusterRecord>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<SupplyItem> SupplyItems => Set<SupplyItem>();
    public DbSet<Depot> Depots => Set<Depot>();
    public DbSet<StockLevel> Stock => Set<StockLevel>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<TaskDeadlineDefault> TaskDeadlineDefaults => Set<TaskDeadlineDefault>();
    public DbSet<SupportRequest> SupportRequests => Set<SupportRequest>();
    public DbSet<SupportLine> SupportLines => Set<SupportLine>();
    public DbSet<SupportTeam> SupportTeams => Set<SupportTeam>();
    public DbSet<SupportOffer> SupportOffers => Set<SupportOffer>();
    public DbSet<SupportOfferLine> SupportOfferLines => Set<SupportOfferLine>();
    public DbSet<SupportSubstitution> SupportSubstitutions => Set<SupportSubstitution>();
    public DbSet<SupplySubstitute> SupplySubstitutes => Set<SupplySubstitute>();
    public DbSet<SupportVehicle> SupportVehicles => Set<SupportVehicle>();

    /// <summary>The keys the audit chain is signed and verified with; set by the platform's context factory (none: plain entries).</summary>
    public AuditKeys AuditKeys { get; set; } = AuditKeys.None;

    /// <summary>The key of the ID-number and phone lookups; set by the platform's context factory.</summary>
    public PersonLookup PersonLookup { get; set; } = PersonLookup.Development;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        FillLookups();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        FillLookups();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every record about a person is saved with the keys of its ID number and phone (issue 12 §1), whoever wrote it.</summary>
    private void FillLookups()
    {
        foreach (var entry in ChangeTracker.Entries<IPersonLookup>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified) PersonLookup.Fill(entry.Entity);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(30);
        // Except the administrative level, whose order matters in queries (county and above: Level <= County).
        configurationBuilder.Properties<EpiCommand.Domain.Regions.RegionLevel>().HaveConversion<int>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // SQLite compares text in code point order (BINARY) by default: the column as it is.
        builder.HasDbFunction(PrefixRange.BinaryMethod).HasTranslation(args => args[0]);

        builder.Entity<Region>(region =>
        {
            region.HasKey(r => r.Code);
            region.Property(r => r.Code).HasMaxLength(20);
            region.Property(r => r.Name).HasMaxLength(100);
            region.Property(r => r.NameEn).HasMaxLength(100);
            region.Property(r => r.ParentCode).HasMaxLength(20);
            region.Property(r => r.Path).HasMaxLength(200);
            region.HasIndex(r => r.Path);
            region.HasIndex(r => r.ParentCode);
            region.HasOne<Region>().WithMany().HasForeignKey(r => r.ParentCode).OnDelete(DeleteBehavior.Restrict);
            region.HasMany(r => r.Neighbors).WithOne().HasForeignKey(n => n.RegionCode);
        });
        builder.Entity<RegionNeighbor>(neighbor =>
        {
            neighbor.HasKey(n => new { n.RegionCode, n.NeighborCode });
            neighbor.HasOne<Region>().WithMany().HasForeignKey(n => n.NeighborCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CommandHeadquarters>(hq =>
        {
            hq.HasIndex(h => h.RegionCode).IsUnique();
            hq.HasOne<Region>().WithMany().HasForeignKey(h => h.RegionCode);
        });
        builder.Entity<MemberUnit>(unit =>
        {
            unit.HasIndex(u => new { u.RegionCode, u.Name }).IsUnique();
            unit.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionCode);
        });
        builder.Entity<WorkingGroup>(group =>
        {
            group.HasIndex(g => new { g.RegionCode, g.Name }).IsUnique();
            group.HasOne<Region>().WithMany().HasForeignKey(g => g.RegionCode);
        });
        builder.Entity<ExpertGroup>(group => group.HasOne<Region>().WithMany().HasForeignKey(g => g.RegionCode));
        builder.Entity<Person>(person =>
        {
            person.Property(p => p.Name).HasMaxLength(50);
            person.Property(p => p.Unit).HasMaxLength(100);
            person.Property(p => p.Position).HasMaxLength(100);
            person.Property(p => p.Phone).HasMaxLength(20);
            person.Property(p => p.RegionPath).HasMaxLength(200);
            person.Property(p => p.Version).IsConcurrencyToken();
            person.HasIndex(p => new { p.RegionPath, p.Name });
            person.HasIndex(p => new { p.Unit, p.RegionCode });
            // One person per account; people without an account (null) are many.
            person.HasIndex(p => p.UserId).IsUnique();
            person.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
            person.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<DutyAssignment>(duty =>
        {
            duty.Property(d => d.Unit).HasMaxLength(100);
            duty.Property(d => d.Role).HasMaxLength(50);
            duty.Property(d => d.RegionPath).HasMaxLength(200);
            duty.Property(d => d.AssignedBy).HasMaxLength(100);
            duty.HasIndex(d => new { d.RegionCode, d.Unit, d.Day, d.PersonId }).IsUnique();
            duty.HasIndex(d => new { d.Day, d.RegionPath });
            duty.HasOne(d => d.Person).WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
            duty.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CaseRecord>(item =>
        {
            item.Property(c => c.Id).HasMaxLength(40);
            item.Property(c => c.PersonName).HasMaxLength(50);
            item.Property(c => c.ResidentId).HasMaxLength(18);
            item.Property(c => c.Phone).HasMaxLength(20);
            item.Property(c => c.RegionPath).HasMaxLength(200);
            item.Property(c => c.CreatedBy).HasMaxLength(100);
            item.HasIndex(c => c.RegionPath);
            item.HasIndex(c => new { c.ReportedAt, c.Id });
            // The search by name prefix (a range: PrefixRange); the id's is served by the primary key (on PostgreSQL by a C-collated index).
            item.HasIndex(c => c.PersonName);
            // The onset curve of the home page: the cases whose onset lies in its 30 days, read from the index alone (it holds
            // every column the curve's query reads: the region, and the classification and outcome it leaves out).
            item.HasIndex(c => new { c.OnsetAt, c.RegionPath, c.Classification, c.Outcome });
            // The same for the report curve and the 14-day counts of the picture, per region (issue 12 §5, docs/performance.md):
            // the window's entries are read from the index, the region filtered there, no row of the table is visited.
            item.HasIndex(c => new { c.ReportedAt, c.RegionPath, c.Classification, c.Outcome });
            Lookups(item);
            item.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Setting>().WithMany().HasForeignKey(c => c.SettingId).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId);
        });
        builder.Entity<CaseEvent>(item =>
        {
            item.Property(e => e.Kind).HasMaxLength(40);
            item.HasIndex(e => new { e.CaseId, e.At });
        });
        builder.Entity<CaseConfirmation>(item =>
        {
            item.HasIndex(c => new { c.CaseId, c.Step }).IsUnique();
            item.HasOne<CaseRecord>().WithMany().HasForeignKey(c => c.CaseId);
        });
        builder.Entity<Setting>(item =>
        {
            item.Property(s => s.Id).HasMaxLength(40);
            item.HasIndex(s => s.RegionPath);
            item.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Detection>(item =>
        {
            item.Property(d => d.Id).HasMaxLength(40);
            item.HasIndex(d => new { d.RegionPath, d.DetectedAt });
            item.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ExpertJudgment>(item =>
        {
            item.HasIndex(j => new { j.RegionPath, j.From });
            item.HasOne<Region>().WithMany().HasForeignKey(j => j.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CloseContact>(item =>
        {
            item.Property(c => c.Id).HasMaxLength(40);
            item.Property(c => c.PersonName).HasMaxLength(50);
            item.Property(c => c.ResidentId).HasMaxLength(18);
            item.Property(c => c.Phone).HasMaxLength(20);
            item.HasIndex(c => c.RegionPath);
            item.HasIndex(c => new { c.Status, c.ObservationEnds });
            item.HasIndex(c => new { c.CreatedAt, c.Id }); // the list's keyset, newest registration first (issue 12 §1)
            item.HasIndex(c => c.PersonName); // the search by name prefix (PrefixRange)
            Lookups(item);
            item.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<CaseRecord>().WithMany().HasForeignKey(c => c.SourceCaseId).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(c => c.Checks).WithOne().HasForeignKey(h => h.ContactId);
        });
        builder.Entity<HealthCheck>(item =>
        {
            item.Property(h => h.Temperature).HasPrecision(4, 1);
            item.HasIndex(h => new { h.ContactId, h.DueAt }).IsUnique();
            item.HasIndex(h => new { h.DoneAt, h.DueAt });
        });
        builder.Entity<ClusterRecord>(item =>
        {
            item.Property(c => c.Id).HasMaxLength(60);
            item.Property(c => c.SettingId).HasMaxLength(40);
            item.Property(c => c.RegionCode).HasMaxLength(20);
            item.Property(c => c.RegionPath).HasMaxLength(200);
            item.HasIndex(c => c.RegionPath);
        });
        builder.Entity<ReportingClockInstance>(item =>
        {
            item.HasIndex(c => new { c.RegionPath, c.CompletedAt, c.DueAt });
            item.HasIndex(c => new { c.ClockId, c.Subject }).IsUnique();
        });
        builder.Entity<KeyPerson>(item =>
        {
            item.Property(p => p.Id).HasMaxLength(40);
            item.Property(p => p.ResidentId).HasMaxLength(18);
            item.Property(p => p.ProtocolId).HasMaxLength(60);
            item.HasIndex(p => new { p.RegionPath, p.ArrivedAt });
            item.HasIndex(p => new { p.ArrivedAt, p.Id }); // the list's keyset (issue 12 §1)
            Lookups(item);
            item.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(p => p.Tests).WithOne().HasForeignKey(t => t.PersonId);
        });
        builder.Entity<KeyPersonTest>(item =>
        {
            item.Property(t => t.Kind).HasMaxLength(30);
            item.HasIndex(t => new { t.DoneAt, t.DueAt });
        });
        builder.Entity<SentinelReport>(item =>
        {
            item.HasIndex(r => new { r.RegionPath, r.Stage });
            item.HasIndex(r => new { r.ReportedAt, r.Id }); // the list's keyset (issue 12 §1)
            item.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.ReportId);
        });
        builder.Entity<Notification>(item =>
        {
            item.HasIndex(n => new { n.RegionPath, n.CreatedAt });
            item.Property(n => n.Unit).HasMaxLength(100);
            item.Property(n => n.Role).HasMaxLength(30);
        });

        builder.Entity<ResponseDecision>(item =>
        {
            item.Property(d => d.PlanId).HasMaxLength(60);
            item.Property(d => d.FromLevel).HasMaxLength(20);
            item.Property(d => d.ToLevel).HasMaxLength(20);
            item.Property(d => d.OpenKey).HasMaxLength(20);
            item.HasIndex(d => d.OpenKey).IsUnique();
            item.HasIndex(d => new { d.RegionPath, d.ProposedAt });
            item.Property(d => d.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ResponseActivation>(item =>
        {
            item.Property(a => a.Level).HasMaxLength(20);
            item.HasIndex(a => new { a.RegionCode, a.EndedAt });
            item.HasOne<ResponseDecision>().WithMany().HasForeignKey(a => a.DecisionId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(a => a.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ResponseTask>(item =>
        {
            item.Property(t => t.Level).HasMaxLength(20);
            item.Property(t => t.MeasureId).HasMaxLength(40);
            item.Property(t => t.Unit).HasMaxLength(100);
            item.HasIndex(t => new { t.RegionPath, t.State, t.DueAt });
            item.HasIndex(t => new { t.Unit, t.State });
            item.HasIndex(t => new { t.State, t.OverdueAnnouncedAt, t.DueAt });
            // One open task per readiness gap (issue 15 §3): a second one for the same norm in the same region is refused.
            item.HasIndex(t => new { t.RegionCode, t.MeasureId }).IsUnique().HasDatabaseName("IX_Tasks_OpenGap")
                .HasFilter("\"MeasureId\" LIKE 'gap-%' AND \"State\" IN ('Open', 'InProgress')");
            item.Property(t => t.Version).IsConcurrencyToken();
            item.HasOne<ResponseDecision>().WithMany().HasForeignKey(t => t.DecisionId).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(t => t.Updates).WithOne().HasForeignKey(u => u.TaskId);
        });
        builder.Entity<TaskUpdate>(item =>
        {
            item.Property(u => u.AttachmentName).HasMaxLength(200);
            item.Property(u => u.AttachmentType).HasMaxLength(100);
            item.HasIndex(u => new { u.TaskId, u.At });
        });
        builder.Entity<WarningNotice>(item =>
        {
            item.HasIndex(w => new { w.RegionPath, w.State });
            item.Property(w => w.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(w => w.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ControlZone>(item =>
        {
            item.Property(z => z.UnitKind).HasMaxLength(30);
            item.HasIndex(z => new { z.RegionPath, z.State });
            item.Property(z => z.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(z => z.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ScreeningHousehold>(item =>
        {
            item.Property(h => h.Address).HasMaxLength(200);
            item.HasIndex(h => new { h.ZoneId, h.Address }).IsUnique();
            item.HasIndex(h => new { h.RegionPath, h.ZoneId, h.State });
            item.Property(h => h.Version).IsConcurrencyToken();
            item.HasOne<ControlZone>().WithMany().HasForeignKey(h => h.ZoneId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(h => h.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PublicPlace>(item =>
        {
            item.Property(p => p.Name).HasMaxLength(200);
            item.Property(p => p.Kind).HasMaxLength(30);
            item.HasIndex(p => new { p.RegionCode, p.Name }).IsUnique();
            item.HasIndex(p => new { p.RegionPath, p.Status });
            item.Property(p => p.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Checkpoint>(item =>
        {
            item.Property(c => c.Name).HasMaxLength(200);
            item.HasIndex(c => new { c.RegionCode, c.Name }).IsUnique();
            item.HasIndex(c => c.RegionPath);
            item.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(c => c.Days).WithOne().HasForeignKey(d => d.CheckpointId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CheckpointDay>(item => item.HasIndex(d => new { d.CheckpointId, d.Day }).IsUnique());
        builder.Entity<PatientTransfer>(item =>
        {
            item.Property(t => t.PatientRecord).HasMaxLength(50);
            item.HasIndex(t => new { t.RegionPath, t.RequestedAt });
            item.HasOne<Hospital>().WithMany().HasForeignKey(t => t.FromHospitalId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Hospital>().WithMany().HasForeignKey(t => t.ToHospitalId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ShelterHospital>(item =>
        {
            item.Property(s => s.Name).HasMaxLength(200);
            item.Property(s => s.Address).HasMaxLength(200);
            item.HasIndex(s => new { s.RegionCode, s.Name }).IsUnique();
            item.HasIndex(s => new { s.RegionPath, s.Status });
            item.Property(s => s.Version).IsConcurrencyToken();
            item.ToTable(t => t.HasCheckConstraint("CK_ShelterHospitals_Occupied", "\"Occupied\" >= 0 AND \"Occupied\" <= \"Beds\""));
            item.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ShelterMovement>(item =>
        {
            item.HasIndex(m => new { m.ShelterId, m.Id });
            item.HasOne<ShelterHospital>().WithMany().HasForeignKey(m => m.ShelterId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IliReport>(item =>
        {
            item.HasIndex(r => new { r.HospitalId, r.WeekStart }).IsUnique();
            item.HasIndex(r => new { r.RegionPath, r.WeekStart });
            item.HasOne<Hospital>().WithMany().HasForeignKey(r => r.HospitalId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PneumoniaReport>(item =>
        {
            item.Property(r => r.PatientRecord).HasMaxLength(50);
            item.Property(r => r.CaseId).HasMaxLength(40);
            item.Property(r => r.ClosedBy).HasMaxLength(100);
            item.Property(r => r.Version).IsConcurrencyToken();
            item.HasIndex(r => new { r.RegionPath, r.ReportedAt });
            item.HasOne<Hospital>().WithMany().HasForeignKey(r => r.HospitalId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Meeting>(item =>
        {
            item.Property(m => m.Topic).HasMaxLength(200);
            item.HasIndex(m => new { m.RegionPath, m.Id });
            item.Property(m => m.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(m => m.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            item.HasMany(m => m.Decisions).WithOne().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MeetingAttendee>(item => item.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict));
        builder.Entity<MeetingDecision>(item =>
        {
            item.HasIndex(d => new { d.MeetingId, d.Number }).IsUnique();
            item.HasOne<ResponseTask>().WithMany().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Instruction>(item =>
        {
            item.HasIndex(i => new { i.RegionPath, i.Id });
            item.Property(i => i.Subject).HasMaxLength(200);
            item.Property(i => i.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(i => i.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Person>().WithMany().HasForeignKey(i => i.LeaderId).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(i => i.Assignments).WithOne().HasForeignKey(a => a.InstructionId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<InstructionAssignment>(item =>
        {
            item.HasIndex(a => a.TaskId);
            item.HasOne<ResponseTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Inspection>(item =>
        {
            item.Property(i => i.Title).HasMaxLength(200);
            item.Property(i => i.ChecklistId).HasMaxLength(60);
            item.Property(i => i.ChecklistName).HasMaxLength(100);
            item.Property(i => i.Clause).HasMaxLength(40);
            item.Property(i => i.InspectedUnit).HasMaxLength(100);
            item.Property(i => i.Place).HasMaxLength(200);
            item.HasIndex(i => new { i.RegionPath, i.ScheduledAt, i.Id });
            item.HasIndex(i => new { i.RegionCode, i.InspectedUnit });
            item.HasOne<UnitPreparedness>().WithMany().HasForeignKey(i => i.RegisterUnitId).OnDelete(DeleteBehavior.SetNull);
            item.Property(i => i.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(i => i.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(i => i.Inspectors).WithOne().HasForeignKey(a => a.InspectionId).OnDelete(DeleteBehavior.Cascade);
            item.HasMany(i => i.Findings).WithOne().HasForeignKey(f => f.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<InspectionInspector>(item => item.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict));
        builder.Entity<InspectionFinding>(item =>
        {
            item.Property(f => f.ItemId).HasMaxLength(60);
            item.Property(f => f.Clause).HasMaxLength(40);
            item.Property(f => f.Register).HasMaxLength(40);
            item.HasIndex(f => new { f.InspectionId, f.Number }).IsUnique();
            item.HasIndex(f => f.TaskId);
            item.Property(f => f.Version).IsConcurrencyToken();
            item.HasOne<ResponseTask>().WithMany().HasForeignKey(f => f.TaskId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<InspectionPhoto>(item =>
        {
            item.Property(p => p.Name).HasMaxLength(200);
            item.Property(p => p.ContentType).HasMaxLength(100);
            item.HasIndex(p => new { p.InspectionId, p.FindingId });
            item.HasOne<Inspection>().WithMany().HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne<InspectionFinding>().WithMany().HasForeignKey(p => p.FindingId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<InspectionAccountability>(item =>
        {
            item.Property(a => a.Who).HasMaxLength(100);
            item.Property(a => a.Unit).HasMaxLength(100);
            item.HasIndex(a => a.InspectionId);
            item.HasOne<Inspection>().WithMany().HasForeignKey(a => a.InspectionId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne<InspectionFinding>().WithMany().HasForeignKey(a => a.FindingId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Publication>(item =>
        {
            item.Property(p => p.Title).HasMaxLength(200);
            item.HasIndex(p => new { p.State, p.Kind, p.Id });
            item.HasIndex(p => new { p.RegionPath, p.Id });
            item.Property(p => p.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OpinionItem>(item =>
        {
            item.HasIndex(o => new { o.RegionPath, o.Id });
            item.HasIndex(o => new { o.State, o.Id });
            item.HasIndex(o => o.TaskId);
            item.HasIndex(o => o.RebuttalId);
            item.Property(o => o.Channel).HasMaxLength(200);
            item.Property(o => o.Link).HasMaxLength(500);
            item.Property(o => o.Handler).HasMaxLength(200);
            item.Property(o => o.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(o => o.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<ResponseTask>().WithMany().HasForeignKey(o => o.TaskId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne(o => o.Rebuttal).WithMany().HasForeignKey(o => o.RebuttalId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DailyReport>(item =>
        {
            item.HasIndex(r => new { r.RegionCode, r.Day, r.Kind }).IsUnique();
            item.HasIndex(r => new { r.Day, r.RegionPath });
            item.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<EvaluationReport>(item =>
        {
            item.HasIndex(r => r.DecisionId).IsUnique();
            item.Property(r => r.Version).IsConcurrencyToken();
            item.HasOne<ResponseDecision>().WithMany().HasForeignKey(r => r.DecisionId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Hospital>(item =>
        {
            item.Property(h => h.Name).HasMaxLength(100);
            item.Property(h => h.RetrofitNote).HasMaxLength(2000);
            item.Property(h => h.RegionPath).HasMaxLength(200);
            item.Property(h => h.UpdatedBy).HasMaxLength(100);
            item.Property(h => h.Version).IsConcurrencyToken();
            item.HasIndex(h => new { h.RegionCode, h.Name }).IsUnique();
            item.HasIndex(h => new { h.RegionPath, h.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(h => h.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Laboratory>(item =>
        {
            item.Property(l => l.Name).HasMaxLength(100);
            item.Property(l => l.RegionPath).HasMaxLength(200);
            item.Property(l => l.UpdatedBy).HasMaxLength(100);
            item.Property(l => l.Version).IsConcurrencyToken();
            item.HasIndex(l => new { l.RegionCode, l.Name }).IsUnique();
            item.HasIndex(l => new { l.RegionPath, l.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(l => l.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Hospital>().WithMany().HasForeignKey(l => l.HospitalId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<QuarantineSite>(item =>
        {
            item.Property(q => q.Name).HasMaxLength(100);
            item.Property(q => q.RegionPath).HasMaxLength(200);
            item.Property(q => q.UpdatedBy).HasMaxLength(100);
            item.Property(q => q.Version).IsConcurrencyToken();
            item.HasIndex(q => new { q.RegionCode, q.Name }).IsUnique();
            item.HasIndex(q => new { q.RegionPath, q.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(q => q.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SamplingSite>(item =>
        {
            item.Property(q => q.Name).HasMaxLength(100);
            item.Property(q => q.Address).HasMaxLength(200);
            item.Property(q => q.RegionPath).HasMaxLength(200);
            item.Property(q => q.UpdatedBy).HasMaxLength(100);
            item.Property(q => q.Version).IsConcurrencyToken();
            item.HasIndex(q => new { q.RegionCode, q.Name }).IsUnique();
            item.HasIndex(q => new { q.RegionPath, q.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(q => q.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<Region>().WithMany().HasForeignKey(q => q.PlaceCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Drill>(item =>
        {
            item.Property(d => d.Title).HasMaxLength(100);
            item.Property(d => d.Findings).HasMaxLength(2000);
            item.Property(d => d.RegionPath).HasMaxLength(200);
            item.Property(d => d.UpdatedBy).HasMaxLength(100);
            item.Property(d => d.Version).IsConcurrencyToken();
            item.HasIndex(d => new { d.RegionPath, d.ScheduledOn });
            item.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<UnitPreparedness>(item =>
        {
            item.Property(u => u.Name).HasMaxLength(100);
            item.Property(u => u.Responsible).HasMaxLength(50);
            item.Property(u => u.RegionPath).HasMaxLength(200);
            item.Property(u => u.UpdatedBy).HasMaxLength(100);
            item.Property(u => u.Version).IsConcurrencyToken();
            item.Ignore(u => u.FiveHaves);
            item.Ignore(u => u.ThreeStricts);
            item.HasIndex(u => new { u.RegionCode, u.Name }).IsUnique();
            item.HasIndex(u => new { u.RegionPath, u.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<VaccinationReport>(item =>
        {
            item.Property(v => v.RegionPath).HasMaxLength(200);
            item.Property(v => v.ReportedBy).HasMaxLength(100);
            // One report per county, group and day: a second the same day is refused, not added.
            item.HasIndex(v => new { v.RegionCode, v.Group, v.AsOf }).IsUnique();
            item.HasIndex(v => new { v.RegionPath, v.AsOf });
            item.HasOne<Region>().WithMany().HasForeignKey(v => v.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PriceReport>(item =>
        {
            item.Property(p => p.RegionPath).HasMaxLength(200);
            item.Property(p => p.ReportedBy).HasMaxLength(100);
            item.Property(p => p.Price).HasPrecision(10, 2);
            item.HasIndex(p => new { p.RegionCode, p.Item, p.ObservedOn }).IsUnique();
            item.HasIndex(p => new { p.RegionPath, p.ObservedOn });
            item.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Team>(item =>
        {
            item.Property(t => t.Name).HasMaxLength(100);
            item.Property(t => t.RegionPath).HasMaxLength(200);
            item.Property(t => t.UpdatedBy).HasMaxLength(100);
            item.Property(t => t.Version).IsConcurrencyToken();
            item.HasIndex(t => new { t.RegionCode, t.Name }).IsUnique();
            item.HasIndex(t => new { t.RegionPath, t.Name });
            item.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionCode).OnDelete(DeleteBehavior.Restrict);
            item.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<TeamMember>(item =>
        {
            item.Property(m => m.Role).HasMaxLength(50);
            item.HasIndex(m => new { m.TeamId, m.PersonId }).IsUnique();
            // A person on a roster stays a person: they are taken off the roster before they can be removed.
            item.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<TeamTraining>(item =>
        {
            item.Property(t => t.Note).HasMaxLength(2000);
            // The subjects by name ("CaseFinding, Sampling"): all nine fit, not the 30 of a single enum.
            item.Property(t => t.Topics).HasMaxLength(300);
            item.Property(t => t.RegionPath).HasMaxLength(200);
            item.Property(t => t.UpdatedBy).HasMaxLength(100);
            item.Property(t => t.Version).IsConcurrencyToken();
            item.HasIndex(t => new { t.RegionPath, t.HeldOn });
            item.HasIndex(t => new { t.TeamId, t.HeldOn });
            item.HasOne(t => t.Team).WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ReadinessSizing>(item =>
        {
            item.HasKey(s => s.RegionCode);
            item.Property(s => s.RegionPath).HasMaxLength(200);
            item.Property(s => s.UpdatedBy).HasMaxLength(100);
            item.Property(s => s.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ForecastSetting>(item =>
        {
            item.HasKey(s => s.RegionCode);
            item.Property(s => s.RegionPath).HasMaxLength(200);
            item.Property(s => s.UpdatedBy).HasMaxLength(100);
            item.Property(s => s.Version).IsConcurrencyToken();
            item.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<NormChange>(item =>
        {
            item.Property(c => c.RegionPath).HasMaxLength(200);
            item.Property(c => c.NormId).HasMaxLength(100);
            item.Property(c => c.Plan).HasMaxLength(100);
            item.Property(c => c.DetailZh).HasMaxLength(500);
            item.Property(c => c.DetailEn).HasMaxLength(500);
            item.HasIndex(c => new { c.RegionCode, c.NormId, c.Sequence }).IsUnique();
            item.HasIndex(c => c.RegionPath);
            item.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AuditEntry>(item =>
        {
            item.HasKey(e => e.Sequence);
            item.Property(e => e.Sequence).ValueGeneratedNever();
            item.Property(e => e.Actor).HasMaxLength(100);
            item.Property(e => e.Action).HasMaxLength(60);
            item.Property(e => e.SubjectType).HasMaxLength(40);
            item.Property(e => e.SubjectId).HasMaxLength(60);
            item.Property(e => e.PreviousHash).HasMaxLength(64);
            item.Property(e => e.Hash).HasMaxLength(64);
            item.Property(e => e.KeyId).HasMaxLength(AuditKeys.MaxIdLength);
            item.HasIndex(e => e.RegionPath);
        });
        builder.Entity<UnitWebhook>(item =>
        {
            item.Property(w => w.Unit).HasMaxLength(100);
            item.Property(w => w.Url).HasMaxLength(500);
            item.HasIndex(w => new { w.RegionCode, w.Unit }).IsUnique();
            item.HasOne<Region>().WithMany().HasForeignKey(w => w.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SupplyItem>(item =>
        {
            item.Property(i => i.Code).HasMaxLength(40);
            item.Property(i => i.Name).HasMaxLength(100);
            item.Property(i => i.Unit).HasMaxLength(20);
            item.Property(i => i.Spec).HasMaxLength(100);
            item.HasIndex(i => i.Code).IsUnique();
            item.HasIndex(i => new { i.Category, i.Code });
        });
        builder.Entity<Depot>(depot =>
        {
            depot.Property(d => d.Name).HasMaxLength(100);
            depot.Property(d => d.Address).HasMaxLength(200);
            depot.Property(d => d.KeepingUnit).HasMaxLength(100);
            depot.Property(d => d.RegionPath).HasMaxLength(200);
            depot.HasIndex(d => new { d.RegionCode, d.Name }).IsUnique();
            depot.HasIndex(d => d.RegionPath);
            depot.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StockLevel>(stock =>
        {
            stock.Property(s => s.RegionPath).HasMaxLength(200);
            stock.Property(s => s.Version).IsConcurrencyToken();
            stock.HasIndex(s => new { s.DepotId, s.ItemId }).IsUnique();
            stock.HasIndex(s => s.RegionPath);
            stock.HasOne(s => s.Depot).WithMany().HasForeignKey(s => s.DepotId).OnDelete(DeleteBehavior.Restrict);
            stock.HasOne(s => s.Item).WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StockMovement>(movement =>
        {
            movement.Property(m => m.RegionPath).HasMaxLength(200);
            movement.Property(m => m.Reason).HasMaxLength(200);
            movement.Property(m => m.Reference).HasMaxLength(100);
            movement.Property(m => m.By).HasMaxLength(100);
            movement.HasIndex(m => new { m.StockId, m.Id });
            movement.HasIndex(m => m.RegionPath);
            movement.HasOne<StockLevel>().WithMany().HasForeignKey(m => m.StockId).OnDelete(DeleteBehavior.Restrict);
            movement.HasOne<Depot>().WithMany().HasForeignKey(m => m.DepotId).OnDelete(DeleteBehavior.Restrict);
            movement.HasOne<SupplyItem>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SupportRequest>(request =>
        {
            request.Property(r => r.RegionPath).HasMaxLength(200);
            request.Property(r => r.WorkingGroup).HasMaxLength(100);
            request.Property(r => r.Clause).HasMaxLength(40);
            request.Property(r => r.Destination).HasMaxLength(200);
            request.Property(r => r.Reason).HasMaxLength(2000);
            request.Property(r => r.Grade).HasMaxLength(10);
            request.Property(r => r.ReadinessGaps).HasMaxLength(4000);
            request.Property(r => r.RequestedBy).HasMaxLength(100);
            request.Property(r => r.DecidedBy).HasMaxLength(100);
            request.Property(r => r.DecisionNote).HasMaxLength(2000);
            request.Property(r => r.EscalatedBy).HasMaxLength(100);
            request.Property(r => r.EscalationNote).HasMaxLength(2000);
            request.Property(r => r.DispatchedBy).HasMaxLength(100);
            request.Property(r => r.DispatchNote).HasMaxLength(2000);
            request.Property(r => r.ReceivedBy).HasMaxLength(100);
            request.HasIndex(r => r.RegionPath);
            request.HasIndex(r => new { r.WorkingGroup, r.State });
            request.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionCode).OnDelete(DeleteBehavior.Restrict);
            request.HasOne<Depot>().WithMany().HasForeignKey(r => r.ReceivingDepotId).OnDelete(DeleteBehavior.Restrict);
            request.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasMany(r => r.Teams).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.Property(r => r.Vehicle).HasMaxLength(100);
            request.Property(r => r.Driver).HasMaxLength(50);
            request.Property(r => r.DriverPhone).HasMaxLength(30);
            request.Property(r => r.Route).HasMaxLength(500);
            request.Property(r => r.RegionAnsweredBy).HasMaxLength(100);
            request.Property(r => r.RegionNote).HasMaxLength(2000);
            request.HasIndex(r => new { r.State, r.NeededBy });
        });
        builder.Entity<SupportTeam>(item =>
        {
            item.Property(t => t.TeamName).HasMaxLength(100);
            // No foreign key to the team: the record of who was sent outlives the team's removal from the register.
            item.HasIndex(t => new { t.RequestId, t.TeamId }).IsUnique();
        });
        builder.Entity<SupportLine>(line =>
        {
            line.HasIndex(l => new { l.RequestId, l.ItemId }).IsUnique();
            line.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            line.Property(l => l.ShortfallReason).HasMaxLength(500);
            line.HasMany(l => l.Substitutions).WithOne().HasForeignKey(s => s.LineId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SupportSubstitution>(substitution =>
        {
            substitution.HasIndex(s => new { s.LineId, s.ItemId });
            substitution.HasOne(s => s.Item).WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SupplySubstitute>(substitute =>
        {
            substitute.Property(s => s.RegionPath).HasMaxLength(200);
            substitute.Property(s => s.Note).HasMaxLength(500);
            substitute.Property(s => s.CreatedBy).HasMaxLength(100);
            substitute.HasIndex(s => new { s.RegionPath, s.ItemId, s.SubstituteId }).IsUnique();
            substitute.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
            substitute.HasOne(s => s.Item).WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Restrict);
            substitute.HasOne(s => s.Substitute).WithMany().HasForeignKey(s => s.SubstituteId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SupportOffer>(offer =>
        {
            offer.Property(o => o.RegionPath).HasMaxLength(200);
            offer.Property(o => o.RequestRegionPath).HasMaxLength(200);
            offer.Property(o => o.OfferedBy).HasMaxLength(100);
            offer.Property(o => o.Note).HasMaxLength(2000);
            offer.Property(o => o.DecidedBy).HasMaxLength(100);
            offer.Property(o => o.DecisionNote).HasMaxLength(2000);
            offer.HasIndex(o => o.RegionPath);
            offer.HasIndex(o => o.RequestRegionPath);
            offer.HasIndex(o => new { o.RequestId, o.State });
            offer.HasOne<SupportRequest>().WithMany().HasForeignKey(o => o.RequestId).OnDelete(DeleteBehavior.Cascade);
            offer.HasOne<Region>().WithMany().HasForeignKey(o => o.RegionCode).OnDelete(DeleteBehavior.Restrict);
            offer.HasOne<Depot>().WithMany().HasForeignKey(o => o.DepotId).OnDelete(DeleteBehavior.Restrict);
            offer.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OfferId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SupportVehicle>(vehicle =>
        {
            vehicle.Property(v => v.RegionPath).HasMaxLength(200);
            vehicle.Property(v => v.Plate).HasMaxLength(30);
            vehicle.Property(v => v.Driver).HasMaxLength(50);
            vehicle.Property(v => v.DriverPhone).HasMaxLength(30);
            vehicle.Property(v => v.CreatedBy).HasMaxLength(100);
            vehicle.HasIndex(v => v.RegionPath);
            vehicle.HasIndex(v => new { v.DepotId, v.Plate }).IsUnique();
            vehicle.HasOne(v => v.Depot).WithMany().HasForeignKey(v => v.DepotId).OnDelete(DeleteBehavior.Cascade);
            vehicle.HasOne<Region>().WithMany().HasForeignKey(v => v.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SupportOfferLine>(line =>
        {
            line.HasIndex(l => new { l.OfferId, l.ItemId }).IsUnique();
            line.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AppUser>(user => user.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionCode).OnDelete(DeleteBehavior.Restrict));
        builder.Entity<TaskDeadlineDefault>(item =>
        {
            item.HasKey(d => d.RegionCode);
            item.Property(d => d.RegionCode).HasMaxLength(20);
            item.Property(d => d.RegionPath).HasMaxLength(200);
            item.Property(d => d.SetBy).HasMaxLength(100);
            item.HasOne<Region>().WithMany().HasForeignKey(d => d.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PasswordHistoryEntry>(item =>
        {
            item.Property(e => e.PasswordHash).HasMaxLength(200);
            item.HasIndex(e => new { e.UserId, e.ReplacedAt });
            item.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>The lookup keys of a record about a person, each indexed: a search by ID number or phone is one index seek.</summary>
    private static void Lookups<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> item) where T : class, IPersonLookup
    {
        item.Property(r => r.ResidentIdKey).HasMaxLength(PersonLookup.KeyLength);
        item.Property(r => r.PhoneKey).HasMaxLength(PersonLookup.KeyLength);
        item.HasIndex(r => r.ResidentIdKey);
        item.HasIndex(r => r.PhoneKey);
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no date-time type: UTC instants are stored as ticks so that they sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    /// <summary>
    /// A search by prefix is a range in code point order (<see cref="PrefixRange"/>): <c>COLLATE "C"</c> here, whatever the
    /// database's collation, and the indexes that serve it are C-collated — the primary keys keep the database's collation,
    /// which a linguistic locale would make order differently from the range. Why C-collated indexes and not
    /// <c>text_pattern_ops</c>: the range's bounds are parameters, which a B-tree serves in any plan, while <c>LIKE $1</c>
    /// on a <c>text_pattern_ops</c> index is served only when the planner sees the pattern's value (a custom plan, not the
    /// generic plan of a prepared statement); and the same range runs on SQLite.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDbFunction(PrefixRange.BinaryMethod).HasTranslation(args => new Microsoft.EntityFrameworkCore.Query.SqlExpressions.CollateExpression(args[0], "C"));
        builder.Entity<CaseRecord>(item =>
        {
            item.HasIndex(c => c.PersonName).UseCollation("C");
            item.HasIndex(c => c.Id, "IX_Cases_Id_C").UseCollation("C");
        });
        builder.Entity<CloseContact>(item =>
        {
            item.HasIndex(c => c.PersonName).UseCollation("C");
            item.HasIndex(c => c.Id, "IX_Contacts_Id_C").UseCollation("C");
        });
    }
}
