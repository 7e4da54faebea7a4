using EpiCommand.Data.Identity;
using EpiCommand.Data.Organisation;
using EpiCommand.Data.Regions;
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
    public DbSet<LiaisonPerson> LiaisonPeople => Set<LiaisonPerson>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Region>(region =>
        {
            region.HasKey(r => r.Code);
            region.Property(r => r.Code).HasMaxLength(20);
            region.Property(r => r.Name).HasMaxLength(100);
            region.Property(r => r.NameEn).HasMaxLength(100);
            region.Property(r => r.ParentCode).HasMaxLength(20);
            region.Property(r => r.Path).HasMaxLength(200);
            region.Property(r => r.Level).HasConversion<string>().HasMaxLength(20);
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
        builder.Entity<LiaisonPerson>(person =>
        {
            person.Property(p => p.Phone).HasMaxLength(20);
            person.HasIndex(p => p.RegionCode);
            person.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode);
        });
        builder.Entity<AppUser>(user => user.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionCode).OnDelete(DeleteBehavior.Restrict));
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
