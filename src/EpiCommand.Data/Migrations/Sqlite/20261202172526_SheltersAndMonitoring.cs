using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SheltersAndMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IliReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HospitalId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IliVisits = table.Column<int>(type: "INTEGER", nullable: false),
                    Visits = table.Column<int>(type: "INTEGER", nullable: false),
                    AboveThreshold = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IliReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IliReports_Hospitals_HospitalId",
                        column: x => x.HospitalId,
                        principalTable: "Hospitals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IliReports_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PneumoniaReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HospitalId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    PatientRecord = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Onset = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PneumoniaReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PneumoniaReports_Hospitals_HospitalId",
                        column: x => x.HospitalId,
                        principalTable: "Hospitals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PneumoniaReports_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShelterHospitals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Beds = table.Column<int>(type: "INTEGER", nullable: false),
                    Staff = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Occupied = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShelterHospitals", x => x.Id);
                    table.CheckConstraint("CK_ShelterHospitals_Occupied", "\"Occupied\" >= 0 AND \"Occupied\" <= \"Beds\"");
                    table.ForeignKey(
                        name: "FK_ShelterHospitals_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShelterMovements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShelterId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    OccupiedAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShelterMovements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShelterMovements_ShelterHospitals_ShelterId",
                        column: x => x.ShelterId,
                        principalTable: "ShelterHospitals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IliReports_HospitalId_WeekStart",
                table: "IliReports",
                columns: new[] { "HospitalId", "WeekStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IliReports_RegionCode",
                table: "IliReports",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_IliReports_RegionPath_WeekStart",
                table: "IliReports",
                columns: new[] { "RegionPath", "WeekStart" });

            migrationBuilder.CreateIndex(
                name: "IX_PneumoniaReports_HospitalId",
                table: "PneumoniaReports",
                column: "HospitalId");

            migrationBuilder.CreateIndex(
                name: "IX_PneumoniaReports_RegionCode",
                table: "PneumoniaReports",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_PneumoniaReports_RegionPath_ReportedAt",
                table: "PneumoniaReports",
                columns: new[] { "RegionPath", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ShelterHospitals_RegionCode_Name",
                table: "ShelterHospitals",
                columns: new[] { "RegionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShelterHospitals_RegionPath_Status",
                table: "ShelterHospitals",
                columns: new[] { "RegionPath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ShelterMovements_ShelterId_Id",
                table: "ShelterMovements",
                columns: new[] { "ShelterId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IliReports");

            migrationBuilder.DropTable(
                name: "PneumoniaReports");

            migrationBuilder.DropTable(
                name: "ShelterMovements");

            migrationBuilder.DropTable(
                name: "ShelterHospitals");
        }
    }
}
